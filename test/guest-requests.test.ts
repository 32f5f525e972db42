import { assert, expect } from 'chai';
import { onEachDatabase } from './support/databases.js';
import { longAgo } from './support/clock.js';
import { shopper, startShop } from './support/shop.js';
import { staffBrowser } from './support/staff.js';
import { sentMail } from './support/outbox.js';

const anna = { email: 'anna.berzina@example.lv', first_name: 'Anna', last_name: 'Bērziņa', phone: '+371 29 123 456', address: 'Ūdeļu iela 5, Rīga, LV-1064' };
const modulesTables = ['privacy_requests', 'privacy_tokens', 'privacy_subjects', 'privacy_audit'];

onEachDatabase('guest requests verified by e-mail', (db) => {
  let shop: Awaited<ReturnType<typeof startShop>>;
  beforeEach(async function () {
    shop = await startShop(db().url);
  });
  afterEach(async function () {
    await shop.stop();
  });

  async function guestOrder(): Promise<void> {
    const guest = shopper(shop);
    await guest.addToCart(1, 2);
    await guest.post('/checkout', anna).expect(303);
  }

  /** Asks for a right on the request page in a fresh browser and returns it with the token mailed. */
  async function ask(type: string, email = anna.email, lang = '') {
    const browser = shopper(shop);
    const sentBefore = (await sentMail(shop.privacy, shop.outboxDir)).length;
    const page = await browser.post(`/privacy/request${lang}`, { type, email }, `/privacy/request${lang}`).expect(200);
    const mails = await sentMail(shop.privacy, shop.outboxDir);
    // Newest first.
    const mail = mails.length > sentBefore ? mails[0] : undefined;
    const token = mail ? /request\/verify\?token=([A-Za-z0-9_-]{43})/.exec(mail.text)?.[1] : undefined;
    return { browser, page, mail, token };
  }

  async function snapshot() {
    const counts: Record<string, unknown> = {};
    for (const table of modulesTables) counts[table] = await db().knex(table).select().orderBy('id');
    counts.outbox = (await sentMail(shop.privacy, shop.outboxDir)).length;
    return counts;
  }

  it('lets a guest download the TXT export and erase themselves from the e-mail alone; staff see the request and its due date', async function () {
    await guestOrder();
    const { browser, page, mail, token } = await ask('access');
    expect(page.text).to.contain('Pārbaudiet savu e-pastu');
    expect(mail?.to).to.deep.equal([anna.email]);
    expect(mail?.subject).to.equal('Apstipriniet savu pieprasījumu xparts.lv');
    expect(token, 'a link in the e-mail').to.be.a('string');
    assert.exists(token, 'a link in the e-mail');

    // The link opens a page with a button: a mail scanner fetching it spends nothing.
    await browser.agent.get(`/privacy/request/verify?token=${token}`).expect(200);
    await browser.agent.get(`/privacy/request/verify?token=${token}`).expect(200);
    await browser.post('/privacy/request/verify', { token }, `/privacy/request/verify?token=${token}`).expect(303).expect('location', '/privacy/account');

    const [request] = await db().knex('privacy_requests').select();
    expect(request).to.include({ type: 'access', status: 'open', channel: 'guest' });
    const staff = await staffBrowser(shop);
    const queue = await staff.agent.get('/privacy/staff').expect(200);
    const due = new Date(request.due_at);
    expect(queue.text).to.contain(`>${request.id}</a>`).and.to.contain('Piekļuve datiem un to kopija');
    expect(queue.text).to.contain(new Intl.DateTimeFormat('lv-LV', { day: '2-digit', month: '2-digit', year: 'numeric', timeZone: 'UTC' }).format(due));
    expect(due.getTime() - new Date(request.received_at).getTime()).to.be.within(28 * 86400000, 31 * 86400000 + 1000);

    const account = await browser.agent.get('/privacy/account').expect(200);
    expect(account.text).to.contain('Bērziņa').and.to.contain('Aizvērt manu datu lapu');
    const txt = await browser.agent.get('/privacy/account/export.txt').expect(200);
    for (const value of ['Anna', 'Bērziņa', '+371 29 123 456', 'Ūdeļu iela 5, Rīga, LV-1064', 'XP-10001']) expect(txt.text).to.contain(value);
    expect(await db().knex('privacy_requests').where({ id: request.id }).first()).to.include({ status: 'done' });

    await browser.post('/privacy/account/erase', { confirm: 'yes' }, '/privacy/account/erase').expect(200);
    expect(await db().knex('orders').first()).to.include({ email: '', last_name: '', phone: '' });
    // The session ended with the data; the requests stay as proof, without the address.
    await browser.agent.get('/privacy/account').expect(303).expect('location', '/privacy/request');
    const requests = await db().knex('privacy_requests').select('type', 'status', 'email').orderBy('id');
    expect(requests).to.deep.equal([
      { type: 'access', status: 'done', email: null },
      { type: 'erasure', status: 'done', email: null },
    ]);
    expect(await shop.privacy.audit.verify()).to.include({ ok: true });
    const actions = (await shop.privacy.audit.list()).map((entry) => entry.action);
    expect(actions).to.include.members(['request.received', 'request.verified', 'request.done', 'subject.erased']);
    // Which recipients the erasure must be passed on to (Art. 19) is recorded with it.
    const erased = (await shop.privacy.audit.list()).find((entry) => entry.action === 'subject.erased');
    expect(erased?.details?.recipientsToTell).to.include.members(['communication', 'it_support']);
  });

  it('answers an unknown e-mail exactly as a known one, records nothing about it, and tells only its mailbox that nothing is held', async function () {
    await guestOrder();
    const known = await ask('erasure');
    const before = await snapshot();
    const unknown = await ask('erasure', 'nobody@example.lv');
    const strip = (html: string) =>
      html
        .replace(/value="[^"]*"/g, '')
        .replace(/nonce-[^'"]+|nonce="[^"]*"/g, '')
        .replace(/anna\.berzina@example\.lv|nobody@example\.lv/g, 'EMAIL');
    expect(strip(unknown.page.text)).to.equal(strip(known.page.text));
    // Both mailboxes hear back, so neither the page nor the mail traffic tells a known address from an unknown one.
    assert.exists(unknown.mail, 'the note to the unknown address');
    expect(unknown.mail.to).to.deep.equal(['nobody@example.lv']);
    expect(unknown.mail.subject).to.equal('Jūsu pieprasījums xparts.lv');
    expect(unknown.mail.text).to.contain('Par šo e-pasta adresi mums nav nekādu personas datu').and.not.to.contain('token=');
    const after = await snapshot();
    expect(after.outbox).to.equal(Number(before.outbox) + 1);
    expect({ ...after, outbox: before.outbox }).to.deep.equal(before);
    // Once sent, the outbox keeps no address either.
    expect(await db().knex('privacy_outbox').whereNot({ recipient: '' }).count({ n: '*' })).to.deep.equal([{ n: 0 }]);
  });

  it('refuses expired, reused and forged links cleanly and changes nothing', async function () {
    await guestOrder();
    const forged = shopper(shop);
    await forged.agent.get('/privacy/request/verify?token=not-a-token').expect(404);
    const before = await snapshot();
    const fake = await forged.post('/privacy/request/verify', { token: 'A'.repeat(43) }, '/privacy/request/verify?token=' + 'A'.repeat(43)).expect(404);
    expect(fake.text).to.contain('Saite nav derīga');
    expect(await snapshot()).to.deep.equal(before);

    const expired = await ask('access');
    await db().knex('privacy_tokens').where({ kind: 'request_verify' }).update({ expires_at: longAgo });
    const beforeExpired = await snapshot();
    assert.exists(expired.token, 'a link in the e-mail');
    const late = await expired.browser.post('/privacy/request/verify', { token: expired.token }, `/privacy/request/verify?token=${expired.token}`).expect(410);
    expect(late.text).to.contain('Saite vairs nav derīga');
    expect(String(late.headers['set-cookie'] ?? '')).not.to.contain('privacy_guest=');
    expect(await snapshot()).to.deep.equal(beforeExpired);
    await expired.browser.agent.get('/privacy/account').expect(303);

    const fresh = await ask('access');
    assert.exists(fresh.token, 'a link in the e-mail');
    await fresh.browser.post('/privacy/request/verify', { token: fresh.token }, `/privacy/request/verify?token=${fresh.token}`).expect(303);
    const other = shopper(shop);
    const beforeReuse = await snapshot();
    const reused = await other.post('/privacy/request/verify', { token: fresh.token }, `/privacy/request/verify?token=${fresh.token}`).expect(410);
    expect(reused.text).to.contain('Saite jau ir izmantota');
    expect(await snapshot()).to.deep.equal(beforeReuse);
    await other.agent.get('/privacy/account').expect(303);
  });

  it('shows a verified guest only their own data and requests, whatever the URL says', async function () {
    await guestOrder();
    const peteris = shopper(shop);
    await peteris.addToCart(2, 1);
    await peteris
      .post('/checkout', { ...anna, email: 'peteris@example.lv', first_name: 'Pēteris', last_name: 'Kalniņš', phone: '+371 26 000 000' })
      .expect(303);
    const annaAsks = await ask('objection');
    assert.exists(annaAsks.token, 'a link in the e-mail');
    await annaAsks.browser.post('/privacy/request/verify', { token: annaAsks.token }, `/privacy/request/verify?token=${annaAsks.token}`).expect(303);
    const peterisAsks = await ask('restriction', 'peteris@example.lv');
    assert.exists(peterisAsks.token, 'a link in the e-mail');
    await peterisAsks.browser.post('/privacy/request/verify', { token: peterisAsks.token }, `/privacy/request/verify?token=${peterisAsks.token}`).expect(303);
    const peterisRequest = await db().knex('privacy_requests').where({ type: 'restriction' }).first();
    for (const url of [
      '/privacy/account',
      `/privacy/account?request=${peterisRequest.id}`,
      '/privacy/account?email=peteris@example.lv',
      '/privacy/account/export.json?subject=2',
    ]) {
      const res = await annaAsks.browser.agent.get(url).expect(200);
      expect(res.text, url).to.contain('Bērziņa');
      // (The banner's return link may echo the URL typed; the data it names must not appear.)
      expect(res.text, url).not.to.contain('Kalniņš').and.not.to.contain('+371 26 000 000').and.not.to.contain('Pēteris');
      expect(res.text, url).not.to.contain(`Nr. ${peterisRequest.id}`);
    }
    // The staff pages are not the shopper's: another person's request is a 404 like any unknown page.
    await annaAsks.browser.agent.get(`/privacy/staff/requests/${peterisRequest.id}`).expect(404);
  });

  it('limits how often links are sent, per address and per IP, in the shared database', async function () {
    await guestOrder();
    for (let i = 0; i < 5; i += 1) await ask('access');
    const sent = (await sentMail(shop.privacy, shop.outboxDir)).length;
    const limited = shopper(shop);
    const refused = await limited.post('/privacy/request', { type: 'access', email: ' Anna.Berzina@EXAMPLE.lv ' }, '/privacy/request').expect(429);
    expect(refused.text).to.contain('Pārāk daudz pieprasījumu');
    expect((await sentMail(shop.privacy, shop.outboxDir)).length).to.equal(sent);
    // The counters hold neither the address nor the IP.
    const keys = (await db().knex('privacy_rate_limits').select('key')).map((row) => row.key as string).join(' ');
    expect(keys).not.to.contain('anna').and.not.to.contain('127.0.0.1');
  });

  it("answers bad input in the shopper's language and sends nothing", async function () {
    const browser = shopper(shop);
    const before = await snapshot();
    const lv = await browser.post('/privacy/request', { type: 'teleport', email: 'not an address' }, '/privacy/request').expect(422);
    expect(lv.text).to.contain('Izvēlieties, ko vēlaties darīt.').and.to.contain('Ievadiet derīgu e-pasta adresi.');
    const en = await browser.post('/privacy/request?lang=en', { type: 'access', email: 'anna@' }, '/privacy/request?lang=en').expect(422);
    expect(en.text).to.contain('Please correct what is marked. Nothing was sent.');
    await browser.agent.post('/privacy/request').type('form').send({ type: 'access', email: anna.email }).expect(403);
    expect(await snapshot()).to.deep.equal(before);
  });
});
