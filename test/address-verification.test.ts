import { createHash } from 'node:crypto';
import { assert, expect } from 'chai';
import request from 'supertest';
import { t } from '../examples/storefront/messages.js';
import { longAgo } from './support/clock.js';
import { onEachDatabase } from './support/databases.js';
import { awaitMail, pathOfLink, sentMail } from './support/outbox.js';
import { csrfOf, followVerificationLink, shopper, startShop, verificationLink } from './support/shop.js';

const liga = { email: 'liga@example.lv', first_name: 'Līga', last_name: 'Ozola', password: 'a long password' };
const tokenOf = (link: string) => {
  const token = new URL(link, 'http://shop.test').searchParams.get('token');
  assert.exists(token, `a token in ${link}`);
  return token;
};
/** A form posted with a valid CSRF token from any page of the shop (the footer's form has one), as a browser would after the page. */
async function send(browser: ReturnType<typeof shopper>, path: string, form: Record<string, string>, status: number) {
  const home = await browser.agent.get('/');
  return browser.agent
    .post(path)
    .type('form')
    .send({ _csrf: csrfOf(home.text, '/newsletter'), ...form })
    .expect(status);
}
/** A text as the shop's templates print it (handlebars escapes quotes and the like). */
const html = (text: string) => text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/'/g, '&#x27;').replace(/=/g, '&#x3D;');

