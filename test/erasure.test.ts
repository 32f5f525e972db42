import { expect } from 'chai';
import type { Knex } from 'knex';
import { createPrivacy } from '../index.js';
import { shopDataSources } from '../examples/storefront/data-sources.js';
import { allTables, onEachDatabase } from './support/databases.js';
import { shopper, signUpVerified, startShop } from './support/shop.js';
import { testSecret } from './support/secret.js';
import { xpartsShop } from './support/shop-options.js';
import { sentMail } from './support/outbox.js';

const anna = { email: 'anna.berzina@example.lv', first_name: 'Anna', last_name: 'Bērziņa', phone: '+371 29 123 456', address: 'Ūdeļu iela 5, Rīga, LV-1064' };
const personal = ['anna.berzina@example.lv', 'Bērziņa', '+371 29 123 456', 'Ūdeļu iela 5'];

/** Every row of every table, as text: where a person's data could hide. */
async function everyRow(knex: Knex): Promise<Record<string, string>> {
  const names = await allTables(knex);
  const dump: Record<string, string> = {};
  for (const name of names) dump[name] = JSON.stringify(await knex(name).select()).toLowerCase();
  return dump;
}

onEachDatabase('erasure', (db) => {
  let shop: Awaited<ReturnType<typeof startShop>>;
  beforeEach(async function () {
    shop = await startShop(db().url);
  });
  afterEach(async function () {
    await shop.stop();
  });

  /** A guest order, then an account for the same address, proven by the shop's e-mailed link. */
  async function annaWithEverything() {
    const browser = shopper(shop);
    await browser.addToCart(1, 2);
    await browser.post('/checkout', { ...anna, email: 'Anna.Berzina@Example.lv', consent_newsletter: 'yes' }).expect(303);
    const account = shopper(shop);
    await signUpVerified(shop, account, {
      email: anna.email,
      first_name: 'Anna',
      last_name: 'Bērziņa',
      password: 'a long password',
      consent_social_advertising: 'yes',
    });
    return account;
  }

  it('asks for confirmation, then erases everything but what the law keeps, reports it and logs the shopper out', async function () {
    const browser = await annaWithEverything();
    const confirm = await browser.agent.get('/privacy/account/erase').expect(200);
    expect(confirm.text).to.contain('Vai tiešām dzēst Jūsu datus?');
    expect(confirm.text).to.contain('Konts: dzēsti ieraksti – 1');
    expect(confirm.text).to.contain('Pasūtījumi: anonimizēti paturēti ieraksti – 1');
    expect(confirm.text).to.contain('Grāmatvedības likuma 28. pants');
    // Without the tick nothing happens.
    await browser.post('/privacy/account/erase', {}, '/privacy/account/erase').expect(422);
    expect(await db().knex('customers').count({ n: '*' })).to.deep.equal([{ n: 1 }]);

    const done = await browser.post('/privacy/account/erase', { confirm: 'yes' }, '/privacy/account/erase').expect(200);
    expect(done.text).to.contain('Jūsu dati ir dzēsti');
    await browser.agent.get('/account').expect(303).expect('location', '/login');

    // The report waits in the outbox only until the worker sends it; then no table holds the address.
    await shop.privacy.mail.drain();
    const dump = await everyRow(db().knex);
    for (const [table, rows] of Object.entries(dump)) {
      for (const value of personal) expect(rows, `${table} still holds ${value}`).not.to.contain(value.toLowerCase());
    }
    const order = await db().knex('orders').first();
    expect(order).to.include({
      number: 'XP-10001',
      email: '',
      first_name: '',
      last_name: '',
      phone: '',
      address: '',
      customer_id: null,
      total_cents: 2 * 3890,
    });
    expect(await db().knex('order_lines').count({ n: '*' })).to.deep.equal([{ n: 1 }]);
    // One hashed entry per consent purpose (newsletter, advertising, analytics): no import brings the address back.
    expect(await db().knex('privacy_suppressions').count({ n: '*' })).to.deep.equal([{ n: 3 }]);

    const report = (await sentMail(shop.privacy, shop.outboxDir)).find((m) => m.subject === 'Jūsu dati xparts.lv ir dzēsti');
    expect(report?.to).to.deep.equal([anna.email]);
    expect(report?.text).to.contain('Pasūtījumi: anonimizēti paturēti ieraksti – 1');
    expect(report?.headers['list-unsubscribe']).to.equal(undefined);
  });

  it('finds nothing left the second time and changes nothing', async function () {
    await annaWithEverything();
    await shop.privacy.eraseSubject(anna.email);
    const before = await everyRow(db().knex);
    const again = await shop.privacy.eraseSubject(anna.email);
    expect(again.every((line) => line.deleted === 0 && line.anonymised === 0)).to.equal(true);
    const after = await everyRow(db().knex);
    expect(after).to.deep.equal(before);
  });

  it('leaves everything as it was when a source fails halfway', async function () {
    await annaWithEverything();
    const before = await everyRow(db().knex);
    const failing = createPrivacy({
      db: db().url,
      secret: testSecret,
      ...xpartsShop,
      dataSources: [
        ...shopDataSources,
        {
          id: 'mailing_provider',
          label: { lv: 'Pasta serviss', en: 'Mail service' },
          purposes: ['newsletter'],
          export: async () => [],
          erase: async () => {
            throw new Error('provider unreachable');
          },
        },
      ],
    });
    let failure: unknown;
    try {
      await failing.eraseSubject(anna.email);
    } catch (err) {
      failure = err;
    }
    await failing.close();
    expect((failure as Error)?.message).to.equal('provider unreachable');
    expect(await everyRow(db().knex)).to.deep.equal(before);
  });
});
