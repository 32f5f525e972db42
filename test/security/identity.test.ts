import fs from 'node:fs';
import { assert, expect } from 'chai';
import type { Knex } from 'knex';
import { translate } from '../../lib/i18n/index.js';
import { t as shopText } from '../../examples/storefront/messages.js';
import { allTables, onEachDatabase } from '../support/databases.js';
import { csrfOf, grantStaff, pressLinkButton, shopper, startShop } from '../support/shop.js';
import { staffBrowser } from '../support/staff.js';
import { sentMail } from '../support/outbox.js';

type Shop = Awaited<ReturnType<typeof startShop>>;

const anna = { email: 'anna@example.lv', first_name: 'Anna', last_name: 'Bērziņa', phone: '+371 29 123 456', address: 'Brīvības iela 1, Rīga' };
const mallory = { email: 'mallory@example.lv', first_name: 'Mallory', last_name: 'Ļaunā', phone: '+371 29 666 666', address: 'Tumšā iela 13, Rīga' };

/**
 * Everything held about one person, row by row, as text: the module's records of their subjects
 * and the shop's rows by their address or account. An attack on them must leave this exactly as
 * it was. The audit trail is the controller's own log and may gain a note about them.
 */
async function rowsOf(knex: Knex, email: string): Promise<unknown> {
  const customers = await knex('customers').where({ email }).orderBy('id');
  const customerIds = customers.map((c) => c.id as number);
  // The address's own record, and the records of her accounts; another customer's claim to her address is theirs.
  const subjects = await knex('privacy_subjects')
    .where({ email })
    .where((q) => q.where({ customer_key: '' }).orWhereIn('customer_id', customerIds.map(String)))
    .orderBy('id');
  const ids = subjects.map((s) => s.id as number);
  // Her orders: her account's, and those placed with her address by no account (a guest's).
  const orders = await knex('orders')
    .where((q) => q.where({ email, customer_id: null }).orWhereIn('customer_id', customerIds))
    .orderBy('id');
  const dump = {
    subjects,
    customers,
    orders,
    lines: await knex('order_lines')
      .whereIn(
        'order_id',
        orders.map((o) => o.id as number),
      )
      .orderBy('id'),
    events: await knex('privacy_consent_events').whereIn('subject_id', ids).orderBy('id'),
    consents: await knex('privacy_consents').whereIn('subject_id', ids).orderBy(['subject_id', 'purpose']),
    tokens: await knex('privacy_tokens').whereIn('subject_id', ids).orderBy('id'),
    requests: await knex('privacy_requests').whereIn('subject_id', ids).orderBy('id'),
    newsletter: await knex('newsletter_subscribers').where({ email }).orderBy('email'),
  };
  // Every value as the database gave it, serialised: equal means byte for byte the same.
  return JSON.parse(JSON.stringify(dump));
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

  /** Mallory: a customer of her own, logged in. */
  async function malloryLogsIn() {
    const browser = shopper(shop);
    await browser
      .post('/signup', { email: mallory.email, first_name: mallory.first_name, last_name: mallory.last_name, password: 'mallory long password' })
      .expect(303);
    return browser;
  }

  it("never re-links a customer's records to another customer who checks out with their address", async function () {
    const annasBrowser = await annaShops();
    const before = await rowsOf(db().knex, anna.email);
    const attacker = await malloryLogsIn();
    await attacker.addToCart(2);
    await attacker.post('/checkout', { ...mallory, email: anna.email, consent_social_advertising: 'on', consent_newsletter: 'on' }).expect(303);
    expect(await rowsOf(db().knex, anna.email)).to.deep.equal(before);
    // Mallory's privacy page is hers: her own order, none of Anna's.
    const page = await attacker.agent.get('/privacy/account').expect(200);
    expect(page.text).to.contain(mallory.email).and.not.to.contain(anna.last_name).and.not.to.contain(anna.address);
    // Her checkout's answers are hers, recorded against her own record.
    const { id: malloryId } = await db().knex('customers').where({ email: mallory.email }).first('id');
    const theirs = await db()
      .knex('privacy_subjects')
      .where({ customer_id: String(malloryId) })
      .first();
    expect((await db().knex('privacy_consents').where({ subject_id: theirs.id, purpose: 'social_advertising' }).first())?.granted).to.be.oneOf([true, 1]);
    // Staff see that another account used Anna's address.
    const { id: annaId } = await db().knex('customers').where({ email: anna.email }).first('id');
    const { id: annas } = await db()
      .knex('privacy_subjects')
      .where({ customer_id: String(annaId) })
      .first('id');
    expect((await shop.privacy.audit.list()).filter((e) => e.action === 'subject.address_used_by_another' && e.subjectId === annas)).to.have.length(1);
    const lookup = await (await staffBrowser(shop)).agent.get(`/privacy/staff/lookup?email=${encodeURIComponent(anna.email)}`).expect(200);
    expect(lookup.text).to.contain(translate('lv', 'staff.lookup.notes')).and.to.contain(translate('lv', 'staff.lookup.claims'));
    // Erasing "her own" account leaves Anna whole.
    await attacker.post('/privacy/account/erase', { confirm: 'yes' }, '/privacy/account/erase').expect(200);
    expect(await rowsOf(db().knex, anna.email)).to.deep.equal(before);
    const annasPage = await annasBrowser.agent.get('/privacy/account').expect(200);
    expect(annasPage.text).to.contain(anna.last_name);
  });

  it('shows, exports and erases rows found by address alone only once the address is proven', async function () {
    // Anna bought as a guest and never made an account; Mallory signs up with her address.
    const guest = shopper(shop);
    await guest.addToCart(1);
    await guest.post('/checkout', { ...anna, consent_social_advertising: 'on' }).expect(303);
    const before = await rowsOf(db().knex, anna.email);
    const stranger = shopper(shop);
    await stranger.post('/signup', { email: anna.email, first_name: 'Not', last_name: 'Anna', password: 'a long password' }).expect(303);
    const page = await stranger.agent.get('/privacy/account').expect(200);
    expect(page.text).not.to.contain(anna.address).and.not.to.contain(anna.phone);
    expect(page.text).to.contain(translate('lv', 'account.prove.title'));
    const json = await stranger.agent.get('/privacy/account/export.json').expect(200);
    expect(json.text).not.to.contain(anna.address).and.not.to.contain('XP-');
    const txt = await stranger.agent.get('/privacy/account/export.txt').expect(200);
    expect(txt.text).not.to.contain(anna.address);
    await stranger.post('/privacy/account/consents', { purpose: 'social_advertising', answer: 'withdraw' }, '/privacy/account').expect(303);
    await stranger.post('/privacy/account/restrict', { answer: 'restrict' }, '/privacy/account').expect(303);
    await stranger.post('/privacy/account/erase', { confirm: 'yes' }, '/privacy/account/erase').expect(200);
    expect(await rowsOf(db().knex, anna.email)).to.deep.equal(before);
    expect(await db().knex('privacy_suppressions').count({ n: '*' })).to.deep.equal([{ n: 0 }]);
  });

  it('follows its own record after a confirmed change of address, not a session that still holds the old one', async function () {
    const browser = await annaShops();
    await browser.post('/privacy/account/rectify', { email: 'anna.new@example.lv' }, '/privacy/account').expect(303);
    const mail = (await sentMail(shop.privacy, shop.outboxDir)).find((m) => m.to.includes('anna.new@example.lv'));
    assert.exists(mail, 'the confirmation e-mail');
    const link = /\/privacy\/account\/email\/confirm\?token=[\w-]{43}/.exec(mail.text)?.[0];
    assert.exists(link, 'the confirmation link');
    expect((await pressLinkButton(shop.app, link, { agent: browser.agent })).status).to.equal(200);
    // The example's session still says anna@example.lv.
    const page = await browser.agent.get('/privacy/account').expect(200);
    expect(page.text).to.contain('anna.new@example.lv');
    await browser.post('/privacy/account/erase', { confirm: 'yes' }, '/privacy/account/erase').expect(200);
    const report = (await sentMail(shop.privacy, shop.outboxDir)).find((m) => m.subject.includes('dzēsti'));
    expect(report?.to).to.deep.equal(['anna.new@example.lv']);
  });

  /** The module's own proof of an address: the guests' link, followed while logged in. */
  async function proveAddress(browser: ReturnType<typeof shopper>, email: string) {
    const page = await browser.agent.get('/privacy/account').expect(200);
    expect(page.text).to.contain(translate('lv', 'account.prove.title'));
    await browser.post('/privacy/request', { type: 'access', email }, '/privacy/account').expect(200);
    const mail = (await sentMail(shop.privacy, shop.outboxDir)).find((m) => m.to.includes(email) && m.text.includes('/privacy/request/verify?token='));
    assert.exists(mail, 'the verification e-mail');
    const link = /\/privacy\/request\/verify\?token=[\w-]{43}/.exec(mail.text)?.[0];
    assert.exists(link, 'the verification link');
    const token = link.split('token=')[1];
    assert.exists(token, 'the token in the link');
    await browser.post('/privacy/request/verify', { token }, link).expect(303);
    expect((await browser.agent.get('/privacy/account').expect(200)).text).not.to.contain(translate('lv', 'account.prove.title'));
  }

  it('loads no tag and starts no mailing for a customer who restricted processing, until it is lifted (Art. 18)', async function () {
    const browser = await annaShops();
    await proveAddress(browser, anna.email);
    await browser.post('/privacy/cookies', { choice: 'accept', return_to: '/' }, '/').expect(303);
    expect((await browser.agent.get('/').expect(200)).text)
      .to.contain('/analytics.js')
      .and.to.contain('/advertising.js');
    await browser.post('/privacy/account/restrict', { answer: 'restrict' }, '/privacy/account').expect(303);
    const restricted = await browser.agent.get('/').expect(200);
    expect(restricted.text).not.to.contain('/analytics.js').and.not.to.contain('/advertising.js');
    // A newsletter sign-up while restricted: kept, and waiting.
    await browser.post('/newsletter', { email: anna.email, consent_newsletter: 'yes' }, '/').expect(200);
    const mail = (await sentMail(shop.privacy, shop.outboxDir)).find((m) => m.to.includes(anna.email) && m.text.includes('/privacy/newsletter/confirm?token='));
    assert.exists(mail, 'the confirmation e-mail');
    const link = /\/privacy\/newsletter\/confirm\?token=[\w-]{43}/.exec(mail.text)?.[0];
    assert.exists(link, 'the confirmation link');
    const confirm = await pressLinkButton(shop.app, link, { agent: browser.agent });
    expect(confirm.status).to.equal(200);
    expect(confirm.text).to.contain(translate('lv', 'newsletter.confirmed.restricted'));
    expect(await db().knex('newsletter_subscribers').where({ email: anna.email }).count({ n: '*' })).to.deep.equal([{ n: 0 }]);
    expect((await browser.agent.get('/privacy/account').expect(200)).text).to.contain(translate('lv', 'account.consent.waiting'));
    await browser.post('/privacy/account/restrict', { answer: 'lift' }, '/privacy/account').expect(303);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await db().knex('newsletter_subscribers').where({ email: anna.email }).count({ n: '*' })).to.deep.equal([{ n: 1 }]);
    expect((await browser.agent.get('/').expect(200)).text).to.contain('/advertising.js');
  });

  it("takes a banner click as the browser's answer only: no account consent, no objection undone (Art. 7(2), 21(3))", async function () {
    const browser = await annaShops();
    await proveAddress(browser, anna.email);
    await browser.post('/privacy/account/object', {}, '/privacy/account').expect(303);
    const states = await db().knex('privacy_consents').orderBy(['subject_id', 'purpose']).select();
    const subjects = await db().knex('privacy_subjects').orderBy('id').select();
    await browser.post('/privacy/cookies', { choice: 'accept', return_to: '/' }, '/').expect(303);
    expect(await db().knex('privacy_consents').orderBy(['subject_id', 'purpose']).select()).to.deep.equal(states);
    expect(await db().knex('privacy_subjects').orderBy('id').select()).to.deep.equal(subjects);
    const home = await browser.agent.get('/').expect(200);
    expect(home.text).to.contain('/analytics.js').and.not.to.contain('/advertising.js');
    // The preference centre says where the account's own consents are changed.
    const centre = await browser.agent.get('/privacy/cookies').expect(200);
    expect(centre.text).to.contain(translate('lv', 'cookies.accountNote')).and.to.contain('href="/privacy/account"');
  });

  it('leaves nothing of an erased person behind: no table row and, on SQLite, no byte of the file holds them', async function () {
    const person = {
      email: 'annele.k@example.lv',
      first_name: 'Annele',
      last_name: 'Kalniņa-Bērziņa',
      phone: '+371 29 987 654',
      address: 'Ūdens iela 77, Cēsis',
    };
    const userAgent = 'AnneleBrowser/7.1';
    const browser = shopper(shop);
    // A banner answer before she logs in, from her own browser.
    const home = await browser.agent.get('/').set('User-Agent', userAgent).expect(200);
    await browser.agent
      .post('/privacy/cookies')
      .set('User-Agent', userAgent)
      .type('form')
      .send({ _csrf: csrfOf(home.text, '/privacy/cookies'), choice: 'accept', return_to: '/' })
      .expect(303);
    await browser.addToCart(1);
    await browser.post('/checkout', { ...person, consent_social_advertising: 'on' }).expect(303);
    await browser
      .post('/signup', { email: person.email, first_name: person.first_name, last_name: person.last_name, password: 'annele long password' })
      .expect(303);
    await proveAddress(browser, person.email);
    // A second device, logged in as her too.
    const phone = shopper(shop);
    await phone.post('/login', { email: person.email, password: 'annele long password' }, '/login').expect(303);
    // A request staff extended and answered, naming her in their words.
    await browser
      .post(
        '/privacy/account/object/legitimate',
        { purpose: 'cctv', reason: `I, ${person.first_name} ${person.last_name}, object to the camera.` },
        '/privacy/account',
      )
      .expect(303);
    const request = await db().knex('privacy_requests').where({ type: 'objection' }).first();
    const staff = await staffBrowser(shop);
    const path = `/privacy/staff/requests/${request.id}`;
    await staff.post(`${path}/extend`, { months: '1', reason: `Footage of ${person.last_name} is with our contractor.` }, path).expect(303);
    await staff.post(`${path}/complete`, { note: `Camera turned away from ${person.first_name}'s usual spot.` }, path).expect(303);

    await browser.post('/privacy/account/erase', { confirm: 'yes' }, '/privacy/account/erase').expect(200);
    expect((await phone.agent.get('/account')).status, 'the second device is logged out').to.equal(303);

    // Her erasure report (and the answers staff sent her) wait in the outbox only until the worker sends them.
    await shop.privacy.mail.drain();
    const traces = [person.email, person.first_name, person.last_name, person.phone, person.address, userAgent];
    const everything = JSON.stringify(await Promise.all((await allTables(db().knex)).map(async (table) => [table, await db().knex(table).select()])));
    for (const trace of traces) expect(everything, `a table still holds "${trace}"`).not.to.contain(trace);
    if (db().url.startsWith('sqlite:')) {
      await db().knex.raw('PRAGMA wal_checkpoint(TRUNCATE)');
      const file = db().url.slice('sqlite:'.length);
      const bytes = Buffer.concat([fs.readFileSync(file), fs.existsSync(`${file}-wal`) ? fs.readFileSync(`${file}-wal`) : Buffer.alloc(0)]);
      for (const trace of traces) expect(bytes.includes(Buffer.from(trace, 'utf8')), `the database file still holds "${trace}"`).to.equal(false);
    }
    // What the law keeps stays: the order, anonymised, and the request as proof it was answered.
    expect(await db().knex('orders').where({ email: '' }).count({ n: '*' })).to.deep.equal([{ n: 1 }]);
    expect(await db().knex('privacy_requests').where({ id: request.id }).first()).to.include({
      status: 'done',
      email: null,
      outcome: null,
      extension_reason: null,
    });
  });

  it('opens the staff pages only to a customer an operator granted the role, never to an address typed at signup', async function () {
    const before = await db().knex('privacy_audit').count({ n: '*' });
    const impostor = shopper(shop);
    await impostor.post('/signup', { email: 'staff@xparts.lv', first_name: 'Not', last_name: 'Staff', password: 'a long password' }).expect(303);
    for (const url of ['/privacy/staff', '/privacy/staff/lookup?email=anna@example.lv', '/privacy/staff/records']) await impostor.agent.get(url).expect(404);
    expect(await db().knex('privacy_audit').count({ n: '*' })).to.deep.equal(before);
    await grantStaff(shop, 'staff@xparts.lv');
    await impostor.agent.get('/privacy/staff').expect(200);
  });

  it('finds no one by a look-alike address, and mails a link only to an address as stored, byte for byte', async function () {
    await annaShops();
    const before = await rowsOf(db().knex, anna.email);
    const stranger = shopper(shop);
    for (const lookAlike of ['ánna@example.lv', 'anna@exämple.lv', 'ANNA@EXAMPLE.LV'.replace('A', 'Á')]) {
      await stranger.post('/privacy/request', { type: 'access', email: lookAlike }, '/privacy/request').expect(200);
    }
    expect(
      (await sentMail(shop.privacy, shop.outboxDir)).filter((m) => m.subject.includes('apstipriniet') || m.text.includes('/privacy/request/verify')),
    ).to.deep.equal([]);
    expect(await shop.privacy.consents.allows('ánna@example.lv', 'social_advertising')).to.equal(false);
    expect(await shop.privacy.holds('ánna@example.lv')).to.equal(false);
    expect(await rowsOf(db().knex, anna.email)).to.deep.equal(before);
    // The address itself, in any case, is Anna's: the link goes to her address as stored.
    await stranger.post('/privacy/request', { type: 'access', email: 'ANNA@Example.lv' }, '/privacy/request').expect(200);
    const [link] = (await sentMail(shop.privacy, shop.outboxDir)).filter((m) => m.text.includes('/privacy/request/verify'));
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
    expect(await rowsOf(db().knex, anna.email)).to.deep.equal(before);
  });

  it("tells a shopper whose extended request is refused the refusal's reason, not the extension's (Art. 12(4))", async function () {
    const zane = shopper(shop);
    await zane.addToCart(1);
    await zane.post('/checkout', { ...anna, email: 'zane@example.lv' }).expect(303);
    await zane.post('/signup', { email: 'zane@example.lv', first_name: 'Zane', last_name: 'Liepiņa', password: 'a long password' }).expect(303);
    await zane
      .post('/privacy/account/object/legitimate', { purpose: 'cctv', reason: 'The camera films me while I sign.' }, '/privacy/account?lang=en')
      .expect(303);
    const request = await db().knex('privacy_requests').where({ type: 'objection' }).first();
    const staff = await staffBrowser(shop);
    const path = `/privacy/staff/requests/${request.id}`;
    await staff.post(`${path}/extend`, { months: '1', reason: 'The footage is with our security contractor.' }, path).expect(303);
    await staff.post(`${path}/refuse`, { reason: 'The camera protects customers; your situation does not outweigh that.' }, path).expect(303);
    const refused = (await sentMail(shop.privacy, shop.outboxDir)).find((m) => m.subject === `Your request no. ${request.id} was refused`);
    expect(refused?.text).to.contain('The camera protects customers; your situation does not outweigh that.');
    expect(refused?.text).not.to.contain('security contractor');
  });
});