onEachDatabase("the example shop proves a customer's address", (db) => {
  let shop: Awaited<ReturnType<typeof startShop>>;
  beforeEach(async function () {
    shop = await startShop(db().url);
  });
  afterEach(async function () {
    await shop.stop();
  });

  const verifiedAt = async (email: string) => (await db().knex('customers').where({ email }).first('email_verified_at')).email_verified_at;
  const proofs = async () => (await shop.privacy.audit.list()).filter((entry) => entry.action === 'subject.address_proven').length;

  it("e-mails a link at signup; opening it changes nothing, and the page's button proves the address", async function () {
    const browser = shopper(shop);
    await browser.post('/signup', liga).expect(303).expect('location', '/account');
    const mail = await awaitMail(shop.outboxDir, (m) => m.subject === t('lv', 'mail.verify.subject'));
    expect(mail.to).to.deep.equal([liga.email]);
    expect(mail.text)
      .to.contain(t('lv', 'mail.verify.greeting', { name: 'Līga' }))
      .and.to.contain(t('lv', 'mail.verify.expiry'));
    const link = pathOfLink(mail, '/account/verify');
    // Only the link's SHA-256 is kept, for 24 hours.
    const [stored] = await db().knex('customer_email_tokens').select();
    expect(stored.token_hash).to.equal(createHash('sha256').update(tokenOf(link)).digest('hex'));
    expect(JSON.stringify(stored)).not.to.contain(tokenOf(link)).and.not.to.contain(liga.email);
    const account = await browser.agent.get('/account').expect(200);
    expect(account.text).to.contain(html(t('lv', 'account.unverified', { email: liga.email })));

    // A mail scanner, then the shopper, open the link: a page with a button, nothing more.
    await request(shop.app).get(link).expect(200);
    const page = await browser.agent.get(link).expect(200);
    expect(page.text).to.contain(t('lv', 'verify.button')).and.not.to.contain(liga.email);
    expect(await verifiedAt(liga.email)).to.equal(null);
    expect(await db().knex('customer_email_tokens').whereNotNull('used_at').count({ n: '*' })).to.deep.equal([{ n: 0 }]);
    expect(await proofs()).to.equal(0);

    await followVerificationLink(browser, link);
    expect(await verifiedAt(liga.email)).not.to.equal(null);
    expect(await proofs()).to.equal(1);
    const done = await browser.agent.get('/account/verified').expect(200);
    expect(done.text).to.contain(t('lv', 'verify.done.title'));
    const after = await browser.agent.get('/account').expect(200);
    expect(after.text).not.to.contain(t('lv', 'account.resend'));
  });

  it("refuses a used, an expired and an unknown link with a page in the shopper's language, changing nothing", async function () {
    const browser = shopper(shop);
    await browser.post('/signup', liga).expect(303);
    const used = await verificationLink(shop, liga.email);
    await followVerificationLink(browser, used);
    const provenAt = await verifiedAt(liga.email);
    const again = await send(browser, '/account/verify', { token: tokenOf(used) }, 410);
    expect(again.text).to.contain(t('lv', 'verify.used.title')).and.to.contain(t('lv', 'verify.used.text'));
    expect((await browser.agent.get(`${used}&lang=en`).expect(410)).text).to.contain(t('en', 'verify.used.text'));
    expect(await verifiedAt(liga.email)).to.deep.equal(provenAt);
    expect(await proofs()).to.equal(1);

    const late = shopper(shop);
    await late.post('/signup', { ...liga, email: 'maris@example.lv' }).expect(303);
    const expired = await verificationLink(shop, 'maris@example.lv');
    await db().knex('customer_email_tokens').whereNull('used_at').update({ expires_at: longAgo });
    const page = await late.agent.get(`${expired}&lang=en`).expect(410);
    expect(page.text).to.contain(t('en', 'verify.expired.title')).and.not.to.contain(t('en', 'verify.button'));
    // The page's form posts in the page's language (its action carries ?lang=en).
    const refused = await send(late, '/account/verify?lang=en', { token: tokenOf(expired) }, 410);
    expect(refused.text).to.contain(t('en', 'verify.expired.text'));
    expect(await verifiedAt('maris@example.lv')).to.equal(null);
    expect(await db().knex('customer_email_tokens').whereNull('used_at').count({ n: '*' })).to.deep.equal([{ n: 1 }]);

    for (const token of ['A'.repeat(43), 'not-a-token', '']) {
      const unknown = await send(late, '/account/verify?lang=en', { token }, 404);
      expect(unknown.text).to.contain(t('en', 'verify.unknown.text'));
    }
    await request(shop.app).get('/account/verify').expect(404);
    expect(await proofs()).to.equal(1);
    // A forged post is refused before the link is even looked at.
    await request(shop.app)
      .post('/account/verify')
      .type('form')
      .send({ token: tokenOf(expired) })
      .expect(403);
  });

  it('shows an unverified customer none of a guest order placed with their address; proven, the order is theirs', async function () {
    const someone = shopper(shop);
    await someone.addToCart(1);
    await someone
      .post('/checkout', { email: liga.email, first_name: 'Kāds', last_name: 'Cits', phone: '+371 26 999 888', address: 'Zvejnieku iela 3, Liepāja' })
      .expect(303);
    const browser = shopper(shop);
    await browser.post('/signup', liga).expect(303);
    for (const path of ['/privacy/account', '/privacy/account/export.txt']) {
      const page = await browser.agent.get(path).expect(200);
      expect(page.text, path).to.contain(liga.email);
      for (const value of ['XP-10001', '+371 26 999 888', 'Zvejnieku iela 3', 'Cits']) expect(page.text, path).not.to.contain(value);
    }
    await followVerificationLink(browser, await verificationLink(shop, liga.email));
    for (const path of ['/privacy/account', '/privacy/account/export.txt']) {
      const page = await browser.agent.get(path).expect(200);
      for (const value of ['XP-10001', '+371 26 999 888', 'Zvejnieku iela 3']) expect(page.text, path).to.contain(value);
    }
  });

  it('proves the address from another browser too: the account there stops asking, and the link page asks no login', async function () {
    const browser = shopper(shop);
    await browser.post('/signup', liga).expect(303);
    const phone = shopper(shop);
    await followVerificationLink(phone, await verificationLink(shop, liga.email));
    expect((await phone.agent.get('/account/verified').expect(200)).text).to.contain('href="/login"');
    await phone.agent.get('/account').expect(303).expect('location', '/login');
    const account = await browser.agent.get('/account').expect(200);
    expect(account.text).not.to.contain(t('lv', 'account.resend'));
    expect(await verifiedAt(liga.email)).not.to.equal(null);
  });

  it('sends the link again from the account page, a few times an hour at most, and the newest link works', async function () {
    const browser = shopper(shop);
    await browser.post('/signup', liga).expect(303);
    for (let i = 0; i < 3; i++) await browser.post('/account/verify/resend', {}, '/account').expect(303).expect('location', '/account?verification=sent');
    const told = await browser.agent.get('/account?verification=sent').expect(200);
    expect(told.text).to.contain(t('lv', 'account.resent'));
    const tooMany = await browser.post('/account/verify/resend', {}, '/account').expect(429);
    expect(tooMany.text).to.contain(t('lv', 'account.resendTooMany'));
    const sent = (await sentMail(shop.privacy, shop.outboxDir)).filter((m) => m.subject === t('lv', 'mail.verify.subject'));
    expect(sent).to.have.length(4);
    await followVerificationLink(browser, await verificationLink(shop, liga.email));
    expect(await verifiedAt(liga.email)).not.to.equal(null);
    // Someone not logged in is sent to log in; nothing is mailed.
    expect((await send(shopper(shop), '/account/verify/resend', {}, 303)).headers.location).to.equal('/login');
    expect((await sentMail(shop.privacy, shop.outboxDir)).filter((m) => m.subject === t('lv', 'mail.verify.subject'))).to.have.length(4);
  });
});
