import { assert, expect } from 'chai';
import Handlebars from 'handlebars';
import request from 'supertest';
import type { Knex } from 'knex';
import { encodeChoice } from '../lib/cookies/choice.js';
import { translate } from '../lib/i18n/index.js';
import { cookieDeclaration, createPrivacy, xpartsPreset, PrivacyOptionsError, type DeclaredCookieInput, type PrivacyOptions } from '../index.js';
import { onEachDatabase } from './support/databases.js';
import { createHost } from './support/host.js';
import { testSecret } from './support/secret.js';
import { testClock } from './support/clock.js';
import { xpartsShop } from './support/shop-options.js';

const analyticsTag = '/tags/analytics.js';
const advertisingTag = '/tags/advertising.js';

function csrfFrom(html: string): string {
  const token = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
  if (!token) throw new Error('no CSRF token in the page');
  return token;
}

function cookieNames(res: request.Response): string[] {
  // A cookie's name: all before its first '='.
  return ((res.headers['set-cookie'] as unknown as string[] | undefined) ?? []).map((c) => c.replace(/=.*/s, ''));
}

/** A shop's own session cookie, and a third-party statistics tag's family of cookies. */
const shopSession: DeclaredCookieInput = {
  name: 'shop_sid',
  category: 'necessary',
  lifetime: { days: 14 },
  purpose: { lv: 'Iepirkumu grozs.', en: 'The cart.' },
};
const statistics = {
  name: '_ga*',
  category: 'analytics',
  lifetime: { months: 13 },
  party: 'third',
  provider: 'Google Ireland Limited',
  purpose: { lv: 'Apmeklējumu skaitīšana.', en: 'Counting visits.' },
  access: { lv: 'Google Ireland Limited un Google LLC (ASV)', en: 'Google Ireland Limited and Google LLC (USA)' },
} satisfies DeclaredCookieInput;

async function ledger(knex: Knex) {
  return knex('privacy_consent_events')
    .orderBy('id')
    .select('purpose', 'event', 'granted', 'source', 'visitor_id', 'subject_id', 'policy_version', 'wording_hash');
}

