import { assert, expect } from 'chai';
import express from 'express';
import request from 'supertest';
import { cookieDeclaration, findDeclaredCookie } from '../../index.js';
import { translate } from '../../lib/i18n/index.js';
import { guestSessionCookie } from '../../lib/requests/guest-session.js';
import { onEachDatabase } from '../support/databases.js';
import { createHost } from '../support/host.js';
import { testClock } from '../support/clock.js';
import { fingerprint } from './harness.js';

const hour = 60 * 60 * 1000;

/** The Set-Cookie lines of a response. */
const setCookies = (res: request.Response): string[] => (res.headers['set-cookie'] as unknown as string[] | undefined) ?? [];
/** `name=value` of each cookie a response set, as a browser would send them back. */
const jar = (res: request.Response): Map<string, string> =>
  new Map(setCookies(res).map((line) => [line.slice(0, line.indexOf('=')), line.split(';')[0] ?? '']));
const cookieHeader = (cookies: Map<string, string>) => [...cookies.values()].join('; ');
const tokenOf = (html: string): string => {
  const token = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
  assert.exists(token, 'a CSRF token in the page');
  return token ?? '';
};

/**
 * CSRF tokens are bound to the visitor they were issued to and expire (issue 18 item 7): one
 * pair taken once cannot be replayed for ever, yet a form left open over lunch still goes.
 */
onEachDatabase('CSRF tokens: bound to a visitor, with an issue time and a maximum age', (db) => {
  it('accepts a form sent two hours after it was shown, and refuses a pair a day old with the "form expired" page, changing nothing', async function () {
    const clock = testClock();
    const { app, privacy } = await createHost(db().url, { clock: clock.now });
    try {
      const lunch = await request(app).get('/').expect(200);
      clock.advance(2 * hour);
      await request(app)
        .post('/privacy/cookies')
        .set('Cookie', cookieHeader(jar(lunch)))
        .type('form')
        .send({ _csrf: tokenOf(lunch.text), choice: 'reject', return_to: '/' })
        .expect(303);

      const old = await request(app).get('/').expect(200);
      clock.advance(24 * hour);
      const unchanged = await fingerprint(db().knex);
      for (const [lang, query] of [
        ['lv', ''],
        ['en', '?lang=en'],
      ] as const) {
        const refused = await request(app)
          .post(`/privacy/cookies${query}`)
          .set('Cookie', cookieHeader(jar(old)))
          .type('form')
          .send({ _csrf: tokenOf(old.text), choice: 'accept', return_to: '/' });
        expect(refused.status, refused.text.slice(0, 200)).to.equal(403);
        expect(refused.text).to.contain(`<html lang="${lang}">`).and.to.contain(translate(lang, 'error.csrf.title'));
      }
      expect(await fingerprint(db().knex), 'a refused form changed a row').to.deep.equal(unchanged);
    } finally {
      await privacy.close();
    }
  });

  it('renews the token of a visitor who keeps browsing, keeping their visitor id, so the form of a page shown late in a long visit still goes', async function () {
    const clock = testClock();
    const { app, privacy } = await createHost(db().url, { clock: clock.now });
    try {
      const first = await request(app).get('/').expect(200);
      const cookies = jar(first);
      clock.advance(3 * hour);
      const later = await request(app).get('/').set('Cookie', cookieHeader(cookies)).expect(200);
      const renewed = jar(later);
      expect([...renewed.keys()].sort()).to.deep.equal(['privacy_csrf', 'privacy_csrf_id']);
      // The same visitor, a new issue time.
      expect(renewed.get('privacy_csrf_id')?.split('.')[0]).to.equal(cookies.get('privacy_csrf_id')?.split('.')[0]);
      for (const [name, value] of renewed) cookies.set(name, value);
      // A page shown soon after reuses the pair: two tabs of the shop hold the same valid token.
      clock.advance(10 * 60_000);
      const again = await request(app).get('/').set('Cookie', cookieHeader(cookies)).expect(200);
      for (const [name, value] of jar(again)) expect(value, name).to.equal(cookies.get(name));
      expect(tokenOf(again.text)).to.equal(tokenOf(later.text));
      clock.advance(3 * hour);
      await request(app)
        .post('/privacy/cookies')
        .set('Cookie', cookieHeader(cookies))
        .type('form')
        .send({ _csrf: tokenOf(later.text), choice: 'reject', return_to: '/' })
        .expect(303);
    } finally {
      await privacy.close();
    }
  });

  it("refuses a visitor's token and CSRF cookie when they come with another visitor's cookies", async function () {
    const { app, privacy } = await createHost(db().url);
    try {
      const first = await request(app).get('/').expect(200);
      const second = await request(app).get('/').expect(200);
      const mixed = jar(second);
      const csrfCookie = jar(first).get('privacy_csrf');
      assert.exists(csrfCookie, 'the CSRF cookie');
      mixed.set('privacy_csrf', csrfCookie ?? '');
      const unchanged = await fingerprint(db().knex);
      await request(app)
        .post('/privacy/cookies')
        .set('Cookie', cookieHeader(mixed))
        .type('form')
        .send({ _csrf: tokenOf(first.text), choice: 'accept', return_to: '/' })
        .expect(403);
      expect(await fingerprint(db().knex)).to.deep.equal(unchanged);
      // The first visitor's own cookies still carry the form.
      await request(app)
        .post('/privacy/cookies')
        .set('Cookie', cookieHeader(jar(first)))
        .type('form')
        .send({ _csrf: tokenOf(first.text), choice: 'accept', return_to: '/' })
        .expect(303);
    } finally {
      await privacy.close();
    }
  });

  it('names the CSRF cookies __Host- with Secure, Path=/ and no Domain over HTTPS, plainly over HTTP, reads only the name that fits, and declares what it sets', async function () {
    const { app, privacy } = await createHost(db().url);
    try {
      const declaration = cookieDeclaration(privacy.options);
      const secure = await request(app).get('/').set('X-Forwarded-Proto', 'https').expect(200);
      const overHttps = setCookies(secure).filter((line) => line.includes('privacy_csrf'));
      expect(overHttps.length, 'the CSRF cookies over HTTPS').to.be.above(0);
      for (const line of overHttps) {
        expect(line).to.match(/^__Host-privacy_csrf/);
        expect(line)
          .to.match(/;\s*Secure/i)
          .and.to.match(/;\s*Path=\/(;|$)/i)
          .and.not.to.match(/;\s*Domain=/i);
      }
      const plain = await request(app).get('/').expect(200);
      const overHttp = setCookies(plain).filter((line) => line.includes('privacy_csrf'));
      expect(overHttp.length, 'the CSRF cookies over HTTP').to.be.above(0);
      for (const line of overHttp)
        expect(line)
          .to.match(/^privacy_csrf/)
          .and.not.to.match(/;\s*Secure/i);
      for (const name of [...jar(secure).keys(), ...jar(plain).keys()]) assert.exists(findDeclaredCookie(declaration, name), `${name} is declared`);
      expect(declaration.map((cookie) => cookie.name)).to.include('__Host-privacy_csrf');

      await request(app)
        .post('/privacy/cookies')
        .set('X-Forwarded-Proto', 'https')
        .set('Cookie', cookieHeader(jar(secure)))
        .type('form')
        .send({ _csrf: tokenOf(secure.text), choice: 'reject', return_to: '/' })
        .expect(303);
      // A pair from plain HTTP is not the cookie an HTTPS page reads.
      await request(app)
        .post('/privacy/cookies')
        .set('X-Forwarded-Proto', 'https')
        .set('Cookie', cookieHeader(jar(plain)))
        .type('form')
        .send({ _csrf: tokenOf(plain.text), choice: 'reject', return_to: '/' })
        .expect(403);
    } finally {
      await privacy.close();
    }
  });
});

