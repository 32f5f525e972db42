import { assert, expect } from 'chai';
import express from 'express';
import request from 'supertest';
import { createPrivacy, InvalidInputError, type OutboxMessage, type Privacy } from '../index.js';
import { sentMail } from './support/outbox.js';
import { onEachDatabase, tempDir } from './support/databases.js';
import { testSecret } from './support/secret.js';
import { testClock, type TestClock } from './support/clock.js';
import { confirmationHours } from '../lib/newsletter/service.js';
import { pressLinkButton } from './support/shop.js';
import { xpartsShop } from './support/shop-options.js';

function linkIn(message: OutboxMessage, path: string): string {
  const found = message.text.match(new RegExp(`http://shop\\.test/privacy${path}\\?token=[A-Za-z0-9_-]{43}`));
  if (!found) throw new Error(`no ${path} link in: ${message.text}`);
  return found[0].replace('http://shop.test', '');
}

onEachDatabase('newsletter with confirmed opt-in', (db) => {
  let privacy: Privacy;
  let app: express.Express;
  let outbox: string;
  let clock: TestClock;

  beforeEach(async function () {
    outbox = tempDir('esp-outbox-');
    clock = testClock();
    privacy = createPrivacy({
      secret: testSecret,
      db: db().url,
      ...xpartsShop,
      publicUrl: 'http://shop.test',
      mailer: { outboxDir: outbox },
      clock: clock.now,
    });
    await privacy.migrate();
    app = express();
    app.use(privacy.middleware());
    app.use('/privacy', privacy.router());
  });
  afterEach(async function () {
    await privacy.close();
  });

  it('e-mails a confirmation link and counts consent only from the click', async function () {
    const result = await privacy.hooks.newsletterSignup({ email: 'Marta@Example.lv', locale: 'lv' });
    expect(result.status).to.equal('queued');
    expect(await privacy.consents.allows('marta@example.lv', 'newsletter')).to.equal(false);
    expect(await db().knex('privacy_consent_events').count({ n: '*' })).to.deep.equal([{ n: 0 }]);
    const [mail] = await sentMail(privacy, outbox);
    assert.exists(mail, 'the confirmation e-mail');
    expect(mail.to).to.deep.equal(['marta@example.lv']);
    expect(mail.subject).to.equal('Apstipriniet xparts.lv jaunumu saņemšanu');
    expect(mail.text).to.contain('SIA KRAUD, reģ. Nr. 40103337911');
    expect(mail.html).to.contain('Apstiprināt jaunumu saņemšanu');
    // The raw token never reaches the database: only its hash.
    const [, token] = linkIn(mail, '/newsletter/confirm').split('token=');
    assert.exists(token, 'a token in the link');
    const stored = await db().knex('privacy_tokens').pluck('token_hash');
    expect(stored).not.to.include(token);

    // Opening the link only shows a button; its press, from the same mail client, confirms.
    const page = await pressLinkButton(app, linkIn(mail, '/newsletter/confirm'), { headers: { 'User-Agent': 'Thunderbird' } });
    expect(page.status).to.equal(200);
    expect(page.text).to.contain('Paldies! Jaunumu saņemšana apstiprināta');
    const [event] = await db().knex('privacy_consent_events').select();
    expect(event).to.include({
      purpose: 'newsletter',
      event: 'granted',
      source: 'newsletter',
      user_agent: 'Thunderbird',
      policy_version: privacy.options.policy.version,
    });
    expect(await privacy.consents.allows('marta@example.lv', 'newsletter')).to.equal(true);
  });

  it('refuses a reused, expired or forged confirmation link and changes nothing', async function () {
    await privacy.hooks.newsletterSignup({ email: 'edgars@example.lv', locale: 'en' });
    const [mail] = await sentMail(privacy, outbox);
    assert.exists(mail, 'the confirmation e-mail');
    const link = linkIn(mail, '/newsletter/confirm');
    expect((await pressLinkButton(app, link)).status).to.equal(200);
    const reused = await request(app).get(link).expect(410);
    expect(reused.text).to.contain('This link has already been used');
    expect(await db().knex('privacy_consent_events').count({ n: '*' })).to.deep.equal([{ n: 1 }]);

    await privacy.hooks.newsletterSignup({ email: 'old@example.lv', locale: 'lv' });
    const [second] = await sentMail(privacy, outbox);
    assert.exists(second, 'the confirmation e-mail');
    clock.advance((confirmationHours + 1) * 60 * 60 * 1000);
    const expired = await request(app).get(linkIn(second, '/newsletter/confirm')).expect(410);
    expect(expired.text).to.contain('Saite vairs nav derīga');
    expect(await privacy.consents.allows('old@example.lv', 'newsletter')).to.equal(false);

    await request(app)
      .get(`/privacy/newsletter/confirm?token=${'A'.repeat(43)}`)
      .expect(404);
    await request(app).get('/privacy/newsletter/confirm?token=../../etc/passwd').expect(404);
    await request(app).get('/privacy/newsletter/confirm').expect(404);
    expect(await db().knex('privacy_consent_events').count({ n: '*' })).to.deep.equal([{ n: 1 }]);
  });

  it('unsubscribes in one click from the link in the e-mail, without login, and remembers it', async function () {
    await privacy.hooks.newsletterSignup({ email: 'rasma@example.lv' });
    const [mail] = await sentMail(privacy, outbox);
    assert.exists(mail, 'the confirmation e-mail');
    expect((await pressLinkButton(app, linkIn(mail, '/newsletter/confirm'))).status).to.equal(200);
    const withdrawn: string[] = [];
    privacy.on('consent.withdrawn', (change) => void withdrawn.push(change.email));

    expect(mail.headers['list-unsubscribe']).to.match(/^<http:\/\/shop\.test\/privacy\/newsletter\/unsubscribe\?token=[A-Za-z0-9_-]{43}>$/);
    expect(mail.headers['list-unsubscribe-post']).to.equal('List-Unsubscribe=One-Click');
    const page = await pressLinkButton(app, linkIn(mail, '/newsletter/unsubscribe'));
    expect(page.status).to.equal(200);
    expect(page.text).to.contain('Jaunumu saņemšana ir atteikta');
    const state = await privacy.consents.of('rasma@example.lv');
    expect(state.find((s) => s.purpose === 'newsletter')).to.include({ granted: false, source: 'newsletter' });
    expect(withdrawn).to.deep.equal(['rasma@example.lv']);
    expect(await db().knex('privacy_suppressions').where({ purpose: 'newsletter' }).count({ n: '*' })).to.deep.equal([{ n: 1 }]);
    // Clicking again changes nothing and still says so.
    await request(app).get(linkIn(mail, '/newsletter/unsubscribe')).expect(200);
    expect(await db().knex('privacy_consent_events').where({ event: 'withdrawn' }).count({ n: '*' })).to.deep.equal([{ n: 1 }]);
  });

  it("accepts the mail client's RFC 8058 one-click POST", async function () {
    await privacy.consents.grant('guntis@example.lv', 'newsletter', { source: 'account' });
    await privacy.hooks.newsletterSignup({ email: 'guntis@example.lv' });
    // Already subscribed: nothing to confirm, and the mailbox is told so, as a new address would hear back.
    const [already] = await sentMail(privacy, outbox);
    assert.exists(already, 'the note that the address already receives the news');
    expect(already.subject).to.equal('Jūs jau saņemat xparts.lv jaunumus');
    expect(already.text).not.to.contain('/newsletter/confirm');
    expect(already.headers['list-unsubscribe']).to.match(/^<http:\/\/shop\.test\/privacy\/newsletter\/unsubscribe\?token=/);
    await privacy.consents.withdraw('guntis@example.lv', 'newsletter', { source: 'account' });
    await privacy.hooks.newsletterSignup({ email: 'guntis@example.lv' });
    const mail = (await sentMail(privacy, outbox)).find((m) => m.text.includes('/newsletter/confirm'));
    assert.exists(mail, 'the confirmation e-mail');
    expect((await pressLinkButton(app, linkIn(mail, '/newsletter/confirm'))).status).to.equal(200);
    const unsubscribe = mail.headers['list-unsubscribe'];
    assert.exists(unsubscribe, 'a List-Unsubscribe header');
    const target = unsubscribe.slice(1, -1).replace('http://shop.test', '');
    await request(app).post(target).type('form').send('List-Unsubscribe=One-Click').expect(200);
    expect(await privacy.consents.allows('guntis@example.lv', 'newsletter')).to.equal(false);
  });

  it("shows the newsletter form's own notice, naming its purpose and legal basis, with one unticked box, in both languages", async function () {
    const lv = privacy.render.consentFields({ at: 'newsletter', locale: 'lv' });
    expect(lv).to.contain('<li>Jaunumu un piedāvājumu nosūtīšana – Jūsu piekrišana (VDAR 6. panta 1. punkta a) apakšpunkts)</li>');
    expect(lv)
      .to.contain('name="consent_newsletter"')
      .and.not.to.match(/checked/);
    expect(lv.match(/type="checkbox"/g)).to.have.length(1);
    const en = privacy.render.consentFields({ at: 'newsletter', locale: 'en' });
    expect(en).to.contain('<li>Sending news and offers – Your consent (GDPR Art. 6(1)(a))</li>');
  });

  it("takes the form's box: unticked, it writes and sends nothing and says so; ticked, it asks for the confirmation", async function () {
    for (const consents of [{}, { consent_newsletter: '' }, { consent_newsletter: 'no' }]) {
      expect(await privacy.hooks.newsletterSignup({ email: 'zane@example.lv', consents })).to.deep.equal({ status: 'unticked' });
    }
    expect(await db().knex('privacy_subjects').count({ n: '*' })).to.deep.equal([{ n: 0 }]);
    expect(await db().knex('privacy_outbox').count({ n: '*' })).to.deep.equal([{ n: 0 }]);
    expect(await sentMail(privacy, outbox)).to.have.length(0);
    expect(await privacy.hooks.newsletterSignup({ email: 'zane@example.lv', consents: { consent_newsletter: 'yes' } })).to.deep.equal({ status: 'queued' });
    const [mail] = await sentMail(privacy, outbox);
    assert.exists(mail, 'the confirmation e-mail');
    expect(mail.text).to.contain('/newsletter/confirm');
  });

  it('refuses an invalid address with a clear error and writes nothing', async function () {
    for (const email of ['', 'not-an-address', 'a@b', 'x@example.lv\r\nBcc: all@example.lv', 42]) {
      let failure: unknown;
      try {
        await privacy.hooks.newsletterSignup({ email: email as string });
      } catch (err) {
        failure = err;
      }
      expect(failure, String(email)).to.be.instanceOf(InvalidInputError);
    }
    expect(await db().knex('privacy_subjects').count({ n: '*' })).to.deep.equal([{ n: 0 }]);
    expect(await sentMail(privacy, outbox)).to.have.length(0);
  });
});
