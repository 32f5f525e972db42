import { spawn, type ChildProcess } from 'node:child_process';
import { assert, expect } from 'chai';
import request from 'supertest';
import { translate } from '../lib/i18n/index.js';
import { engines, type TestDatabase } from './support/databases.js';
import { fingerprint } from './security/harness.js';

/** The Set-Cookie lines of a response, as a browser sends them back. */
const cookiesOf = (res: request.Response): string =>
  ((res.headers['set-cookie'] as unknown as string[] | undefined) ?? []).map((line) => line.split(';')[0] ?? '').join('; ');
const tokenOf = (html: string): string => {
  const token = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
  assert.exists(token, 'a CSRF token in the page');
  return token ?? '';
};

/** Starts test/support/express4-host.ts in its own process, where every `express` is Express 4. */
async function startExpress4Host(db: TestDatabase): Promise<{ url: string; express: string; child: ChildProcess; log: () => string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', '--import', './test/support/express4-register.ts', 'test/support/express4-host.ts'], {
    env: { ...process.env, EXPRESS4_HOST_DB: db.url },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const ready = await new Promise<{ port: number; express: string }>((resolve, reject) => {
    let stdout = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const line = stdout.split('\n').find((l) => l.startsWith('{'));
      if (line) resolve(JSON.parse(line) as { port: number; express: string });
    });
    child.on('exit', (code) => reject(new Error(`the Express 4 host exited (${code}) before listening:\n${stderr}`)));
  });
  return { url: `http://127.0.0.1:${ready.port}`, express: ready.express, child, log: () => stderr };
}

/**
 * The module mounted in an Express 4 shop (issue 19, Express 4 and 5): Express 4 neither
 * forwards a rejected promise to the error handler nor skips a body the shop parsed itself.
 */
for (const engine of engines) {
  describe(`Express 4: the module in an express@4 shop [${engine.name}]`, function () {
    this.timeout(60_000);
    let db: TestDatabase;
    let host: Awaited<ReturnType<typeof startExpress4Host>>;
    before(async function () {
      db = await engine.create();
      host = await startExpress4Host(db);
    });
    after(async function () {
      if (host?.child.exitCode === null) {
        const exited = new Promise((resolve) => host.child.once('exit', resolve));
        host.child.kill('SIGTERM');
        await exited;
      }
      await db?.drop();
    });

    it('runs on Express 4: the host and the module resolve express to express@4', function () {
      expect(host.express).to.contain('/node_modules/express4/');
    });

    it('shows its pages in both languages, also for a query Express 4 parses into objects', async function () {
      const lv = await request(host.url).get('/privacy/policy').expect(200);
      expect(lv.text).to.contain('<html lang="lv">');
      const en = await request(host.url).get('/privacy/policy?lang=en').expect(200);
      expect(en.text).to.contain('<html lang="en">');
      // qs, Express 4's query parser, makes `lang[x]=en` an object: it is no language, not an error.
      const odd = await request(host.url).get('/privacy/policy?lang[x]=en&return_to[a]=b').expect(200);
      expect(odd.text).to.contain('<html lang="lv">');
    });

    it('takes a form with its CSRF token and refuses one without, with its own page', async function () {
      const page = await request(host.url).get('/privacy/cookies').expect(200);
      const saved = await request(host.url)
        .post('/privacy/cookies')
        .set('Cookie', cookiesOf(page))
        .type('form')
        .send({ _csrf: tokenOf(page.text), choice: 'reject', return_to: '/' })
        .expect(303);
      expect(saved.headers.location).to.equal('/');
      const refused = await request(host.url).post('/privacy/cookies').set('Cookie', cookiesOf(page)).type('form').send({ choice: 'accept' }).expect(403);
      expect(refused.text).to.contain(translate('lv', 'error.csrf.title'));
    });

    it('answers an error inside an async handler with its error page, and keeps serving', async function () {
      for (const [lang, query] of [
        ['lv', ''],
        ['en', '?lang=en'],
      ] as const) {
        const broken = await request(host.url).get(`/privacy/account${query}`).set('x-test-session', 'broken').timeout(10_000);
        expect(broken.status, `${broken.text.slice(0, 200)}\n${host.log()}`).to.equal(500);
        expect(broken.text).to.contain(`<html lang="${lang}">`).and.to.contain(translate(lang, 'error.title'));
      }
      await request(host.url).get('/privacy/policy').expect(200);
    });

    it("applies its own form limits to a body the shop's parser read first, and changes nothing", async function () {
      const page = await request(host.url).get('/privacy/request').expect(200);
      const post = (fields: string, query = '') =>
        request(host.url)
          .post(`/privacy/request${query}`)
          .set('Cookie', cookiesOf(page))
          .set('x-host-parses', '1')
          .type('form')
          .send(`_csrf=${encodeURIComponent(tokenOf(page.text))}&type=access&${fields}`);
      const unchanged = await fingerprint(db.knex);
      const many = Array.from({ length: 40 }, (_, i) => `extra${i}=x`).join('&');
      for (const [fields, status, query, lang] of [
        [`email=anna%40example.lv&${many}`, 413, '', 'lv'],
        [`email=${'a'.repeat(6000)}%40example.lv`, 413, '?lang=en', 'en'],
        ['email[first]=anna%40example.lv', 400, '', 'lv'],
        ['email=anna%40example.lv&email=other%40example.lv&email[x]=y', 400, '', 'lv'],
      ] as const) {
        const res = await post(fields, query);
        expect(res.status, `${fields.slice(0, 60)}: ${res.text.slice(0, 200)}`).to.equal(status);
        expect(res.text).to.contain(`<html lang="${lang}">`).and.to.contain(translate(lang, 'error.badRequest.title'));
      }
      expect(await fingerprint(db.knex), 'a refused form changed a row').to.deep.equal(unchanged);
      const sent = await post('email=anna%40example.lv');
      expect(sent.status, sent.text.slice(0, 200)).to.equal(200);
      expect(sent.text).to.contain(translate('lv', 'request.sent.title'));
    });
  });
}