onEachDatabase('cookie consent', (db) => {
  it('sets no cookie but the strictly necessary ones on a first visit, and renders no tag', async function () {
    const { app, privacy } = await createHost(db().url);
    const first = await request(app).get('/').expect(200);
    expect(cookieNames(first)).to.deep.equal(['privacy_csrf_id', 'privacy_csrf']);
    expect(first.text).not.to.contain(analyticsTag).and.not.to.contain(advertisingTag);
    expect(first.text).to.contain('id="privacy-banner"');
    // Accept and reject are the same kind of button, side by side; settings is one click away.
    expect(first.text).to.match(
      /<button type="submit" name="choice" value="accept" class="privacy-button">Pieņemt visas<\/button>\s*<button type="submit" name="choice" value="reject" class="privacy-button">Noraidīt visas<\/button>/,
    );
    expect(first.text).to.contain('href="/privacy/cookies?return_to=%2F"');
    expect(first.text).to.match(/<script src="\/privacy\/assets\/banner\.js" nonce="[^"]+" defer><\/script>/);
    await request(app)
      .get('/privacy/assets/banner.js')
      .expect(200)
      .expect('content-type', /javascript/);
    await privacy.close();
  });

  it('records "reject all" without JavaScript, and renders no tag afterwards', async function () {
    const { app, privacy } = await createHost(db().url);
    const agent = request.agent(app);
    const page = await agent.get('/').expect(200);
    const res = await agent
      .post('/privacy/cookies')
      .type('form')
      .send({ _csrf: csrfFrom(page.text), choice: 'reject', return_to: '/?from=banner' })
      .expect(303);
    expect(res.headers.location).to.equal('/?from=banner');
    const consentCookie = (res.headers['set-cookie'] as unknown as string[]).find((c) => c.startsWith('privacy_consent='));
    assert.exists(consentCookie, 'the consent cookie is set');
    expect(consentCookie)
      .to.match(/HttpOnly/)
      .and.to.match(/SameSite=Lax/)
      .and.not.to.match(/Secure/);
    const after = await agent.get('/').expect(200);
    expect(after.text).not.to.contain(analyticsTag).and.not.to.contain(advertisingTag).and.not.to.contain('privacy-banner');
    const rows = await ledger(db().knex);
    expect(rows.map((r) => [r.purpose, r.event, Boolean(r.granted), r.source])).to.deep.equal([
      ['analytics', 'not_granted', false, 'banner'],
      ['social_advertising', 'not_granted', false, 'banner'],
    ]);
    expect(rows[0].visitor_id).to.match(/^[A-Za-z0-9_-]{22}$/);
    expect(rows[0].subject_id).to.equal(null);
    expect(rows[0].policy_version).to.equal(privacy.options.policy.version);
    await privacy.close();
  });

  it('renders the tags after "accept all", and lets the visitor change it in the preference centre', async function () {
    const { app, privacy } = await createHost(db().url);
    const agent = request.agent(app);
    const page = await agent.get('/').expect(200);
    await agent
      .post('/privacy/cookies')
      .type('form')
      .send({ _csrf: csrfFrom(page.text), choice: 'accept', return_to: '/' })
      .expect(303);
    const accepted = await agent.get('/').expect(200);
    expect(accepted.text).to.contain(analyticsTag).and.to.contain(advertisingTag);

    const centre = await agent.get('/privacy/cookies?lang=en').expect(200);
    expect(centre.text).to.contain('Cookie settings').and.to.contain('Always on');
    expect(centre.text).to.match(/name="analytics" value="yes" checked/);
    await agent
      .post('/privacy/cookies?lang=en')
      .type('form')
      .send({ _csrf: csrfFrom(centre.text), choice: 'save', analytics: 'yes', return_to: '/privacy/cookies' })
      .expect(303)
      .expect('location', '/privacy/cookies?saved=1&lang=en');
    const changed = await agent.get('/').expect(200);
    expect(changed.text).to.contain(analyticsTag).and.not.to.contain(advertisingTag);
    const rows = await ledger(db().knex);
    expect(rows.map((r) => [r.purpose, r.event])).to.deep.equal([
      ['analytics', 'granted'],
      ['social_advertising', 'granted'],
      ['analytics', 'granted'],
      ['social_advertising', 'withdrawn'],
    ]);
    expect(new Set(rows.map((r) => r.visitor_id)).size).to.equal(1);
    await privacy.close();
  });

  it('refuses a choice without a valid CSRF token and changes nothing', async function () {
    const { app, privacy } = await createHost(db().url);
    const agent = request.agent(app);
    await agent.get('/').expect(200);
    const missing = await agent.post('/privacy/cookies').type('form').send({ choice: 'accept' }).expect(403);
    expect(missing.text).to.contain('Forma ir novecojusi');
    await agent.post('/privacy/cookies').type('form').send({ choice: 'accept', _csrf: 'forged-token' }).expect(403);
    await request(app).post('/privacy/cookies').type('form').send({ choice: 'accept', _csrf: 'x' }).expect(403);
    expect(cookieNames(missing)).not.to.include('privacy_consent');
    expect(await ledger(db().knex)).to.deep.equal([]);
    await privacy.close();
  });

  it('refuses a malformed choice, and never redirects off the site', async function () {
    const { app, privacy } = await createHost(db().url);
    const agent = request.agent(app);
    const page = await agent.get('/').expect(200);
    const token = csrfFrom(page.text);
    await agent.post('/privacy/cookies').type('form').send({ _csrf: token, choice: 'everything' }).expect(400);
    expect(await ledger(db().knex)).to.deep.equal([]);
    for (const target of ['//evil.example/x', 'https://evil.example/', '/\\evil.example', 'javascript:alert(1)']) {
      await agent.post('/privacy/cookies').type('form').send({ _csrf: token, choice: 'reject', return_to: target }).expect(303).expect('location', '/');
    }
    await privacy.close();
  });

  it('treats Sec-GPC: 1 as a refusal of marketing, recorded once, and says so in the banner', async function () {
    const { app, privacy } = await createHost(db().url);
    const agent = request.agent(app);
    const first = await agent.get('/?lang=en').set('Sec-GPC', '1').expect(200);
    expect(first.text).to.contain('Global Privacy Control').and.not.to.contain(advertisingTag);
    await agent.get('/').set('Sec-GPC', '1').expect(200);
    let rows = await ledger(db().knex);
    expect(rows.map((r) => [r.purpose, r.event, r.source])).to.deep.equal([['social_advertising', 'not_granted', 'gpc']]);
    // Accepting all still leaves marketing refused while the browser says GPC.
    await agent
      .post('/privacy/cookies')
      .set('Sec-GPC', '1')
      .type('form')
      .send({ _csrf: csrfFrom(first.text), choice: 'accept', return_to: '/' })
      .expect(303);
    const after = await agent.get('/').set('Sec-GPC', '1').expect(200);
    expect(after.text).to.contain(analyticsTag).and.not.to.contain(advertisingTag);
    rows = await ledger(db().knex);
    expect(rows.map((r) => [r.purpose, r.event, r.source])).to.deep.equal([
      ['social_advertising', 'not_granted', 'gpc'],
      ['analytics', 'granted', 'banner'],
    ]);
    const centre = await agent.get('/privacy/cookies?lang=en').set('Sec-GPC', '1').expect(200);
    expect(centre.text).to.contain('Refused because of your browser’s Global Privacy Control signal.');
    expect(centre.text).not.to.contain('name="marketing"');
    await privacy.close();
  });

  it('makes no database query on a page view of a visitor who has chosen', async function () {
    const { app, privacy } = await createHost(db().url);
    const agent = request.agent(app);
    const page = await agent.get('/').expect(200);
    await agent
      .post('/privacy/cookies')
      .type('form')
      .send({ _csrf: csrfFrom(page.text), choice: 'accept', return_to: '/' })
      .expect(303);
    let queries = 0;
    const count = () => void queries++;
    privacy.db.on('query', count);
    const view = await agent.get('/').expect(200);
    privacy.db.off('query', count);
    expect(view.text).to.contain(analyticsTag);
    expect(queries).to.equal(0);
    await privacy.close();
  });

  it('asks again when the policy version changes, or after the re-ask period', async function () {
    const clock = testClock();
    const { app, privacy } = await createHost(db().url, { clock: clock.now, policy: { version: '2026-12-01', date: '2026-12-01' } });
    const daysAgo = (days: number) => Math.floor(clock.now().getTime() / 1000) - days * 86400;
    const old = encodeChoice(
      { visitorId: 'a'.repeat(22), analytics: true, marketing: true, policyVersion: '2023-03-08', madeAt: daysAgo(0), gpc: false },
      testSecret,
    );
    const underOldPolicy = await request(app)
      .get('/')
      .set('Cookie', `privacy_consent=${encodeURIComponent(old)}`)
      .expect(200);
    expect(underOldPolicy.text).to.contain('privacy-banner').and.not.to.contain(analyticsTag);
    const longAgo = encodeChoice(
      { visitorId: 'a'.repeat(22), analytics: true, marketing: true, policyVersion: '2026-12-01', madeAt: daysAgo(366), gpc: false },
      testSecret,
    );
    const expired = await request(app)
      .get('/')
      .set('Cookie', `privacy_consent=${encodeURIComponent(longAgo)}`)
      .expect(200);
    expect(expired.text).to.contain('privacy-banner').and.not.to.contain(analyticsTag);
    const fresh = encodeChoice(
      { visitorId: 'a'.repeat(22), analytics: true, marketing: false, policyVersion: '2026-12-01', madeAt: daysAgo(1), gpc: false },
      testSecret,
    );
    const current = await request(app)
      .get('/')
      .set('Cookie', `privacy_consent=${encodeURIComponent(fresh)}`)
      .expect(200);
    expect(current.text).to.contain(analyticsTag).and.not.to.contain('privacy-banner');
    // A cookie signed with another secret is ignored, not trusted.
    const forged = encodeChoice(
      { visitorId: 'a'.repeat(22), analytics: true, marketing: true, policyVersion: '2026-12-01', madeAt: daysAgo(0), gpc: false },
      'another-secret-of-at-least-32-characters',
    );
    const refused = await request(app)
      .get('/')
      .set('Cookie', `privacy_consent=${encodeURIComponent(forged)}`)
      .expect(200);
    expect(refused.text).to.contain('privacy-banner');
    expect(refused.text).not.to.contain(analyticsTag);
    await privacy.close();
  });

  it("records a logged-in shopper's choice as their browser's, never as an account consent, and marks the cookie Secure over HTTPS", async function () {
    const { app, privacy } = await createHost(db().url, { currentCustomer: () => ({ id: 5, email: 'Sandra@example.lv' }) });
    try {
      await privacy.hooks.accountCreated({ customer: { id: 5, email: 'sandra@example.lv' } });
      const states = await db().knex('privacy_consents').orderBy('purpose').select();
      const page = await request(app).get('/').set('X-Forwarded-Proto', 'https').expect(200);
      // The __Host- CSRF cookies are Secure, which a cookie jar sends only over TLS: sent here as a browser behind the proxy would.
      const csrfCookies = (page.headers['set-cookie'] as unknown as string[]).map((c) => c.replace(/;.*/s, ''));
      const res = await request(app)
        .post('/privacy/cookies')
        .set('X-Forwarded-Proto', 'https')
        .set('Cookie', csrfCookies.join('; '))
        .set('Accept', 'application/json')
        .type('form')
        .send({ _csrf: csrfFrom(page.text), choice: 'accept' })
        .expect(200);
      expect(res.body).to.deep.equal({ analytics: true, marketing: true });
      expect((res.headers['set-cookie'] as unknown as string[]).find((c) => c.startsWith('privacy_consent='))).to.match(/; Secure/);
      // The banner showed no words of the account's advertising purpose: no answer is taken for it (Art. 4(11), 7(2)).
      expect(await privacy.consents.allows({ customerId: 5 }, 'social_advertising')).to.equal(false);
      expect(await db().knex('privacy_consents').orderBy('purpose').select()).to.deep.equal(states);
      // The browser's answers are evidence tied to the shopper's record, and go with it on erasure.
      const rows = (await ledger(db().knex)).filter((r) => r.source === 'banner');
      expect(rows).to.have.length(2);
      expect(rows.every((r) => r.subject_id !== null && r.visitor_id !== null)).to.equal(true);
    } finally {
      await privacy.close();
    }
  });

  it('gives handlebars hosts a block helper that leaves a tag out until consent', async function () {
    const { privacy } = await createHost(db().url);
    const hbs = Handlebars.create();
    privacy.render.registerHandlebars(hbs);
    const page = hbs.compile(
      '{{#privacyAllows "analytics"}}<script src="/a.js"></script>{{else}}no analytics{{/privacyAllows}}|{{> privacyConsentFields at="signup"}}',
    );
    const allowed = page({ privacy: { allows: (c: string) => c === 'analytics', locale: 'en' } });
    const refused = page({ privacy: { allows: () => false, locale: 'lv' } });
    expect(allowed).to.contain('<script src="/a.js"></script>').and.to.contain('I want to receive news and offers by e-mail.');
    expect(refused).to.contain('no analytics').and.to.contain('Vēlos saņemt jaunumus');
    expect(refused).not.to.contain('/a.js');
    expect(refused).not.to.match(/checked/);
    await privacy.close();
  });
  it("lists every cookie, the module's own and the shop's, per category in the preference centre and the policy, in both languages", async function () {
    const { app, privacy } = await createHost(db().url, { cookies: { reaskAfterDays: 180, declarations: [shopSession, statistics] } });
    expect(cookieDeclaration(privacy.options).map((c) => [c.name, c.category, c.declaredBy])).to.deep.equal([
      ['privacy_consent', 'necessary', 'module'],
      ['__Host-privacy_csrf', 'necessary', 'module'],
      ['__Host-privacy_csrf_id', 'necessary', 'module'],
      ['__Host-privacy_guest', 'necessary', 'module'],
      ['lang', 'necessary', 'module'],
      ['shop_sid', 'necessary', 'shop'],
      ['_ga*', 'analytics', 'shop'],
    ]);
    const lifetimes = {
      lv: ['180 dienas', '30 minūtes', '365 dienas', '14 dienas', '13 mēneši'],
      en: ['180 days', '30 minutes', '365 days', '14 days', '13 months'],
    };
    for (const locale of ['lv', 'en'] as const) {
      const centre = (await request(app).get(`/privacy/cookies?lang=${locale}`).expect(200)).text;
      const policy = (await request(app).get(`/privacy/policy?lang=${locale}`).expect(200)).text;
      expect(policy).to.contain(privacy.options.policyText('cookies', locale));
      for (const page of [centre, policy]) {
        for (const name of ['privacy_consent', '__Host-privacy_csrf', '__Host-privacy_csrf_id', '__Host-privacy_guest', 'lang', 'shop_sid', '_ga*'])
          expect(page).to.contain(`<code>${name}</code>`);
        for (const lifetime of [...lifetimes[locale], translate(locale, 'cookies.lifetime.session')]) expect(page).to.contain(`">${lifetime}</td>`);
        expect(page).to.contain(translate(locale, 'cookies.own.consent')).and.to.contain(translate(locale, 'cookies.own.lang'));
        expect(page)
          .to.contain(`">${translate(locale, 'cookies.party.third', { access: statistics.access[locale] })}</td>`)
          .and.to.contain('">Google Ireland Limited</td>');
        expect(page)
          .to.contain(`">${translate(locale, 'cookies.party.first')}</td>`)
          .and.to.contain('">SIA KRAUD (xparts.lv)</td>');
        // The statistics cookie is listed under statistics, and marketing says it has none.
        const [necessary, analytics, marketing] = page.split(/<legend>|<h3>/).slice(1);
        expect(necessary).to.contain('<code>shop_sid</code>').and.not.to.contain('<code>_ga*</code>');
        expect(analytics).to.contain('<code>_ga*</code>');
        expect(marketing).to.contain(translate(locale, 'cookies.table.empty'));
      }
    }
    await privacy.close();
  });

  it('links the banner to the list of cookies', async function () {
    const { app, privacy } = await createHost(db().url);
    const first = await request(app).get('/').expect(200);
    expect(first.text).to.contain(`<a href="/privacy/cookies?return_to=%2F#privacy-cookie-list">${translate('lv', 'cookies.banner.which')}</a>`);
    expect((await request(app).get('/privacy/cookies').expect(200)).text).to.contain('id="privacy-cookie-list"');
    await privacy.close();
  });

  it("removes the shop's own cookies of a category the visitor refuses or withdraws, not another site's", async function () {
    const ownStats: DeclaredCookieInput = {
      name: 'xp_stats',
      category: 'analytics',
      lifetime: { months: 13 },
      purpose: { lv: 'Statistika.', en: 'Statistics.' },
    };
    const ads: DeclaredCookieInput = {
      name: '_fbp',
      category: 'marketing',
      lifetime: { days: 90 },
      party: 'third',
      provider: 'Meta Platforms Ireland Limited',
      purpose: { lv: 'Reklāma.', en: 'Advertising.' },
      access: { lv: 'Meta', en: 'Meta' },
    };
    const ownAds: DeclaredCookieInput = { name: 'xp_ads', category: 'marketing', lifetime: { days: 90 }, purpose: { lv: 'Reklāma.', en: 'Advertising.' } };
    const { app, privacy } = await createHost(db().url, { cookies: { declarations: [ownStats, ads, ownAds] } });
    const page = await request(app).get('/').expect(200);
    const csrfSetCookies = (page.headers['set-cookie'] as unknown as string[]).filter((c) => c.startsWith('privacy_csrf'));
    expect(csrfSetCookies, 'the CSRF cookies are set').to.have.length(2);
    // The cookies as a browser sends them back: name and value, without the attributes after the first ';'.
    const csrfCookies = csrfSetCookies.map((c) => c.replace(/;.*/s, '')).join('; ');
    const jar = `${csrfCookies}; xp_stats=abc; _fbp=fb.1; something_else=1`;
    const kept = await request(app)
      .post('/privacy/cookies')
      .set('Cookie', jar)
      .type('form')
      .send({ _csrf: csrfFrom(page.text), choice: 'save', analytics: 'yes', return_to: '/' })
      .expect(303);
    expect(cookieNames(kept)).to.deep.equal(['privacy_consent']);
    const refused = await request(app)
      .post('/privacy/cookies')
      .set('Cookie', jar)
      .type('form')
      .send({ _csrf: csrfFrom(page.text), choice: 'reject', return_to: '/' })
      .expect(303);
    expect(cookieNames(refused)).to.deep.equal(['privacy_consent', 'xp_stats']);
    expect((refused.headers['set-cookie'] as unknown as string[])[1]).to.match(/^xp_stats=; Path=\/; Expires=Thu, 01 Jan 1970/);
    // A Global Privacy Control signal refuses marketing, and so removes the shop's own marketing cookie too.
    const gpc = await request(app).get('/').set('Sec-GPC', '1').set('Cookie', `${jar}; xp_ads=brakes`).expect(200);
    expect(cookieNames(gpc).filter((name) => name.startsWith('xp_') || name === '_fbp')).to.deep.equal(['xp_ads']);
    await privacy.close();
  });
});

