import { assert, expect } from 'chai';
import request from 'supertest';
import { onEachDatabase } from './support/databases.js';
import { createHost } from './support/host.js';

/** A shop that keeps one name column, not a first and a last name (issue 19: no full-name contact field). */
const members = {
  id: 'members',
  label: { lv: 'Klubs', en: 'Club' },
  purposes: ['registration'],
  table: 'members',
  match: { email: 'email', customerId: 'customer_id' },
  columns: {
    email: { label: { lv: 'E-pasts', en: 'E-mail' }, contact: 'email' as const },
    name: { label: { lv: 'Vārds un uzvārds', en: 'Name' }, contact: 'full_name' as const },
  },
  erase: { action: 'delete' as const },
};

onEachDatabase('a full-name contact field', (db) => {
  it('shows the full name on the account page and corrects it in the column that holds it', async function () {
    await db().knex.schema.createTable('members', (table) => {
      table.increments('id');
      table.string('customer_id', 32);
      table.string('email', 254).notNullable();
      table.string('name', 160).notNullable();
    });
    await db().knex('members').insert({ customer_id: '7', email: 'ilze@example.lv', name: 'Ilze Kalniņa' });
    const customer = { id: 7, email: 'ilze@example.lv', emailVerified: true };
    const { app, privacy } = await createHost(db().url, { dataSources: [members], currentCustomer: () => customer });
    try {
      const agent = request.agent(app);
      const page = await agent.get('/privacy/account').expect(200);
      expect(page.text).to.contain('name="full_name"').and.contain('value="Ilze Kalniņa"').and.contain('Vārds un uzvārds');
      const token = /name="_csrf" value="([^"]+)"/.exec(page.text.slice(page.text.indexOf('/privacy/account/rectify')))?.[1];
      assert.exists(token, 'the rectification form token');
      const corrected = await agent
        .post('/privacy/account/rectify')
        .type('form')
        .send({ _csrf: token, full_name: 'Ilze Ozola', email: customer.email })
        .expect(303);
      expect(await db().knex('members').first('name')).to.deep.equal({ name: 'Ilze Ozola' });
      const location = corrected.headers.location;
      assert.exists(location, 'where the corrected form leads');
      expect((await agent.get(location).expect(200)).text).to.contain('Jūsu dati ir izlaboti: vārds un uzvārds.');
      // A line break is refused here as in every one-line field.
      await agent.post('/privacy/account/rectify').type('form').send({ _csrf: token, full_name: 'Ilze\nOzola' }).expect(422);
    } finally {
      await privacy.close();
    }
  });
});
