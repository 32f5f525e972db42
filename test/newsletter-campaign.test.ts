import { assert, expect } from 'chai';
import express from 'express';
import nodemailer from 'nodemailer';
import request from 'supertest';
import { createPrivacy, InvalidInputError, type Privacy } from '../index.js';
import { sentMail } from './support/outbox.js';
import { onEachDatabase, tempDir } from './support/databases.js';
import { testSecret } from './support/secret.js';
import { testClock } from './support/clock.js';
import { pressLinkButton } from './support/shop.js';
import { xpartsShop } from './support/shop-options.js';

/** Latvian Information Society Services Law §9: every commercial e-mail offers a free, simple way to refuse the next. */
onEachDatabase("the shop's own newsletter campaigns", (db) => {
  let privacy: Privacy;
  let app: express.Express;
  let outbox: string;

  beforeEach(async function () {
    outbox = tempDir('esp-outbox-');
    privacy = createPrivacy({
      secret: testSecret,
      db: db().url,
      ...xpartsShop,
      publicUrl: 'https://shop.test',
      mailer: { outboxDir: outbox },
      clock: testClock().now,
    });
    await privacy.migrate();
    app = express();
    app.use(privacy.middleware());
    app.use('/privacy', privacy.router());
  });
  afterEach(async function () {
    await privacy.close();
  });

  async function subscribe(email: string, locale: 'lv' | 'en' = 'lv'): Promise<void> {
    await privacy.hooks.newsletterSignup({ email, locale });
    const mail = (await sentMail(privacy, outbox)).find((m) => m.to.includes(email));
    assert.exists(mail, `a confirmation e-mail to ${email}`);
    const [, confirm] = mail.text.match(/https:\/\/shop\.test(\/privacy\/newsletter\/confirm\?token=[\w-]+)/) ?? [];
    assert.exists(confirm, `a confirmation link in the e-mail to ${email}`);
    expect((await pressLinkButton(app, confirm)).status).to.equal(200);
    expect(await privacy.consents.allows(email, 'newsletter')).to.equal(true);
  }

  /** The shop's campaign mailer: nodemailer, with the module's link in the text and its headers on the message. */
  async function sendCampaign(to: string): Promise<{ raw: string; bodyLink: string; headerLink: string }> {
    const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
    const unsubscribe = await privacy.newsletter.unsubscribeLink(to);
    const info = await transport.sendMail({
      from: 'xparts.lv <info@xparts.lv>',
      to,
      subject: 'Decembra piedāvājumi',
      text: `Jaunas bremžu kluči ar 20 % atlaidi.\n\nAtteikties: ${unsubscribe.url}`,
      headers: unsubscribe.headers,
    });
    const raw = (info.message as Buffer).toString('utf8').replace(/\r?\n[ \t]+/g, ' ');
    const headerLink = raw.match(/^List-Unsubscribe: <([^>]+)>$/m)?.[1] ?? '';
    // The text part is quoted-printable: undo its soft line breaks and escapes to read the link.
    const body = Buffer.from(
      raw
        .split('\n\n')
        .slice(1)
        .join('\n\n')
        .replace(/=\n/g, '')
        .replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))),
      'latin1',
    ).toString('utf8');
    const bodyLink = body.match(/Atteikties: (\S+)/)?.[1] ?? '';
    return { raw, bodyLink, headerLink };
  }

  it('gives each recipient a link and RFC 8058 headers that unsubscribe in one click', async function () {
    await subscribe('marta@example.lv');
    const { raw, bodyLink, headerLink } = await sendCampaign('marta@example.lv');
    expect(raw).to.match(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click$/m);
    expect(headerLink).to.match(/^https:\/\/shop\.test\/privacy\/newsletter\/unsubscribe\?token=[\w-]{43}$/);
    expect(bodyLink).to.equal(headerLink);

    // The mail client's one-click POST (RFC 8058): no cookie, no CSRF token, only the link.
    await request(app).post(headerLink.replace('https://shop.test', '')).type('form').send('List-Unsubscribe=One-Click').expect(200);
    expect(await privacy.consents.allows('marta@example.lv', 'newsletter')).to.equal(false);
    const [event] = await db().knex('privacy_consent_events').where({ event: 'withdrawn' }).select('purpose', 'source');
    expect(event).to.deep.equal({ purpose: 'newsletter', source: 'newsletter' });
    expect(await db().knex('privacy_suppressions').where({ purpose: 'newsletter' }).count({ n: '*' })).to.deep.equal([{ n: 1 }]);
  });

  it("stores only a hash of each link, and each link is the recipient's own", async function () {
    await subscribe('marta@example.lv');
    await subscribe('edgars@example.lv', 'en');
    const marta = await sendCampaign('marta@example.lv');
    const edgars = await sendCampaign('edgars@example.lv');
    expect(marta.headerLink).not.to.equal(edgars.headerLink);
    const [, token] = marta.headerLink.split('token=');
    assert.exists(token, 'a token in the link');
    expect(await db().knex('privacy_tokens').pluck('token_hash')).not.to.include(token);

    const page = await pressLinkButton(app, edgars.bodyLink.replace('https://shop.test', ''));
    expect(page.status).to.equal(200);
    // The page is in the recipient's own language and names only their address.
    expect(page.text).to.contain('edgars@example.lv');
    expect(page.text).not.to.contain('marta@example.lv');
    expect(await privacy.consents.allows('edgars@example.lv', 'newsletter')).to.equal(false);
    expect(await privacy.consents.allows('marta@example.lv', 'newsletter')).to.equal(true);
  });

  it('refuses an address that is not one, naming the problem', async function () {
    let caught: unknown;
    try {
      await privacy.newsletter.unsubscribeLink('not an address');
    } catch (err) {
      caught = err;
    }
    expect(caught).to.be.instanceOf(InvalidInputError);
    expect(await db().knex('privacy_tokens').count({ n: '*' })).to.deep.equal([{ n: 0 }]);
  });
});
