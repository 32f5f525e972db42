import { assert, expect } from 'chai';
import request from 'supertest';
import { onEachDatabase } from './support/databases.js';
import { createHost } from './support/host.js';

/** Shops whose schema is not first name, last name, one address line (issue 19: no full-name field, no address parts). */
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

onEachDatabase('contact fields as the shop keeps them', (db) => {
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

  it('offers the address parts a source keeps (street, postcode, city, country), each corrected in its own column, and only those', async function () {
    await db().knex.schema.createTable('addresses', (table) => {
      table.increments('id');
      table.string('customer_id', 32);
      table.string('email', 254).notNullable();
      table.string('street', 200).notNullable();
      table.string('zip', 16).notNullable();
      table.string('city', 80).notNullable();
      table.string('country', 80).notNullable();
    });
    await db()
      .knex('addresses')
      .insert({ customer_id: '8', email: 'juris@example.lv', street: 'Ūdeļu iela 5', zip: 'LV-1064', city: 'Rīga', country: 'Latvija' });
    const addresses = {
      id: 'addresses',
      label: { lv: 'Adreses', en: 'Addresses' },
      purposes: ['registration'],
      table: 'addresses',
      match: { email: 'email', customerId: 'customer_id' },
      columns: {
        email: { label: { lv: 'E-pasts', en: 'E-mail' }, contact: 'email' as const },
        street: { label: { lv: 'Iela', en: 'Street' }, contact: 'street' as const },
        zip: { label: { lv: 'Indekss', en: 'Postcode' }, contact: 'postcode' as const },
        city: { label: { lv: 'Pilsēta', en: 'City' }, contact: 'city' as const },
        country: { label: { lv: 'Valsts', en: 'Country' }, contact: 'country' as const },
      },
      erase: { action: 'delete' as const },
    };
    const customer = { id: 8, email: 'juris@example.lv', emailVerified: true };
    const { app, privacy } = await createHost(db().url, { dataSources: [addresses], currentCustomer: () => customer });
    try {
      const agent = request.agent(app);
      const page = await agent.get('/privacy/account').expect(200);
      const form = page.text.slice(page.text.indexOf('/privacy/account/rectify'));
      for (const field of ['street', 'postcode', 'city', 'country', 'email']) expect(form, field).to.contain(`name="${field}"`);
      // What no source keeps is not offered: nothing would be corrected.
      for (const field of ['full_name', 'first_name', 'last_name', 'phone', 'address']) expect(form, field).not.to.contain(`name="${field}"`);
      const token = /name="_csrf" value="([^"]+)"/.exec(form)?.[1];
      assert.exists(token, 'the rectification form token');
      await agent
        .post('/privacy/account/rectify')
        .type('form')
        .send({ _csrf: token, street: 'Brīvības iela 10', postcode: 'LV-1010', city: 'Rīga', country: 'Latvija', email: customer.email })
        .expect(303);
      expect(await db().knex('addresses').first('street', 'zip', 'city')).to.deep.equal({ street: 'Brīvības iela 10', zip: 'LV-1010', city: 'Rīga' });
      await agent.post('/privacy/account/rectify').type('form').send({ _csrf: token, postcode: 'not a code!' }).expect(422);
    } finally {
      await privacy.close();
    }
  });
});