describe('the cookie declaration option', function () {
  const base: PrivacyOptions = { db: 'sqlite::memory:', secret: testSecret, ...xpartsShop };
  const failure = (options: Partial<PrivacyOptions>): string[] => {
    try {
      createPrivacy({ ...base, ...options });
    } catch (err) {
      expect(err).to.be.instanceOf(PrivacyOptionsError);
      return (err as PrivacyOptionsError).issues;
    }
    throw new Error('createPrivacy accepted a declaration it should have refused');
  };

  it('names the path of each wrong cookie and says what was expected', function () {
    const issues = failure({
      cookies: {
        declarations: [
          { ...shopSession, lifetime: 'forever' as never },
          { ...statistics, access: undefined },
          { ...shopSession, name: 'a cookie' },
          { ...shopSession, name: 'track', category: 'tracking' as never },
        ],
      },
    });
    expect(issues).to.have.length(4);
    expect(issues[0]).to.match(/^cookies\.declarations\[0\]\.lifetime: expected "session" \(until the browser is closed\), a duration such as \{ days: 14 \}/);
    expect(issues[1]).to.match(/^cookies\.declarations\[1\]\.access: a third-party cookie says who can read it/);
    expect(issues[2]).to.match(/^cookies\.declarations\[2\]\.name: expected a cookie name/);
    expect(issues[3]).to.equal('cookies.declarations[3].category: expected one of "necessary", "analytics", "marketing"; received "tracking"');
  });

  it("refuses a text missing in a policy language, a cookie declared twice or one of the module's own, and a category nobody is asked about", function () {
    const issues = failure({
      cookies: {
        declarations: [
          { ...shopSession, purpose: { lv: 'Grozs.' } },
          shopSession,
          { ...shopSession, name: 'privacy_consent' },
          { ...shopSession, name: 'lang' },
          { ...statistics, lifetime: { lv: 'Divi gadi' } },
        ],
      },
    });
    expect(issues).to.deep.equal([
      'cookies.declarations[0].purpose.en: missing; every text needs each language of policy.locales (lv, en)',
      'cookies.declarations[1].name: "shop_sid" is declared twice; declare each cookie once',
      'cookies.declarations[2].name: "privacy_consent" is the module\'s own cookie, which the module declares itself; leave it out',
      'cookies.declarations[3].name: "lang" is the module\'s own cookie, which the module declares itself; leave it out',
      'cookies.declarations[4].lifetime.en: missing; every text needs each language of policy.locales (lv, en)',
    ]);
    // Statistics asked as a box at signup rather than as a cookie category: nobody is asked about a statistics cookie.
    const purposes = xpartsPreset.purposes.map((purpose) =>
      purpose.consent?.cookieCategory === 'analytics'
        ? { ...purpose, consent: { offeredAt: ['signup' as const], label: { lv: 'Statistika', en: 'Statistics' } } }
        : purpose,
    );
    expect(failure({ purposes, cookies: { declarations: [statistics] } })).to.deep.equal([
      'cookies.declarations[0].category: no purpose asks consent to "analytics" cookies (purposes[].consent.cookieCategory), so this cookie could never be set; add such a purpose or remove the cookie',
    ]);
  });
});
