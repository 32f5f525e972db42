import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { assert, expect } from 'chai';
import { awaitMail } from '../support/outbox.js';
import { setStaffRole } from '../../examples/storefront/staff.js';
import { engines, mysqlUrl, tempDir, type TestDatabase } from '../support/databases.js';
import { csrfOf } from '../support/shop.js';

/** A browser's cookies, sent to whichever instance it talks to (as behind a load balancer). */
class Visitor {
  readonly cookies = new Map<string, string>();

  async fetch(base: string, pathname: string, form?: Record<string, string>): Promise<{ status: number; text: string; location: string | null }> {
    const res = await fetch(`${base}${pathname}`, {
      method: form ? 'POST' : 'GET',
      redirect: 'manual',
      headers: {
        cookie: [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; '),
        'accept-language': 'lv',
        ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      body: form ? new URLSearchParams(form).toString() : undefined,
    });
    for (const line of res.headers.getSetCookie()) {
      // split() gives at least one part, the cookie's name=value.
      const [pair = ''] = line.split(';');
      const at = pair.indexOf('=');
      this.cookies.set(pair.slice(0, at), pair.slice(at + 1));
    }
    return { status: res.status, text: await res.text(), location: res.headers.get('location') };
  }

  /** Opens `from` on one instance and posts its form to `action` on another. */
  async submit(pageAt: string, postTo: string, from: string, action: string, form: Record<string, string>) {
    const page = await this.fetch(pageAt, from);
    return this.fetch(postTo, action, { _csrf: csrfOf(page.text, action), ...form });
  }
}

/** `npm start` in a process of its own, on a free port, with the shared database, secrets and outbox. */
async function startInstance(databaseUrl: string, outboxDir: string): Promise<{ url: string; process: ChildProcess }> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.resolve('examples/storefront/server.ts')], {
    env: {
      ...process.env,
      PORT: '0',
      DATABASE_URL: databaseUrl,
      OUTBOX_DIR: outboxDir,
      SESSION_SECRET: 'two-instances-session-secret-0123456789',
      PRIVACY_SECRET: 'two-instances-privacy-secret-0123456789',
      NODE_ENV: 'test',
    },
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk;
      const port = /Listening on http:\/\/localhost:(\d+)/.exec(out)?.[1];
      if (port) resolve(`http://127.0.0.1:${port}`);
    });
    child.on('exit', (code) => reject(new Error(`the shop exited with ${code}: ${out}`)));
  });
  return { url, process: child };
}

const mariadb = engines.find((engine) => engine.name === 'MariaDB');

describe('two instances of the shop on one database', function () {
  if (!mariadb) {
    // SQLite is an embedded, one-process database: instances share a server database.
    it.skip(`needs MariaDB (TEST_MYSQL_URL is ${mysqlUrl ? 'set' : 'not set'}); SQLite is one process's own database`, () => undefined);
    return;
  }
  this.timeout(120_000);
  let db: TestDatabase;
  let outbox: string;
  let a: string;
  let b: string;
  const children: ChildProcess[] = [];
  before(async function () {
    db = await mariadb.create();
    outbox = tempDir('esp-two-instances-');
    // Both start at once: migrations and the seed must not trip over each other.
    const [first, second] = await Promise.all([startInstance(db.url, outbox), startInstance(db.url, outbox)]);
    children.push(first.process, second.process);
    [a, b] = [first.url, second.url];
  });
  after(async function () {
    for (const child of children) child.kill('SIGTERM');
    await Promise.all(children.map((child) => new Promise((resolve) => (child.exitCode !== null ? resolve(null) : child.once('exit', resolve)))));
    await db?.drop();
    fs.rmSync(outbox, { recursive: true, force: true });
  });

  it('honours on one the cookie choice and the login made on the other', async function () {
    const visitor = new Visitor();
    const first = await visitor.fetch(a, '/');
    expect(first.text).to.contain('privacy-banner');
    await visitor.submit(a, a, '/privacy/cookies', '/privacy/cookies', { choice: 'accept', return_to: '/' }).then((res) => expect(res.status).to.equal(303));
    const other = await visitor.fetch(b, '/');
    expect(other.text).not.to.contain('privacy-banner');
    expect(other.text).to.contain('/analytics.js');

    await visitor.submit(a, a, '/signup', '/signup', {
      email: 'anna@example.lv',
      first_name: 'Anna',
      last_name: 'Bērziņa',
      password: 'a long password',
      consent_social_advertising: 'yes',
    });
    const account = await visitor.fetch(b, '/privacy/account');
    expect(account.status).to.equal(200);
    expect(account.text).to.contain('anna@example.lv');
    // Withdrawn on B, gone for A too.
    await visitor
      .submit(b, b, '/privacy/account', '/privacy/account/consents', { purpose: 'social_advertising', answer: 'withdraw' })
      .then((res) => expect(res.status).to.equal(303));
    expect((await visitor.fetch(a, '/privacy/account')).text).to.contain('Piekrist');
    const state = await db.knex('privacy_consents').where({ purpose: 'social_advertising' }).first('granted');
    expect(Boolean(state.granted)).to.equal(false);
  });

  it('lets a request opened on one be verified and completed on the other', async function () {
    const buyer = new Visitor();
    await buyer.fetch(a, '/');
    await buyer.submit(a, a, '/', '/cart/add', { productId: '1', quantity: '1' });
    await buyer.submit(a, a, '/checkout', '/checkout', {
      email: 'liga@example.lv',
      first_name: 'Līga',
      last_name: 'Ozola',
      phone: '+371 26 000 111',
      address: 'Cēsis',
    });
    await buyer
      .submit(a, a, '/privacy/request', '/privacy/request', { type: 'rectification', email: 'liga@example.lv' })
      .then((res) => expect(res.status).to.equal(200));
    const mail = await awaitMail(outbox, (m) => m.to.includes('liga@example.lv') && m.text.includes('/privacy/request/verify'));
    assert.exists(mail, 'the verification e-mail');
    const link = /\/privacy\/request\/verify\?token=[\w-]{43}/.exec(mail.text)?.[0];
    assert.exists(link, 'the verification link');
    const token = link.split('token=')[1];
    assert.exists(token, 'the token in the link');
    await buyer.submit(b, b, link, '/privacy/request/verify', { token }).then((res) => expect(res.status).to.equal(303));
    const [request] = await db.knex('privacy_requests').where({ type: 'rectification' }).select('id', 'status');
    expect(request.status).to.equal('open');

    const staff = new Visitor();
    await staff.submit(a, a, '/signup', '/signup', {
      email: 'staff@xparts.lv',
      first_name: 'Inga',
      last_name: 'Darbiniece',
      password: 'a long staff password',
    });
    // An operator grants the role (`npm run staff -- grant`); both instances read it from the database.
    expect(await setStaffRole(db.knex, 'staff@xparts.lv', 'grant')).to.equal('granted');
    const done = await staff.submit(b, b, `/privacy/staff/requests/${request.id}`, `/privacy/staff/requests/${request.id}/complete`, { note: 'Labots.' });
    expect(done.status).to.equal(303);
    expect(await db.knex('privacy_requests').where({ id: request.id }).first('status', 'handled_by')).to.include({ status: 'done' });
  });
});
