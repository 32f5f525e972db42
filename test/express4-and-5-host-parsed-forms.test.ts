import { expect } from 'chai';
import express from 'express';
import request from 'supertest';
import { translate } from '../lib/i18n/index.js';
import { onEachDatabase } from './support/databases.js';
import { createHost } from './support/host.js';
import { fingerprint } from './security/harness.js';

const cookiesOf = (res: request.Response): string =>
  ((res.headers['set-cookie'] as unknown as string[] | undefined) ?? []).map((line) => line.split(';')[0] ?? '').join('; ');
const tokenOf = (html: string): string => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';

// Said in full, whatever the shared test host's defaults are.
const shop = {
  controller: { name: 'SIA Testa Veikals', regNo: '40000000000', address: 'Brīvības iela 1, Rīga, LV-1010', email: 'info@example.lv', website: 'example.lv' },
  supervisoryAuthority: {
    name: { lv: 'Datu valsts inspekcija', en: 'Data State Inspectorate' },
    address: 'Elijas iela 17, Rīga, LV-1050',
    website: 'https://www.dvi.gov.lv',
  },
};

/**
 * A shop that parses every body itself, before the module's router (issue 19, Express 4 and 5):
 * `app.use(express.urlencoded({ extended: true }))` with its generous limits, and express.json().
 * The module's forms keep their own limits: too many fields or bytes, nesting, or a value that
 * is not text get its error page in the shopper's language, and change nothing.
 */
onEachDatabase('Forms the shop parsed first keep the module’s limits', (db) => {
  it('refuses a pre-parsed body with too many fields, too many bytes, nesting or JSON values, and takes a normal one', async function () {
    const { app, privacy } = await createHost(db().url, shop, (host) => {
      host.use(express.urlencoded({ extended: true, limit: '1mb', parameterLimit: 10_000 }));
      host.use(express.json({ limit: '1mb' }));
    });
    try {
      const page = await request(app).get('/privacy/request').expect(200);
      const token = tokenOf(page.text);
      expect(token, 'a CSRF token in the page').to.not.equal('');
      const form = (fields: string, query = '') =>
        request(app)
          .post(`/privacy/request${query}`)
          .set('Cookie', cookiesOf(page))
          .type('form')
          .send(`_csrf=${encodeURIComponent(token)}&type=access&${fields}`);
      const many = Array.from({ length: 40 }, (_, i) => `extra${i}=x`).join('&');
      const unchanged = await fingerprint(db().knex);
      const refusals: [() => request.Test, number, 'lv' | 'en'][] = [
        [() => form(`email=anna%40example.lv&${many}`), 413, 'lv'],
        [() => form(`email=${'a'.repeat(6000)}%40example.lv`, '?lang=en'), 413, 'en'],
        [() => form('email[first]=anna%40example.lv'), 400, 'lv'],
        [
          () =>
            request(app)
              .post('/privacy/request')
              .set('Cookie', cookiesOf(page))
              .send({ _csrf: token, type: 'access', email: { $gt: '' } }),
          400,
          'lv',
        ],
        [
          () => request(app).post('/privacy/cookies?lang=en').set('Cookie', cookiesOf(page)).send({ _csrf: token, choice: 'accept', analytics: true }),
          400,
          'en',
        ],
      ];
      for (const [send, status, lang] of refusals) {
        const res = await send();
        expect(res.status, res.text.slice(0, 200)).to.equal(status);
        expect(res.text).to.contain(`<html lang="${lang}">`).and.to.contain(translate(lang, 'error.badRequest.title'));
      }
      expect(await fingerprint(db().knex), 'a refused form changed a row').to.deep.equal(unchanged);
      const sent = await form('email=anna%40example.lv');
      expect(sent.status, sent.text.slice(0, 200)).to.equal(200);
      expect(sent.text).to.contain(translate('lv', 'request.sent.title'));
    } finally {
      await privacy.close();
    }
  });
});
