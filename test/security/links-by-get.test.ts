import { assert, expect } from 'chai';
import request from 'supertest';
import { translate } from '../../lib/i18n/index.js';
import { onEachDatabase } from '../support/databases.js';
import { everyTable } from '../support/retention-seed.js';
import { awaitMail, pathOfLink } from '../support/outbox.js';
import { formOf, shopper, signUpVerified, startShop } from '../support/shop.js';

/**
 * Mail scanners open every link in an e-mail, by HEAD or GET, before the person reads it. If
 * opening the link did the change, confirmed opt-in would be confirmed by the scanner. So no
 * GET or HEAD changes anything: the page shows a button, and the POST (CSRF-protected) does it.
 */
onEachDatabase('links in e-mails opened by a scanner', (db) => {
  let shop: Awaited<ReturnType<typeof startShop>>;
  beforeEach(async function () {
    shop = await startShop(db().url);
  });
  afterEach(async function () {
    await shop.stop();
  });

  /** HEAD and GET on the link change no row in any table; the GET page has a button posting the token with CSRF. */
  async function openedByScanner(link: string, action: string): Promise<void> {
    const before = await everyTable(db().knex);
    await request(shop.app).head(link).set('User-Agent', 'SafeLinks scanner');
    await request(shop.app).get(link).set('User-Agent', 'SafeLinks scanner').expect(200);
    const page = await request(shop.app).get(link).expect(200);
    expect(await everyTable(db().knex)).to.deep.equal(before);
    const form = formOf(page.text, action);
    expect(form.token).to.match(/\S{20,}/);
    const token = new URL(link, 'http://shop.test').searchParams.get('token');
    assert.exists(token, 'a token in the link');
    expect(page.text).to.match(/<form[^>]*method="post"/);
    expect(page.text).to.contain(`name="token" value="${token}"`);
    expect(page.text).to.match(/<button[^>]*type="submit"/);
  }

  it('the newsletter confirmation link records consent only when its button is pressed, once', async function () {
    await shop.privacy.hooks.newsletterSignup({ email: 'marta@example.lv', locale: 'lv' });
    const mail = await awaitMail(shop.outboxDir, (m) => m.to.includes('marta@example.lv'));
    const link = pathOfLink(mail, '/privacy/newsletter/confirm');
    await openedByScanner(link, '/privacy/newsletter/confirm');
    expect(await shop.privacy.consents.allows('marta@example.lv', 'newsletter')).to.equal(false);

    const browser = shopper(shop);
    const { target, token: csrf } = formOf((await browser.agent.get(link).expect(200)).text, '/privacy/newsletter/confirm');
    const token = new URL(link, 'http://shop.test').searchParams.get('token') ?? '';
    const done = await browser.agent.post(target).type('form').send({ _csrf: csrf, token }).expect(200);
    expect(done.text).to.contain(translate('lv', 'newsletter.confirmed.title'));
    expect(await shop.privacy.consents.allows('marta@example.lv', 'newsletter')).to.equal(true);
    expect(await db().knex('privacy_consent_events').where({ event: 'granted' }).count({ n: '*' })).to.deep.equal([{ n: 1 }]);
    // Pressed twice (or posted again), the link is used: it says so and records nothing more.
    const again = await browser.agent.post(target).type('form').send({ _csrf: csrf, token }).expect(410);
    expect(again.text).to.contain(translate('lv', 'token.used.title'));
    await request(shop.app).get(link).expect(410);
    // Without the CSRF token, a post from another site does nothing.
    await request(shop.app).post('/privacy/newsletter/confirm').type('form').send({ token }).expect(403);
    expect(await db().knex('privacy_consent_events').where({ event: 'granted' }).count({ n: '*' })).to.deep.equal([{ n: 1 }]);
  });

  it('the unsubscribe link withdraws only when its button is pressed; the RFC 8058 one-click POST still works', async function () {
    await shop.privacy.consents.grant('rasma@example.lv', 'newsletter', { source: 'account' });
    const first = await shop.privacy.newsletter.unsubscribeLink('rasma@example.lv');
    const link = first.url.replace('http://shop.test', '');
    await openedByScanner(link, '/privacy/newsletter/unsubscribe');
    expect(await shop.privacy.consents.allows('rasma@example.lv', 'newsletter')).to.equal(true);

    const browser = shopper(shop);
    const { target, token: csrf } = formOf((await browser.agent.get(link).expect(200)).text, '/privacy/newsletter/unsubscribe');
    const token = new URL(link, 'http://shop.test').searchParams.get('token') ?? '';
    const done = await browser.agent.post(target).type('form').send({ _csrf: csrf, token }).expect(200);
    expect(done.text).to.contain(translate('lv', 'newsletter.unsubscribed.title'));
    expect(await shop.privacy.consents.allows('rasma@example.lv', 'newsletter')).to.equal(false);
    // Pressed again, or the link opened again, it changes nothing and says the address is unsubscribed, which it is.
    await browser.agent.post(target).type('form').send({ _csrf: csrf, token }).expect(200);
    const opened = await request(shop.app).get(link).expect(200);
    expect(opened.text).to.contain(translate('lv', 'newsletter.unsubscribed.title'));
    expect(await db().knex('privacy_consent_events').where({ event: 'withdrawn' }).count({ n: '*' })).to.deep.equal([{ n: 1 }]);
    // Without the CSRF token, a post from another site does nothing.
    await request(shop.app).post('/privacy/newsletter/unsubscribe').type('form').send({ token }).expect(403);

    // The mail client's one-click POST carries the token in the URL and no CSRF token.
    await shop.privacy.consents.grant('rasma@example.lv', 'newsletter', { source: 'account' });
    const oneClick = await shop.privacy.newsletter.unsubscribeLink('rasma@example.lv');
    const oneClickTarget = oneClick.url.replace('http://shop.test', '');
    await request(shop.app).post(oneClickTarget).type('form').send('List-Unsubscribe=One-Click').expect(200);
    expect(await shop.privacy.consents.allows('rasma@example.lv', 'newsletter')).to.equal(false);
  });

  it('the e-mail change link moves the customer only when its button is pressed, once', async function () {
    const browser = shopper(shop);
    await signUpVerified(shop, browser, { email: 'anna@example.lv', first_name: 'Anna', last_name: 'Bērziņa', password: 'a long password' });
    await browser.post('/privacy/account/rectify', { email: 'anna.ozola@example.lv' }, '/privacy/account').expect(303);
    const mail = await awaitMail(shop.outboxDir, (m) => m.to[0] === 'anna.ozola@example.lv');
    const link = pathOfLink(mail, '/privacy/account/email/confirm');
    await openedByScanner(link, '/privacy/account/email/confirm');
    expect(await db().knex('customers').first('email')).to.deep.equal({ email: 'anna@example.lv' });

    const token = new URL(link, 'http://shop.test').searchParams.get('token') ?? '';
    const done = await browser.post('/privacy/account/email/confirm', { token }, link).expect(200);
    expect(done.text).to.contain('anna.ozola@example.lv');
    expect(await db().knex('customers').first('email')).to.deep.equal({ email: 'anna.ozola@example.lv' });
    expect(await db().knex('privacy_subjects').pluck('email')).to.deep.equal(['anna.ozola@example.lv']);
    // A used link shows no button any more: it says so.
    const used = await request(shop.app).get(link).expect(410);
    expect(used.text).to.contain(translate('lv', 'token.used.title'));
    await request(shop.app).post('/privacy/account/email/confirm').type('form').send({ token }).expect(403);
  });
});
