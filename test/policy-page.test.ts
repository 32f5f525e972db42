import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { assert, expect } from 'chai';
import request from 'supertest';
import { catalogues } from '../lib/i18n/index.js';
import { onEachDatabase, tempDir } from './support/databases.js';
import { createHost } from './support/host.js';

/** The seed policy's sections, as each language's page must show them. */
const sections = {
  lv: [
    'Personas datu apstrādes pārzinis',
    'Kādus personas datus mēs apstrādājam?',
    'Kā mēs izmantojam personas datus?',
    'Kam mēs nododam personas datus?',
    'Sīkdatnes',
    'Kā mēs uzglabājam personas datus?',
    'Kā iegūt piekļuvi saviem personas datiem?',
    'Datu valsts inspekcija',
    // The day the text was first published: the test clock's first day (test/policy-date.test.ts).
    'Pēdējās izmaiņas veiktas: 25.11.2026',
  ],
  en: [
    'Controller',
    'Which personal data do we process?',
    'How do we use personal data?',
    'To whom do we pass personal data?',
    'Cookies',
    'How do we store personal data?',
    'How do you get access to your personal data?',
    'Data State Inspectorate (Datu valsts inspekcija)',
    'Last changed: 25 November 2026',
  ],
};

onEachDatabase('privacy policy page', (db) => {
  it('is served in Latvian by default, naming SIA KRAUD and the date last changed', async function () {
    const { app, privacy } = await createHost(db().url);
    const res = await request(app)
      .get('/privacy/policy')
      .expect(200)
      .expect('content-type', /text\/html; charset=utf-8/);
    expect(res.text).to.contain('<html lang="lv">');
    expect(res.text).to.contain('SIA KRAUD');
    expect(res.text).to.contain('40103337911');
    expect(res.text).to.contain('Mārupes nov., Mārupes pag., &quot;Brīvmaņi&quot;, LV-2167');
    expect(res.text).to.contain('25.11.2026');
    for (const heading of sections.lv) expect(res.text).to.contain(heading);
    for (const purpose of privacy.options.purposes) {
      assert.exists(purpose.title.lv, purpose.id);
      expect(res.text).to.contain(purpose.title.lv);
    }
    for (const recipient of privacy.options.recipients) {
      assert.exists(recipient.name.lv, recipient.id);
      expect(res.text).to.contain(recipient.name.lv);
    }
    for (const right of ['access', 'withdraw', 'rectify', 'restrict', 'portability', 'erase', 'object'] as const) {
      expect(res.text).to.contain(escapeHtml(catalogues.lv[`policy.rights.${right}`]));
    }
    expect(res.text).to.contain('TXT');
    await privacy.close();
  });

  it('is served in English with ?lang=en, or when the browser prefers English', async function () {
    const { app, privacy } = await createHost(db().url);
    const byQuery = await request(app).get('/privacy/policy?lang=en').expect(200);
    expect(byQuery.text).to.contain('<html lang="en">');
    for (const heading of sections.en) expect(byQuery.text).to.contain(escapeHtml(heading));
    for (const purpose of privacy.options.purposes) {
      assert.exists(purpose.title.en, purpose.id);
      expect(byQuery.text).to.contain(escapeHtml(purpose.title.en));
    }
    const byHeader = await request(app).get('/privacy/policy').set('Accept-Language', 'en-GB,en;q=0.9').expect(200);
    expect(byHeader.text).to.contain('Last changed: 25 November 2026');
    const unknown = await request(app).get('/privacy/policy?lang=de').set('Accept-Language', 'de').expect(200);
    expect(unknown.text).to.contain('<html lang="lv">');
    await privacy.close();
  });

  it('follows the language the host shop chose for the shopper', async function () {
    const { app, privacy } = await createHost(db().url, {}, (host) =>
      host.use((_req, res, next) => {
        res.locals.locale = 'en';
        next();
      }),
    );
    const res = await request(app).get('/privacy/policy?lang=lv').expect(200);
    expect(res.text).to.contain('<html lang="en">');
    const home = await request(app).get('/').expect(200);
    expect(home.text).to.contain('href="/privacy/policy?lang=en"').and.to.contain('locale=en');
    await privacy.close();
  });

  it("asks the host's locale option first, e.g. the language in the customer's profile", async function () {
    const { app, privacy } = await createHost(db().url, { locale: (req) => (req.get('x-profile-language') === 'english' ? 'en' : undefined) });
    const english = await request(app).get('/privacy/policy').set('X-Profile-Language', 'english').set('Accept-Language', 'lv').expect(200);
    expect(english.text).to.contain('<html lang="en">');
    // No answer from the host: the request decides (Accept-Language here).
    const latvian = await request(app).get('/privacy/policy').set('Accept-Language', 'lv').expect(200);
    expect(latvian.text).to.contain('<html lang="lv">');
    const cookie = await request(app).get('/privacy/policy').set('Cookie', 'lang=en').expect(200);
    expect(cookie.text).to.contain('<html lang="en">');
    await privacy.close();
  });

  it('serves exactly the text whose hash was recorded for this version', async function () {
    const { app, privacy } = await createHost(db().url);
    const res = await request(app).get('/privacy/policy').expect(200);
    const recorded = await db().knex('privacy_policy_versions').where({ version: privacy.options.policy.version, locale: 'lv' }).first();
    expect(res.text).to.contain(recorded.text);
    expect(recorded.text_hash).to.equal(createHash('sha256').update(recorded.text, 'utf8').digest('hex'));
    await privacy.close();
  });

  it('sends strict security headers with a fresh script nonce per response', async function () {
    const { app, privacy } = await createHost(db().url);
    const first = await request(app).get('/privacy/policy').expect(200);
    const second = await request(app).get('/privacy/policy').expect(200);
    const csp = String(first.headers['content-security-policy']);
    expect(csp).to.match(/script-src 'self' 'nonce-[A-Za-z0-9+/=]{24}'/);
    expect(csp).to.contain("frame-ancestors 'none'").and.to.contain("object-src 'none'").and.to.contain("script-src-attr 'none'");
    expect(csp).not.to.contain('unsafe-inline');
    expect(second.headers['content-security-policy']).not.to.equal(csp);
    expect(first.headers['x-content-type-options']).to.equal('nosniff');
    expect(first.headers['referrer-policy']).to.equal('same-origin');
    await request(app)
      .get('/privacy/assets/privacy.css')
      .expect(200)
      .expect('content-type', /text\/css/);
    await privacy.close();
  });

  it("uses a template the host put in its own views folder instead of the module's", async function () {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'layout.hbs'), '<!doctype html><html lang="{{locale}}"><body class="my-shop">{{body}}</body></html>');
    const { app, privacy } = await createHost(db().url, { views: dir });
    const res = await request(app).get('/privacy/policy').expect(200);
    expect(res.text).to.contain('<body class="my-shop">');
    expect(res.text).to.contain('SIA KRAUD');
    await privacy.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#x27;')
    .replace(/`/g, '&#x60;')
    .replace(/=/g, '&#x3D;');
}
