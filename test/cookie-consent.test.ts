import { expect } from 'chai';
import Handlebars from 'handlebars';
import request from 'supertest';
import type { Knex } from 'knex';
import { encodeChoice } from '../lib/cookies/choice.js';
import { onEachDatabase } from './support/databases.js';
import { createHost } from './support/host.js';
import { testSecret } from './support/secret.js';
import { testClock } from './support/clock.js';

const analyticsTag = '/tags/analytics.js';
const advertisingTag = '/tags/advertising.js';

function csrfFrom(html: string): string {
  const token = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
  if (!token) throw new Error('no CSRF token in the page');
  return token;
}

function cookieNames(res: request.Response): string[] {
  return ((res.headers['set-cookie'] as unknown as string[] | undefined) ?? []).map((c) => c.split('=')[0]!);
}

async function ledger(knex: Knex) {
  return knex('privacy_consent_events').orderBy('id').select('purpose', 'event', 'granted', 'source', 'visitor_id', 'subject_id', 'policy_version', 'wording_hash');
}

onEachDatabase('cookie consent', (db) => {
  it('sets no cookie but the strictly necessary ones on a first visit, and renders no tag', async function () {
    const { app, privacy } = await createHost(db().url);
    const first = await request(app).get('/').expect(200);
    expect(cookieNames(first)).to.deep.equal(['privacy_csrf']);
    expect(first.text).not.to.contain(analyticsTag).and.not.to.contain(advertisingTag);
    expect(first.text).to.contain('id="privacy-banner"');
    // Accept and reject are the same kind of button, side by side; settings is one click away.
    expect(first.text).to.match(/<button type="submit" name="choice" value="accept" class="privacy-button">Pieņemt visas<\/button>\s*<button type="submit" name="choice" value="reject" class="privacy-button">Noraidīt visas<\/button>/);
    expect(first.text).to.contain('href="/privacy/cookies?return_to=%2F"');
    expect(first.text).to.match(/<script src="\/privacy\/assets\/banner\.js" nonce="[^"]+" defer><\/script>/);
    await request(app).get('/privacy/assets/banner.js').expect(200).expect('content-type', /javascript/);
    await privacy.close();
  });

  it('records "reject all" without JavaScript, and renders no tag afterwards', async function () {
    const { app, privacy } = await createHost(db().url);
    const agent = request.agent(app);
    const page = await agent.get('/').expect(200);
    const res = await agent.post('/privacy/cookies').type('form').send({ _csrf: csrfFrom(page.text), choice: 'reject', return_to: '/?from=banner' }).expect(303);
    expect(res.headers.location).to.equal('/?from=banner');
    const consentCookie = (res.headers['set-cookie'] as unknown as string[]).find((c) => c.startsWith('privacy_consent='))!;
    expect(consentCookie).to.match(/HttpOnly/).and.to.match(/SameSite=Lax/).and.not.to.match(/Secure/);
    const after = await agent.get('/').expect(200);
    expect(after.text).not.to.contain(analyticsTag).and.not.to.contain(advertisingTag).and.not.to.contain('privacy-banner');
    const rows = await ledger(db().knex);
    expect(rows.map((r) => [r.purpose, r.event, Boolean(r.granted), r.source])).to.deep.equal([
      ['analytics', 'not_granted', false, 'banner'],
      ['social_advertising', 'not_granted', false, 'banner'],
    ]);
    expect(rows[0].visitor_id).to.match(/^[A-Za-z0-9_-]{22}$/);
    expect(rows[0].subject_id).to.equal(null);
    expect(rows[0].policy_version).to.equal('2023-03-08');
    await privacy.close();
  });

  it('renders the tags after "accept all", and lets the visitor change it in the preference centre', async function () {
    const { app, privacy } = await createHost(db().url);
    const agent = request.agent(app);
    const page = await agent.get('/').expect(200);
    await agent.post('/privacy/cookies').type('form').send({ _csrf: csrfFrom(page.text), choice: 'accept', return_to: '/' }).expect(303);
    const accepted = await agent.get('/').expect(200);
    expect(accepted.text).to.contain(analyticsTag).and.to.contain(advertisingTag);

    const centre = await agent.get('/privacy/cookies?lang=en').expect(200);
    expect(centre.text).to.contain('Cookie settings').and.to.contain('Always on');
    expect(centre.text).to.match(/name="analytics" value="yes" checked/);
    await agent.post('/privacy/cookies?lang=en').type('form').send({ _csrf: csrfFrom(centre.text), choice: 'save', analytics: 'yes', return_to: '/privacy/cookies' }).expect(303)
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
    await agent.post('/privacy/cookies').set('Sec-GPC', '1').type('form').send({ _csrf: csrfFrom(first.text), choice: 'accept', return_to: '/' }).expect(303);
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
    await agent.post('/privacy/cookies').type('form').send({ _csrf: csrfFrom(page.text), choice: 'accept', return_to: '/' }).expect(303);
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
    const old = encodeChoice({ visitorId: 'a'.repeat(22), analytics: true, marketing: true, policyVersion: '2023-03-08', madeAt: daysAgo(0), gpc: false }, testSecret);
    const underOldPolicy = await request(app).get('/').set('Cookie', `privacy_consent=${encodeURIComponent(old)}`).expect(200);
    expect(underOldPolicy.text).to.contain('privacy-banner').and.not.to.contain(analyticsTag);
    const longAgo = encodeChoice({ visitorId: 'a'.repeat(22), analytics: true, marketing: true, policyVersion: '2026-12-01', madeAt: daysAgo(366), gpc: false }, testSecret);
    const expired = await request(app).get('/').set('Cookie', `privacy_consent=${encodeURIComponent(longAgo)}`).expect(200);
    expect(expired.text).to.contain('privacy-banner').and.not.to.contain(analyticsTag);
    const fresh = encodeChoice({ visitorId: 'a'.repeat(22), analytics: true, marketing: false, policyVersion: '2026-12-01', madeAt: daysAgo(1), gpc: false }, testSecret);
    const current = await request(app).get('/').set('Cookie', `privacy_consent=${encodeURIComponent(fresh)}`).expect(200);
    expect(current.text).to.contain(analyticsTag).and.not.to.contain('privacy-banner');
    // A cookie signed with another secret is ignored, not trusted.
    const forged = encodeChoice({ visitorId: 'a'.repeat(22), analytics: true, marketing: true, policyVersion: '2026-12-01', madeAt: daysAgo(0), gpc: false }, 'another-secret-of-at-least-32-characters');
    const refused = await request(app).get('/').set('Cookie', `privacy_consent=${encodeURIComponent(forged)}`).expect(200);
    expect(refused.text).to.contain('privacy-banner');
    expect(refused.text).not.to.contain(analyticsTag);
    await privacy.close();
  });

  it('records a logged-in shopper\'s choice as their browser\'s, never as an account consent, and marks the cookie Secure over HTTPS', async function () {
    const { app, privacy } = await createHost(db().url, { currentCustomer: () => ({ id: 5, email: 'Sandra@example.lv' }) });
    try {
      await privacy.hooks.accountCreated({ customer: { id: 5, email: 'sandra@example.lv' } });
      const states = await db().knex('privacy_consents').orderBy('purpose').select();
      const agent = request.agent(app);
      const page = await agent.get('/').set('X-Forwarded-Proto', 'https').expect(200);
      const res = await agent.post('/privacy/cookies').set('X-Forwarded-Proto', 'https').set('Accept', 'application/json').type('form')
        .send({ _csrf: csrfFrom(page.text), choice: 'accept' }).expect(200);
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
    const page = hbs.compile('{{#privacyAllows "analytics"}}<script src="/a.js"></script>{{else}}no analytics{{/privacyAllows}}|{{> privacyConsentFields at="signup"}}');
    const allowed = page({ privacy: { allows: (c: string) => c === 'analytics', locale: 'en' } });
    const refused = page({ privacy: { allows: () => false, locale: 'lv' } });
    expect(allowed).to.contain('<script src="/a.js"></script>').and.to.contain('I want to receive news and offers by e-mail.');
    expect(refused).to.contain('no analytics').and.to.contain('Vēlos saņemt jaunumus');
    expect(refused).not.to.contain('/a.js');
    expect(refused).not.to.match(/checked/);
    await privacy.close();
  });
});