describe('the guest session cookie behind a TLS proxy', function () {
  const app = express();
  app.set('trust proxy', 'loopback');
  const guest = guestSessionCookie('/privacy');
  app.get('/set', (req, res) => {
    guest.set(req, res, 'a-session-token');
    res.end();
  });
  app.get('/read', (req, res) => void res.send(guest.read(req) ?? 'none'));
  app.get('/clear', (_req, res) => {
    guest.clear(res);
    res.end();
  });

  it('is __Host-privacy_guest, Secure, Path=/ over HTTPS, privacy_guest over HTTP, and is read and cleared by the name that fits', async function () {
    const [secure] = setCookies(await request(app).get('/set').set('X-Forwarded-Proto', 'https').expect(200));
    expect(secure)
      .to.match(/^__Host-privacy_guest=a-session-token;/)
      .and.to.match(/;\s*Secure/i)
      .and.to.match(/;\s*Path=\/(;|$)/i);
    const [plain] = setCookies(await request(app).get('/set').expect(200));
    expect(plain)
      .to.match(/^privacy_guest=a-session-token;/)
      .and.not.to.match(/;\s*Secure/i);
    await request(app).get('/read').set('X-Forwarded-Proto', 'https').set('Cookie', '__Host-privacy_guest=t1').expect(200, 't1');
    await request(app).get('/read').set('X-Forwarded-Proto', 'https').set('Cookie', 'privacy_guest=t2').expect(200, 'none');
    await request(app).get('/read').set('Cookie', 'privacy_guest=t2').expect(200, 't2');
    const [cleared] = setCookies(await request(app).get('/clear').set('X-Forwarded-Proto', 'https').expect(200));
    expect(cleared)
      .to.match(/^__Host-privacy_guest=;/)
      .and.to.match(/;\s*Secure/i);
  });
});
