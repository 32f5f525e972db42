import { assert, expect } from 'chai';
import type { Knex } from 'knex';
import request from 'supertest';
import { PrivacyOptionsError, type DataSource as DataSourceInput, type SubjectKey } from '../index.js';
import { onEachDatabase } from './support/databases.js';
import { createHost } from './support/host.js';
import { testClock, testEpoch } from './support/clock.js';

/**
 * A shop shaped unlike ours (issue 19): an `address` table with no user id, no e-mail and no date,
 * pointed to by `users.address_id` and `orders.address_id`; order lines keyed by (order_id, line_no);
 * a loyalty provider reached by the card number kept on the user's row.
 */
async function createShopSchema(knex: Knex): Promise<void> {
  await knex.schema.createTable('address', (t) => {
    t.increments('id');
    t.string('full_name', 160).notNullable();
    t.string('street', 200).notNullable();
    t.string('city', 80).notNullable();
    t.string('postcode', 16).notNullable();
    t.string('country', 80).notNullable();
  });
  await knex.schema.createTable('users', (t) => {
    t.increments('id');
    t.string('email', 254).notNullable();
    t.string('card_no', 32);
    t.integer('address_id').unsigned().references('id').inTable('address');
  });
  await knex.schema.createTable('orders', (t) => {
    t.increments('id');
    t.integer('user_id').unsigned();
    t.string('email', 254).notNullable();
    t.string('number', 16).notNullable();
    t.integer('address_id').unsigned().references('id').inTable('address');
    t.datetime('created_at').notNullable();
  });
  await knex.schema.createTable('order_lines', (t) => {
    t.integer('order_id').unsigned().notNullable().references('id').inTable('orders');
    t.integer('line_no').notNullable();
    t.string('sku', 32).notNullable();
    t.integer('quantity').notNullable();
    t.primary(['order_id', 'line_no']);
  });
}

const address = {
  id: 'address',
  label: { lv: 'Adrese', en: 'Address' },
  table: 'address',
  column: 'address_id',
  columns: {
    full_name: { label: { lv: 'Vārds un uzvārds', en: 'Name' }, contact: 'full_name' as const },
    street: { label: { lv: 'Iela', en: 'Street' }, contact: 'street' as const },
    city: { label: { lv: 'Pilsēta', en: 'City' }, contact: 'city' as const },
    postcode: { label: { lv: 'Indekss', en: 'Postcode' }, contact: 'postcode' as const },
    country: { label: { lv: 'Valsts', en: 'Country' }, contact: 'country' as const },
  },
};

/** What the loyalty provider was asked to erase, and whether the card was still readable then. */
type Erased = { subject: SubjectKey; card: string | null };

function shopSources(erased: Erased[]): DataSourceInput[] {
  return [
    {
      id: 'users',
      label: { lv: 'Konts', en: 'Account' },
      purposes: ['purchase'],
      table: 'users',
      match: { email: 'email', customerId: 'id' },
      columns: { email: { label: { lv: 'E-pasts', en: 'E-mail' }, contact: 'email' } },
      erase: { action: 'delete' },
      links: [address],
    },
    {
      id: 'orders',
      label: { lv: 'Pasūtījumi', en: 'Orders' },
      purposes: ['purchase'],
      table: 'orders',
      match: { email: 'email', customerId: 'user_id' },
      columns: { email: { label: { lv: 'E-pasts', en: 'E-mail' }, anonymisedValue: '' } },
      alsoExport: { number: { lv: 'Numurs', en: 'Number' } },
      erase: { action: 'anonymise', keepFor: { years: 5, from: 'created_at' }, reason: { lv: 'Grāmatvedība', en: 'Accounting' } },
      links: [{ ...address, label: { lv: 'Piegādes adrese', en: 'Delivery address' } }],
      // Keyed by (order_id, line_no): found by the order alone, no `key` needed.
      children: [
        {
          id: 'order_lines',
          label: { lv: 'Rinda', en: 'Line' },
          table: 'order_lines',
          foreignKey: 'order_id',
          alsoExport: { sku: { lv: 'Kods', en: 'SKU' }, quantity: { lv: 'Daudzums', en: 'Quantity', as: 'number' } },
        },
      ],
    },
    {
      id: 'loyalty',
      label: { lv: 'Lojalitātes karte', en: 'Loyalty card' },
      purposes: ['purchase'],
      export: () => [],
      // The provider knows the card, not the person: the card number is on the user's row.
      async erase(subject, { trx }) {
        const row = subject.customerId === null ? undefined : await trx('users').where('id', subject.customerId).first('card_no');
        erased.push({ subject, card: (row?.card_no as string | undefined) ?? null });
        return { deleted: row ? 1 : 0 };
      },
    },
  ];
}

const years = (n: number) => new Date(Date.UTC(testEpoch.getUTCFullYear() - n, 5, 1));

/**
 * Anna (user 1) lives at address 1 and had one order sent there, one to her summer house (address 2)
 * and one as a gift to Juris (user 2, address 3). An order six years old went to address 4.
 */
