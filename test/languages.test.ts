import { assert, expect } from 'chai';
import request from 'supertest';
import { catalogues, translate } from '../lib/i18n/index.js';
import { cookieDeclaration, supportedLocales } from '../index.js';
import { onEachDatabase } from './support/databases.js';
import { createHost } from './support/host.js';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe("the module's texts", function () {
  it('exist in Latvian and English for every key, none empty, with the same placeholders', function () {
    const keys = Object.keys(catalogues.lv).sort();
    for (const locale of supportedLocales) {
      const catalogue = catalogues[locale] as Record<string, string>;
      expect(Object.keys(catalogue).sort(), locale).to.deep.equal(keys);
      for (const key of keys) {
        const text = catalogue[key];
        assert.exists(text, `${locale} ${key}`);
        expect(text.trim(), `${locale} ${key}`).not.to.equal('');
        expect(placeholders(text), `${locale} ${key}`).to.deep.equal(placeholders(catalogues.lv[key as keyof typeof catalogues.lv]));
      }
    }
  });
});

onEachDatabase('the language cookie', (db) => {
  const setCookies = (res: request.Response) => (res.headers['set-cookie'] as unknown as string[] | undefined) ?? [];

  it('is set only when the shopper picks a language, never because a link carries ?lang=', async function () {
    const { app, privacy } = await createHost(db().url);
    const linked = await request(app).get('/privacy/policy?lang=en').expect(200);
    expect(setCookies(linked).filter((c) => c.startsWith('lang='))).to.deep.equal([]);
    // The policy's switcher is a pick: it carries pick=1.
    expect(linked.text).to.contain('<a href="?lang=lv&amp;pick=1" hreflang="lv" lang="lv">lv</a>');
    const picked = await request(app).get('/privacy/policy?lang=lv&pick=1').expect(303).expect('location', '/privacy/policy?lang=lv');
    expect(setCookies(picked)).to.have.length(1);
    expect(setCookies(picked)[0]).to.match(/^lang=lv; Max-Age=31536000; Path=\/; Expires=[^;]+; HttpOnly; SameSite=Lax$/);
    // Other parameters stay; a picked language is remembered on pages without ?lang=.
    await request(app).get('/privacy/cookies?return_to=%2F&lang=en&pick=1').expect(303).expect('location', '/privacy/cookies?return_to=%2F&lang=en');
    expect((await request(app).get('/privacy/policy').set('Cookie', 'lang=en').expect(200)).text).to.contain('<html lang="en">');
    // Only a page the shopper asked for: not a form post, and never a redirect off the site.
    const posted = await request(app).post('/privacy/cookies?lang=en&pick=1').type('form').send({}).expect(403);
    expect(setCookies(posted).filter((c) => c.startsWith('lang='))).to.deep.equal([]);
    await request(app).get('//evil.example/?lang=en&pick=1').expect(303).expect('location', '/');
    await privacy.close();
  });

  it("is the module's own, declared as necessary, for as long as it lasts", async function () {
    const { privacy } = await createHost(db().url);
    const lang = cookieDeclaration(privacy.options).find((cookie) => cookie.name === 'lang');
    assert.exists(lang, 'the language cookie is declared');
    expect(lang).to.include({ category: 'necessary', party: 'first', declaredBy: 'module' });
    expect(lang.lifetime).to.deep.equal({ days: 365 });
    expect(lang.purpose).to.deep.equal({ lv: translate('lv', 'cookies.own.lang'), en: translate('en', 'cookies.own.lang') });
    await privacy.close();
  });
});

onEachDatabase('a page reached in a language', (db) => {
  /** Every form's action on the page: each must keep the page's language, since no cookie does. */
  const actions = (html: string) =>
    [...html.matchAll(/<form [^>]*action="([^"]+)"/g)].map(([form, action]) => {
      assert.exists(action, `the action of ${form}`);
      return action.replace(/&amp;/g, '&');
    });

  it('keeps that language through every form it posts, without a language cookie', async function () {
    const { app, privacy } = await createHost(db().url, { currentCustomer: () => ({ id: 'c1', email: 'c1@example.lv', emailVerified: true }) });
    for (const path of ['/privacy/account?lang=en', '/privacy/account/erase?lang=en', '/privacy/cookies?lang=en', '/privacy/request?lang=en']) {
      const page = await request(app).get(path).expect(200);
      const found = actions(page.text);
      expect(found, path).not.to.deep.equal([]);
      for (const action of found) expect(action, `${path}: ${action}`).to.match(/[?&]lang=en(&|$)/);
    }
    // And a Latvian page's forms carry nothing: Latvian is the shop's first language.
    for (const action of actions((await request(app).get('/privacy/account').expect(200)).text)) expect(action).not.to.contain('lang=');
    await privacy.close();
  });
});
