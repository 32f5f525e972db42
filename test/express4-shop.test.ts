import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { assert, expect } from 'chai';
import type { Page } from 'playwright-core';
import { onEachDatabase, tempDir } from './support/databases.js';
import { screenshots, sharedChromium } from './browser/harness.js';

/**
 * examples/express4-shop as a shop we did not write would run it: a copy of it, its own
 * dependencies from its lockfile (Express 4, TypeORM, hbs), and this package installed from the
 * `npm pack` tarball exactly as its README says. Then a shopper's journey over HTTP.
 */
const example = path.resolve('examples/express4-shop');
let installed = '';

function install(): string {
  const dir = tempDir('esp-express4-shop-');
  // --ignore-scripts: pack the dist/ `npm test` built, without rebuilding it under the other tests.
  const [packed] = JSON.parse(execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', dir], { encoding: 'utf8' })) as {
    filename: string;
  }[];
  assert.exists(packed, 'the tarball');
  const shop = path.join(dir, 'shop');
  fs.cpSync(example, shop, {
    recursive: true,
    filter: (from) => !/[/\\](node_modules|data)([/\\]|$)/.test(path.relative(example, from) ? `/${path.relative(example, from)}` : ''),
  });
  const npm = (args: string[]) => execFileSync('npm', [...args, '--no-audit', '--no-fund'], { cwd: shop, stdio: ['ignore', 'ignore', 'inherit'] });
  npm(['ci']);
  npm(['install', path.join(dir, packed.filename)]);
  return shop;
}