async function seed(knex: Knex): Promise<void> {
  await knex('address').insert([
    { id: 1, full_name: 'Anna Bērziņa', street: 'Ūdeļu iela 5', city: 'Rīga', postcode: 'LV-1064', country: 'Latvija' },
    { id: 2, full_name: 'Anna Bērziņa', street: 'Jūras iela 2', city: 'Jūrmala', postcode: 'LV-2015', country: 'Latvija' },
    { id: 3, full_name: 'Juris Kalniņš', street: 'Brīvības iela 10', city: 'Rīga', postcode: 'LV-1010', country: 'Latvija' },
    { id: 4, full_name: 'Anna Bērziņa', street: 'Vecā iela 1', city: 'Cēsis', postcode: 'LV-4101', country: 'Latvija' },
  ]);
  await knex('users').insert([
    { id: 1, email: 'anna@example.lv', card_no: 'CARD-ANNA', address_id: 1 },
    { id: 2, email: 'juris@example.lv', card_no: 'CARD-JURIS', address_id: 3 },
  ]);
  await knex('orders').insert([
    { id: 1, user_id: 1, email: 'anna@example.lv', number: 'A-1', address_id: 1, created_at: years(1) },
    { id: 2, user_id: 1, email: 'anna@example.lv', number: 'A-2', address_id: 2, created_at: years(1) },
    { id: 3, user_id: 1, email: 'anna@example.lv', number: 'A-3', address_id: 3, created_at: years(1) },
    { id: 4, user_id: 1, email: 'anna@example.lv', number: 'A-4', address_id: 4, created_at: years(6) },
  ]);
  await knex('order_lines').insert([
    { order_id: 1, line_no: 1, sku: 'BRAKE-1', quantity: 2 },
    { order_id: 1, line_no: 2, sku: 'OIL-5W30', quantity: 1 },
    { order_id: 3, line_no: 1, sku: 'GIFT-9', quantity: 1 },
  ]);
}

const anna = { id: 1, email: 'anna@example.lv', emailVerified: true };

const shop = { currentCustomer: () => anna };

