import { expect } from 'chai';
import type { Knex } from 'knex';
import { readOutbox } from '../../index.js';
import { translate } from '../../lib/i18n/index.js';
import { t as shopText } from '../../examples/storefront/messages.js';
import { onEachDatabase } from '../support/databases.js';
import { shopper, startShop } from '../support/shop.js';
import { staffBrowser } from '../support/staff.js';

type Shop = Awaited<ReturnType<typeof startShop>>;

const anna = { email: 'anna@example.lv', first_name: 'Anna', last_name: 'Bērziņa', phone: '+371 29 123 456', address: 'Brīvības iela 1, Rīga' };
const mallory = { email: 'mallory@example.lv', first_name: 'Mallory', last_name: 'Ļaunā', phone: '+371 29 666 666', address: 'Tumšā iela 13, Rīga' };

/**
 * Everything held about one person, row by row, as text: the module's records of their subjects
 * and the shop's rows by their address or account. An attack on them must leave this exactly as
 * it was. The audit trail is the controller's own log and may gain a note about them.
 */
async function rowsOf(knex: Knex, email: string): Promise<string> {
  const subjects = await knex('privacy_subjects').where({ email }).orderBy('id');
  const ids = subjects.map((s) => s.id as number);
  const customers = await knex('customers').where({ email }).orderBy('id');
  const customerIds = customers.map((c) => c.id as number);
  const orders = await knex('orders').where((q) => q.where({ email }).orWhereIn('customer_id', customerIds)).orderBy('id');
  const dump = {
    subjects,
    customers,
    orders,
    lines: await knex('order_lines').whereIn('order_id', orders.map((o) => o.id as number)).orderBy('id'),
    events: await knex('privacy_consent_events').whereIn('subject_id', ids).orderBy('id'),
    consents: await knex('privacy_consents').whereIn('subject_id', ids).orderBy(['subject_id', 'purpose']),
    tokens: await knex('privacy_tokens').whereIn('subject_id', ids).orderBy('id'),
    requests: await knex('privacy_requests').whereIn('subject_id', ids).orderBy('id'),
    newsletter: await knex('newsletter_subscribers').where({ email }).orderBy('email'),
  };
  return JSON.stringify(dump);
}

onEachDatabase('cross-account identity', (db) => {
  let shop: Shop;
  beforeEach(async function () {
    shop = await startShop(db().url);
  });
  afterEach(async function () {
    await shop.stop();
  });

  /** Anna: a customer with an order, an account and a consent given at checkout. */
  async function annaShops() {
    const browser = shopper(shop);
    await browser.addToCart(1);
    await browser.post('/checkout', { ...anna, consent_social_advertising: 'on' }).expect(303);
    await browser.post('/signup', { email: anna.email, first_name: anna.first_name, last_name: anna.last_name, password: 'anna long password' }).expect(303);
    return browser;
  }

  it('finds no one by a look-alike address, and mails a link only to an address as stored, byte for byte', async function () {
    await annaShops();
    const before = await rowsOf(db().knex, anna.email);
    const stranger = shopper(shop);
    for (const lookAlike of ['ánna@example.lv', 'anna@exämple.lv', 'ANNA@EXAMPLE.LV'.replace('A', 'Á')]) {
      await stranger.post('/privacy/request', { type: 'access', email: lookAlike }, '/privacy/request').expect(200);
    }
    expect((await readOutbox(shop.outboxDir)).filter((m) => m.subject.includes('apstipriniet') || m.text.includes('/privacy/request/verify'))).to.deep.equal([]);
    expect(await shop.privacy.consents.allows('ánna@example.lv', 'social_advertising')).to.equal(false);
    expect(await shop.privacy.holds('ánna@example.lv')).to.equal(false);
    expect(await rowsOf(db().knex, anna.email)).to.equal(before);
    // The address itself, in any case, is Anna's: the link goes to her address as stored.
    await stranger.post('/privacy/request', { type: 'access', email: 'ANNA@Example.lv' }, '/privacy/request').expect(200);
    const [link] = (await readOutbox(shop.outboxDir)).filter((m) => m.text.includes('/privacy/request/verify'));
    expect(link?.to).to.deep.equal([anna.email]);
  });

  it('refuses an address with characters nobody sees, saying so, on every form that takes one', async function () {
    const browser = await annaShops();
    const before = await rowsOf(db().knex, anna.email);
    const hidden = 'an\u200bna@example.lv';
    const request = await shopper(shop).post('/privacy/request', { type: 'access', email: hidden }, '/privacy/request').expect(422);
    expect(request.text).to.contain(translate('lv', 'rectify.invalid.emailInvisible'));
    const rectified = await browser.post('/privacy/account/rectify', { email: 'anna\u202e@example.lv' }, '/privacy/account').expect(422);
    expect(rectified.text).to.contain(translate('lv', 'rectify.invalid.emailInvisible'));
    const guest = shopper(shop);
    await guest.addToCart(1);
    const checkout = await guest.post('/checkout', { ...mallory, email: 'mal\u00adlory@example.lv' }).expect(422);
    expect(checkout.text).to.contain(shopText('lv', 'field.emailInvisible'));
    expect(await db().knex('privacy_subjects').where('email', 'like', '%lory%').count({ n: '*' })).to.deep.equal([{ n: 0 }]);
    expect(await rowsOf(db().knex, anna.email)).to.equal(before);
  });

  it('tells a shopper whose extended request is refused the refusal\'s reason, not the extension\'s (Art. 12(4))', async function () {
    const zane = shopper(shop);
    await zane.addToCart(1);
    await zane.post('/checkout', { ...anna, email: 'zane@example.lv' }).expect(303);
    await zane.post('/signup', { email: 'zane@example.lv', first_name: 'Zane', last_name: 'Liepiņa', password: 'a long password' }).expect(303);
    await zane.post('/privacy/account/object/legitimate', { purpose: 'cctv', reason: 'The camera films me while I sign.' }, '/privacy/account?lang=en').expect(303);
    const request = await db().knex('privacy_requests').where({ type: 'objection' }).first();
    const staff = await staffBrowser(shop);
    const path = `/privacy/staff/requests/${request.id}`;
    await staff.post(`${path}/extend`, { months: '1', reason: 'The footage is with our security contractor.' }, path).expect(303);
    await staff.post(`${path}/refuse`, { reason: 'The camera protects customers; your situation does not outweigh that.' }, path).expect(303);
    const refused = (await readOutbox(shop.outboxDir)).find((m) => m.subject === `Your request no. ${request.id} was refused`);
    expect(refused?.text).to.contain('The camera protects customers; your situation does not outweigh that.');
    expect(refused?.text).not.to.contain('security contractor');
  });
});


