import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { assert, expect } from 'chai';
import { addressHasher } from '../../lib/subjects/email.js';
import { exitCodes } from '../../lib/cli/exit-codes.js';
import { sayIn } from '../../lib/cli/locale.js';
import { onEachDatabase, tempDir } from '../support/databases.js';
import { csrfOf, shopper, startShop } from '../support/shop.js';
import { staffBrowser } from '../support/staff.js';
import { xpartsShop } from '../support/shop-options.js';

const run = promisify(execFile);
const cli = path.resolve('bin/shop-privacy.ts');

/** The CLI as an operator runs it: its exit code and output instead of throwing. */
async function shopPrivacy(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', cli, ...args], {
      env: { ...process.env, DATABASE_URL: '', PRIVACY_CONFIG: '', SHOP_PRIVACY_LOCALE: '', LANG: 'C.UTF-8', LC_ALL: '', NODE_ENV: '', ...env },
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const failed = err as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

const configDir = tempDir('esp-operator-output-');
const shopConfig = path.join(configDir, 'privacy.config.mjs');
fs.writeFileSync(shopConfig, `export { default } from ${JSON.stringify(pathToFileURL(path.resolve('examples/storefront/privacy.config.ts')).href)};\n`);
after(() => fs.rmSync(configDir, { recursive: true, force: true }));

/** What a terminal would act on: escape sequences (ESC, CSI), bidi overrides, line separators. */
const terminalControls = /(?!\n)[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u;
const zane = { email: 'zane@example.lv', first_name: 'Zane', last_name: 'Liepiņa', phone: '+371 29 555 111', address: 'Brīvības iela 1, Rīga' };

onEachDatabase("what the operator's terminal and the staff pages are shown", (db) => {
  let shop: Awaited<ReturnType<typeof startShop>>;
  let env: Record<string, string>;
  beforeEach(async function () {
    shop = await startShop(db().url);
    env = { DATABASE_URL: db().url, OUTBOX_DIR: shop.outboxDir, PUBLIC_URL: 'http://shop.test' };
  });
  afterEach(async function () {
    await shop.stop();
  });

  async function zaneOrders() {
    const browser = shopper(shop);
    await browser.addToCart(1, 1);
    await browser.post('/checkout', zane).expect(303);
    return browser;
  }

  it('export prints no escape sequence stored in the data, in TXT or JSON', async function () {
    await zaneOrders();
    await db().knex('orders').update({ first_name: '\u001b]0;owned\u0007\u001b[2J\u009b31m', last_name: 'Lie\u202epiņa', address: 'Rīga\u2028== Forged ==' });
    const txt = await shopPrivacy(['export', '--config', shopConfig, '--email', zane.email], env);
    expect(txt.code, txt.stderr).to.equal(0);
    expect(txt.stdout).not.to.match(terminalControls);
    expect(txt.stdout).to.contain('\\u{1b}]0;owned\\u{7}\\u{1b}[2J\\u{9b}31m');
    const json = await shopPrivacy(['export', '--config', shopConfig, '--email', zane.email, '--format', 'json'], env);
    expect(json.code, json.stderr).to.equal(0);
    expect(json.stdout).not.to.match(terminalControls);
    // Still the same JSON: the escapes are JSON's own.
    const parsed = JSON.parse(json.stdout) as { sources: { rows: { values: Record<string, unknown> }[] }[] };
    expect(JSON.stringify(parsed)).to.contain('Lie\u202epiņa');
    const bad = await shopPrivacy(['export', '--config', shopConfig, '--email', 'x\u001b[31m@y'], env);
    expect(bad.code).to.equal(exitCodes.usage);
    expect(bad.stderr).not.to.match(terminalControls);
  });

  it('export --output creates a file only it can read, and never writes over one that exists', async function () {
    await zaneOrders();
    const dir = tempDir();
    const file = path.join(dir, 'zane.txt');
    const fresh = await shopPrivacy(['export', '--config', shopConfig, '--email', zane.email, '--output', file], env);
    expect(fresh.code, fresh.stderr).to.equal(0);
    expect(fs.statSync(file).mode & 0o777).to.equal(0o600);
    const existing = path.join(dir, 'shared.txt');
    fs.writeFileSync(existing, 'kept\n', { mode: 0o644 });
    fs.chmodSync(existing, 0o644);
    const refused = await shopPrivacy(['export', '--config', shopConfig, '--email', zane.email, '--output', existing, '--locale', 'lv'], env);
    expect(refused.code).to.equal(exitCodes.usage);
    expect(refused.stderr).to.contain(sayIn('lv')('cli.export.exists', { file: existing }));
    expect(fs.readFileSync(existing, 'utf8')).to.equal('kept\n');
    expect(fs.statSync(existing).mode & 0o777).to.equal(0o644);
    const english = await shopPrivacy(['export', '--config', shopConfig, '--email', zane.email, '--output', existing, '--locale', 'en'], env);
    expect(english.stderr).to.contain(sayIn('en')('cli.export.exists', { file: existing }));
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('a staff action is looked up by its own name only: /constructor and /valueOf are not found and change nothing', async function () {
    const browser = await zaneOrders();
    await browser.post('/signup', { email: zane.email, first_name: 'Zane', last_name: 'Liepiņa', password: 'a long password' }).expect(303);
    await browser
      .post('/privacy/account/object/legitimate', { purpose: 'cctv', reason: 'The camera at the counter films me.' }, '/privacy/account')
      .expect(303);
    const request = await db().knex('privacy_requests').where({ type: 'objection' }).first();
    const staff = await staffBrowser(shop);
    const page = `/privacy/staff/requests/${request.id}`;
    const detail = await staff.agent.get(page).expect(200);
    const token = csrfOf(detail.text, `${page}/complete`);
    for (const action of ['constructor', 'valueOf', 'toString', '__proto__', 'hasOwnProperty']) {
      await staff.agent.post(`${page}/${action}`).type('form').send({ _csrf: token }).expect(404);
    }
    expect(await db().knex('privacy_requests').where({ id: request.id }).first('status')).to.deep.equal({ status: request.status });
  });

  it("audits a look-up of someone only the shop's tables know with a keyed hash of the address, never the address", async function () {
    await zaneOrders();
    // An order the shop's own tables hold under an address the module has never recorded.
    const only = 'only.in.orders@example.lv';
    await db().knex('orders').update({ email: only });
    expect(await db().knex('privacy_subjects').where({ email: only }).count({ n: '*' })).to.deep.equal([{ n: 0 }]);
    const staff = await staffBrowser(shop);
    const found = await staff.agent.get(`/privacy/staff/lookup?email=${encodeURIComponent(only)}`).expect(200);
    expect(found.text).to.contain(only);
    const [search] = (await shop.privacy.audit.list()).filter((entry) => entry.action === 'staff.looked_up_subject');
    assert.exists(search, 'the audited search');
    expect(search.subjectId).to.equal(null);
    expect(search.details).to.deep.equal({ by: 'email', found: true, emailHash: addressHasher(shop.privacy.options.secret)(only) });
    expect(JSON.stringify(search)).not.to.contain(only);
  });
});

describe('the documented example secrets in production', function () {
  const readmeSecret = /'(dev-only-secret-change-me-[0-9a-f]+)'/.exec(fs.readFileSync('README.md', 'utf8'))?.[1] ?? 'the README has no example secret';

  it("the CLI refuses an app config that still has the README's example secret when NODE_ENV=production", async function () {
    const dir = tempDir();
    const config = path.join(dir, 'privacy.config.mjs');
    fs.writeFileSync(config, `export default { db: 'sqlite::memory:', secret: ${JSON.stringify(readmeSecret)}, ...${JSON.stringify(xpartsShop)} };\n`);
    const refused = await shopPrivacy(['migrate', '--config', config], { NODE_ENV: 'production', LANG: 'lv_LV.UTF-8' });
    expect(refused.code).to.equal(exitCodes.failed);
    expect(refused.stderr).to.contain(sayIn('lv')('cli.exampleSecret')).and.not.to.contain(readmeSecret);
    const developing = await shopPrivacy(['migrate', '--config', config]);
    expect(developing.code, developing.stderr).to.equal(0);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('the example shop refuses to start in production with a documented example secret', async function () {
    const dir = tempDir('esp-start-prod-');
    const { devSecret } = await import('../../examples/storefront/app.js');
    const result = await run(process.execPath, ['--import', 'tsx', path.resolve('examples/storefront/server.ts')], {
      timeout: 30000,
      env: {
        ...process.env,
        PORT: '0',
        NODE_ENV: 'production',
        DATABASE_URL: `sqlite:${path.join(dir, 'shop.sqlite')}`,
        OUTBOX_DIR: path.join(dir, 'outbox'),
        SESSION_SECRET: devSecret,
        PRIVACY_SECRET: readmeSecret,
      },
    }).then(
      () => ({ code: 0, output: '' }),
      (err: { code: number; stdout: string; stderr: string }) => ({ code: err.code, output: `${err.stdout}${err.stderr}` }),
    );
    expect(result.code).to.equal(1);
    expect(result.output).to.contain('SESSION_SECRET').and.to.contain('PRIVACY_SECRET').and.not.to.contain('Listening on');
    expect(result.output).not.to.contain(readmeSecret).and.not.to.contain(devSecret);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