onEachDatabase('data sources reached through a link held elsewhere', (db) => {
  async function start(erased: Erased[] = [], options = {}) {
    await createShopSchema(db().knex);
    await seed(db().knex);
    return createHost(db().url, { ...shop, dataSources: shopSources(erased), ...options });
  }

  it('exports the linked address with the account and each order, and order lines keyed by two columns', async function () {
    const { app, privacy } = await start();
    try {
      const res = await request(app).get('/privacy/account/export.json?lang=en').expect(200);
      const body = JSON.parse(res.text) as {
        sources: {
          id: string;
          childLabels: Record<string, { label: string }>;
          rows: { values: Record<string, unknown>; children: Record<string, Record<string, unknown>[]> }[];
        }[];
      };
      const users = body.sources.find((s) => s.id === 'users');
      assert.exists(users, 'the account section');
      expect(users.rows).to.have.length(1);
      expect(users.rows[0]?.children.address).to.deep.equal([
        { full_name: 'Anna Bērziņa', street: 'Ūdeļu iela 5', city: 'Rīga', postcode: 'LV-1064', country: 'Latvija' },
      ]);
      const orders = body.sources.find((s) => s.id === 'orders');
      assert.exists(orders, 'the orders section');
      expect(orders.childLabels.address?.label).to.equal('Delivery address');
      expect(orders.rows.map((r) => [r.values.number, r.children.address?.[0]?.street])).to.deep.equal([
        ['A-1', 'Ūdeļu iela 5'],
        ['A-2', 'Jūras iela 2'],
        ['A-3', 'Brīvības iela 10'],
        ['A-4', 'Vecā iela 1'],
      ]);
      expect(orders.rows[0]?.children.order_lines).to.deep.equal([
        { sku: 'BRAKE-1', quantity: 2 },
        { sku: 'OIL-5W30', quantity: 1 },
      ]);
      const txt = await request(app).get('/privacy/account/export.txt').expect(200);
      expect(txt.text).to.contain('Piegādes adrese: Vārds un uzvārds: Anna Bērziņa; Iela: Jūras iela 2');
    } finally {
      await privacy.close();
    }
  });

  it("corrects the street on the account page in the linked rows that are the shopper's alone, never in one another person's row points to", async function () {
    const { app, privacy } = await start();
    try {
      const agent = request.agent(app);
      const page = await agent.get('/privacy/account').expect(200);
      const form = page.text.slice(page.text.indexOf('/privacy/account/rectify'));
      expect(form).to.contain('name="street"').and.contain('value="Ūdeļu iela 5"').and.contain('name="full_name"');
      const token = /name="_csrf" value="([^"]+)"/.exec(form)?.[1];
      assert.exists(token, 'the rectification form token');
      await agent.post('/privacy/account/rectify').type('form').send({ _csrf: token, street: 'Ūdeļu iela 7', email: anna.email }).expect(303);
      const streets = await db().knex('address').orderBy('id').pluck('street');
      // Juris's address (3) is his too: Anna's gift order points to it, but it is not hers to correct.
      expect(streets).to.deep.equal(['Ūdeļu iela 7', 'Ūdeļu iela 7', 'Brīvības iela 10', 'Ūdeļu iela 7']);
    } finally {
      await privacy.close();
    }
  });

  it('erases the addresses no other person points to, keeps orders anonymised without their link, and gives the custom source its keys first', async function () {
    const erased: Erased[] = [];
    const { privacy } = await start(erased);
    try {
      const preview = await privacy.previewErasure({ email: anna.email, customerId: '1' });
      expect(preview.find((line) => line.source === 'address')).to.include({ deleted: 3 });
      expect(erased, 'a preview calls no outside store').to.have.length(0);
      const report = await privacy.eraseSubject({ email: anna.email, customerId: '1' });
      expect(report.map((line) => [line.source, line.deleted, line.anonymised])).to.deep.equal([
        ['users', 1, 0],
        ['address', 3, 0],
        ['orders', 1, 3],
        ['loyalty', 1, 0],
      ]);
      // The loyalty provider was asked while the user's row (and its card number) was still there.
      expect(erased.map((e) => [e.subject.customerId, e.card])).to.deep.equal([['1', 'CARD-ANNA']]);
      expect(await db().knex('address').orderBy('id').pluck('id')).to.deep.equal([3]);
      expect(await db().knex('users').pluck('id')).to.deep.equal([2]);
      expect(await db().knex('orders').orderBy('id').select('id', 'email', 'address_id', 'user_id')).to.deep.equal([
        { id: 1, email: '', address_id: null, user_id: null },
        { id: 2, email: '', address_id: null, user_id: null },
        { id: 3, email: '', address_id: null, user_id: null },
      ]);
      expect(await db().knex('order_lines').count({ n: '*' })).to.deep.equal([{ n: 3 }]);
      // Again: nothing left, nothing changed.
      const again = await privacy.eraseSubject({ email: anna.email, customerId: '1' });
      expect(again.filter((line) => line.source !== 'loyalty').every((line) => line.deleted === 0 && line.anonymised === 0)).to.equal(true);
    } finally {
      await privacy.close();
    }
  });

  it("retention of the orders covers their delivery addresses: an old order's address goes when nothing else points to it", async function () {
    const clock = testClock();
    const { privacy } = await start([], { clock: clock.now });
    try {
      // Juris's gift order is old now too: his own row still points to address 3.
      await db()
        .knex('orders')
        .where('id', 3)
        .update({ created_at: years(6) });
      await privacy.retention.run();
      expect(await db().knex('orders').orderBy('id').select('id', 'address_id')).to.deep.equal([
        { id: 1, address_id: 1 },
        { id: 2, address_id: 2 },
        { id: 3, address_id: null },
        { id: 4, address_id: null },
      ]);
      expect(await db().knex('address').orderBy('id').pluck('id')).to.deep.equal([1, 2, 3]);
    } finally {
      await privacy.close();
    }
  });

  it('refuses a link id that a data source or another linked table already uses, naming the path', async function () {
    const [users, orders] = shopSources([]) as [DataSourceInput & { links: (typeof address)[] }, DataSourceInput & { links: (typeof address)[] }];
    const attempt = (dataSources: DataSourceInput[]) =>
      createHost(db().url, { ...shop, dataSources }).then(
        () => assert.fail('the options were accepted'),
        (err: unknown) => err,
      );
    const named = await attempt([users, { ...orders, links: [{ ...address, id: 'users' }] }]);
    expect(named)
      .to.be.instanceOf(PrivacyOptionsError)
      .with.property('message')
      .that.contains('dataSources[1].links[0].id: expected an id no data source uses');
    const another = await attempt([users, { ...orders, links: [{ ...address, id: 'delivery' }] }]);
    expect(another)
      .to.be.instanceOf(PrivacyOptionsError)
      .with.property('message')
      .that.contains('dataSources[1].links[0].id: expected "address": links into address share one id');
  });

  it('accepts a table source with no date column of its own and no retention', async function () {
    await db().knex.schema.createTable('wishlist', (t) => {
      t.integer('user_id').notNullable();
      t.string('sku', 32).notNullable();
      t.primary(['user_id', 'sku']);
    });
    await db().knex('wishlist').insert({ user_id: 1, sku: 'BRAKE-1' });
    const wishlist: DataSourceInput = {
      id: 'wishlist',
      label: { lv: 'Vēlmju saraksts', en: 'Wish list' },
      purposes: ['purchase'],
      table: 'wishlist',
      key: 'sku',
      match: { customerId: 'user_id' },
      columns: { sku: { label: { lv: 'Prece', en: 'Item' } } },
      erase: { action: 'delete' },
    };
    const { privacy } = await createHost(db().url, { ...shop, dataSources: [wishlist] });
    try {
      expect(privacy.retention.rules('en').map((rule) => rule.rule)).not.to.include('wishlist');
      const report = await privacy.eraseSubject({ email: anna.email, customerId: '1' });
      expect(report).to.deep.equal([{ source: 'wishlist', label: 'Vēlmju saraksts', deleted: 1, anonymised: 0, keptUntil: null, reason: null }]);
    } finally {
      await privacy.close();
    }
  });
});