async function start(shop: string, databaseUrl: string) {
  const child = spawn(process.execPath, ['server.cjs'], {
    cwd: shop,
    env: { ...process.env, PORT: '0', DATABASE_URL: databaseUrl, NODE_ENV: 'development' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const port = await new Promise<number>((resolve, reject) => {
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const found = /listening on (\d+)/.exec(output)?.[1];
      if (found) resolve(Number(found));
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    child.on('exit', (code) => reject(new Error(`the shop exited with ${code}:\n${output}`)));
  });
  // SIGTERM: the shop closes its server and both pools, and exits on its own; a shop that hangs there fails the test.
  const stop = () =>
    new Promise<number | null>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the shop did not exit within 10 s of SIGTERM:\n${output}`)), 10_000);
      child.once('exit', (code) => (clearTimeout(timer), resolve(code)));
      child.kill('SIGTERM');
    });
  return { port, output: () => output, stop };
}

/** A browser, reduced to its cookie jar and the forms' CSRF tokens. */
function shopper(base: string) {
  const jar = new Map<string, string>();
  async function go(url: string, body?: Record<string, string>) {
    const res = await fetch(new URL(url, base), {
      method: body ? 'POST' : 'GET',
      redirect: 'manual',
      headers: { cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; '), ...(body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
      ...(body ? { body: new URLSearchParams(body).toString() } : {}),
    });
    for (const cookie of res.headers.getSetCookie()) {
      const [pair = ''] = cookie.split(';');
      const at = pair.indexOf('=');
      jar.set(pair.slice(0, at), pair.slice(at + 1));
    }
    return { status: res.status, location: res.headers.get('location'), text: await res.text() };
  }
  const token = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
  return { go, token };
}

const address = { full_name: 'Ilze Kalniņa', street: 'Meža iela 7', city: 'Sigulda', postcode: 'LV-2150', country: 'LV' };

describe('the Express 4 example shop, as written', function () {
  it('keeps its privacy integration within 80 lines of its own code outside its options file', function () {
    const files = fs
      .readdirSync(example, { recursive: true, encoding: 'utf8' })
      .filter((file) => /\.(cjs|hbs)$/.test(file) && !file.startsWith('node_modules'));
    const lines = (file: string) => fs.readFileSync(path.join(example, file), 'utf8').split('\n');
    // privacy.cjs is all integration; elsewhere, the lines that name the module, its hooks or what it prints.
    const wiring = lines('privacy.cjs').filter((line) => line.trim() !== '').length;
    const calls = files
      .filter((file) => file !== 'privacy.cjs' && file !== 'privacy.options.cjs')
      .flatMap(lines)
      .filter((line) => /privacy|consentFields/i.test(line) && !line.trim().startsWith('//')).length;
    expect(wiring).to.be.greaterThan(20);
    expect(wiring + calls).to.be.at.most(80);
  });
});

describe('the Express 4 example shop, installed from the npm pack tarball', function () {
  this.timeout(900_000);
  before(function () {
    installed = install();
  });
  after(function () {
    if (installed) fs.rmSync(path.dirname(installed), { recursive: true, force: true });
  });

  onEachDatabase('a shopper on Express 4 and TypeORM', (db) => {
    it('signs up and orders with consent, sees address and order lines in the export, loses nothing to a rolled-back order, and is erased', async function () {
      const shop = await start(installed, db().url);
      try {
        const base = `http://127.0.0.1:${shop.port}`;
        const { go, token } = shopper(base);
        const signup = await go('/signup');
        expect(signup.text).to.contain('consent_newsletter').and.not.to.contain('checked');
        const created = await go('/signup', {
          _csrf: token(signup.text),
          email: 'ilze@example.lv',
          password: 'correct horse 42',
          ...address,
          consent_newsletter: 'yes',
        });
        expect(created.status, created.text).to.equal(303);

        const form = await go('/');
        const checkout = await go('/checkout', { _csrf: token(form.text), qty_1: '2', ...address });
        expect(checkout.status, checkout.text).to.equal(303);
        const events = async () => Number((await db().knex('privacy_consent_events').count({ n: '*' }).first())?.n);
        const [orders, consentEvents] = [await db().knex('orders').count({ n: '*' }).first(), await events()];

        // Three bulbs where one is left: the shop's stock check fails after the hook, and the order's transaction takes the consent records with it.
        const again = await go('/');
        const refused = await go('/checkout', { _csrf: token(again.text), qty_3: '3', ...address, consent_newsletter: 'yes' });
        expect(refused.status).to.equal(409);
        expect(refused.text).to.contain('Riepu Punkts').and.to.contain('left');
        expect(await db().knex('orders').count({ n: '*' }).first()).to.deep.equal(orders);
        expect(await events()).to.equal(consentEvents);

        const account = await go('/privacy/account');
        expect(account.status).to.equal(200);
        // The module's page inside the shop's own layout: its header, its footer, its inline script with the nonce.
        expect(account.text)
          .to.contain('class="shop-header"')
          .and.to.contain('Meža iela 7')
          .and.to.match(/<script nonce="[^"]+">document\.getElementById\('year'\)/);
        const exported = JSON.parse((await go('/privacy/account/export.json')).text) as unknown;
        expect(JSON.stringify(exported)).to.contain('Meža iela 7').and.to.contain('"quantity"');

        const preview = await go('/privacy/account/erase');
        expect(preview.status).to.equal(200);
        const erased = await go('/privacy/account/erase', { _csrf: token(preview.text), confirm: 'yes' });
        expect(erased.status, erased.text).to.be.oneOf([200, 303]);
        expect(await db().knex('users').count({ n: '*' }).first()).to.deep.include({ n: 0 });
        expect(await db().knex('address').count({ n: '*' }).first()).to.deep.include({ n: 0 });
        const kept = await db().knex('orders').select('email', 'address_id', 'total_cents');
        expect(kept).to.deep.equal([{ email: null, address_id: null, total_cents: 3780 }]);
      } finally {
        expect(await shop.stop()).to.equal(0);
      }
    });
  });

  describe('in Chromium', function () {
    const chromium = sharedChromium();
    onEachDatabase("the module's pages in the shop's own layout", (db) => {
      it("shows the policy, cookies, request and account pages between the shop's header and footer, under its CSP, at phone and desktop widths", async function () {
        const browser = chromium();
        assert.exists(browser, 'Chromium, launched before the tests');
        const shop = await start(installed, db().url);
        const context = await browser.newContext({ baseURL: `http://127.0.0.1:${shop.port}` });
        try {
          const page = await context.newPage();
          await page.addInitScript(`window.__violations = [];
            addEventListener('securitypolicyviolation', (e) => window.__violations.push(e.violatedDirective + ' ' + (e.blockedURI || 'inline')), true);`);
          const look = async (url: string, name: string, heading: RegExp) => {
            await page.goto(url);
            await expectShopAround(page, heading);
            await screenshots(page, `express4-shop-${name}`);
          };
          await look('/privacy/policy', 'policy', /privātuma|privacy/i);
          await look('/privacy/cookies', 'cookies', /sīkdatn|cookie/i);
          await look('/privacy/request', 'request', /.+/);

          await page.goto('/signup');
          for (const [field, value] of Object.entries({ email: 'ilze@example.lv', password: 'correct horse 42', ...address })) {
            await page.locator(`[name="${field}"]`).fill(value);
          }
          await page.locator('main form button[type="submit"]').last().click();
          await page.waitForLoadState('load');
          await look('/privacy/account', 'account', /.+/);
          expect(await page.locator('main').textContent()).to.contain('Meža iela 7');
        } finally {
          await context.close();
          expect(await shop.stop()).to.equal(0);
        }
      });
    });
  });
});

/** The module's page is the shop's main content: the shop's header and footer around it, its nonce script run, nothing blocked. */
async function expectShopAround(page: Page, heading: RegExp): Promise<void> {
  expect(await page.locator('header.shop-header .brand').textContent(), page.url()).to.equal('Riepu Punkts');
  expect(await page.locator('footer.shop-footer').textContent(), page.url()).to.match(/© \d{4} SIA Riepu Punkts/);
  expect(await page.locator('main h1').first().textContent(), page.url()).to.match(heading);
  const header = await page.locator('header.shop-header').boundingBox();
  const main = await page.locator('main').boundingBox();
  const footer = await page.locator('footer.shop-footer').boundingBox();
  assert.ok(header && main && footer, 'header, main and footer are on the page');
  expect(header.y + header.height, 'the header above the page').to.be.at.most(main.y + 1);
  expect(main.y + main.height, 'the footer below it').to.be.at.most(footer.y + 1);
  expect(await page.evaluate<string[]>('window.__violations'), page.url()).to.deep.equal([]);
}
