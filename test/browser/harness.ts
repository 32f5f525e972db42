import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import path from 'node:path';
import { assert } from 'chai';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createShop, type Shop } from '../../examples/storefront/app.js';
import { onEachDatabase, tempDir, type TestDatabase } from '../support/databases.js';

/** Debian's Chromium, as `.ci/run` installs it; CHROMIUM_PATH points elsewhere. */
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const hasChromium = fs.existsSync(chromiumPath);

/** Headless, no sandbox (CI runs as root), no background traffic; Playwright gives each launch a fresh profile. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: ['--no-sandbox', '--disable-background-networking', '--disable-dev-shm-usage', '--disable-component-update', '--no-first-run'],
  });
}

export interface ServedShop {
  shop: Shop;
  url: string;
  outboxDir: string;
  close(): Promise<void>;
}

/** The example shop on a free loopback port, its e-mails in a folder of their own. */
export async function serveShop(databaseUrl: string): Promise<ServedShop> {
  // The server listens first, for the port the shop's public URL names; the shop answers once it is made.
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const outboxDir = tempDir('esp-browser-outbox-');
  const shop = await createShop({
    databaseUrl,
    outboxDir,
    publicUrl: url,
    sessionSecret: 'browser-test-session-secret-0123456789',
    privacySecret: 'browser-test-privacy-secret-0123456789',
    devOutbox: true,
  });
  server.on('request', shop.app);
  return {
    shop,
    url,
    outboxDir,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await shop.close();
      fs.rmSync(outboxDir, { recursive: true, force: true });
    },
  };
}

/** Where screenshots go for review: not committed (test-output/ is ignored). */
export const screenshotDir = path.resolve('test-output/screenshots');

/** A phone's viewport and a desktop's: every page is looked at in both. */
export const viewports = [
  [390, 844],
  [1280, 800],
] as const;

/**
 * The page at a phone's width and a desktop's, full length. A page wider than the screen (a
 * phone scrolling sideways) fails, naming what sticks out; the screenshot is written first.
 */
export async function screenshots(page: Page, name: string): Promise<void> {
  fs.mkdirSync(screenshotDir, { recursive: true });
  const before = page.viewportSize();
  const wide: string[] = [];
  for (const [width, height] of viewports) {
    await page.setViewportSize({ width, height });
    await page.screenshot({ path: path.join(screenshotDir, `${name}-${width}.png`), fullPage: true });
    wide.push(...(await overflowing(page)).map((element) => `${name} at ${width} px: ${element}`));
  }
  if (before) await page.setViewportSize(before);
  if (wide.length > 0) throw new Error(`wider than the screen:\n${wide.join('\n')}`);
}

/** When the page scrolls sideways: the innermost elements whose right edge passes the screen's. */
async function overflowing(page: Page): Promise<string[]> {
  return page.evaluate(`(() => {
    const width = document.documentElement.clientWidth;
    if (document.documentElement.scrollWidth <= width) return [];
    // What a scrolling box (a wide table's wrap) holds scrolls there, not the page: its box is what counts.
    const clipped = (e) => { for (let p = e.parentElement; p && p !== document.body; p = p.parentElement) if (getComputedStyle(p).overflowX !== 'visible') return true; return false; };
    const out = [...document.querySelectorAll('body *')].filter((e) => e.getBoundingClientRect().right > width + 1 && !clipped(e));
    // Text that overflows its box (a flex row that does not wrap) has no element of its own: name the box.
    const found = out.length > 0 ? out : [...document.querySelectorAll('body *')].filter((e) => e.scrollWidth > e.clientWidth + 1 && e.clientWidth > 0 && getComputedStyle(e).overflowX === 'visible' && !clipped(e));
    if (found.length === 0) return ['the page itself, ' + document.documentElement.scrollWidth + ' px wide'];
    return found.filter((e) => !found.some((other) => other !== e && e.contains(other))).slice(0, 5)
      .map((e) => e.tagName.toLowerCase() + (e.className ? '.' + String(e.className).split(' ')[0] : '') + ' "' + (e.textContent || '').trim().slice(0, 80) + '"');
  })()`);
}

const axeSource = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/**
 * axe-core's findings on the page as it is now (WCAG 2.2 A/AA and best practice), one line each.
 * Evaluated through the DevTools protocol, so the page's strict CSP need not allow it.
 */
export async function accessibilityViolations(page: Page): Promise<string[]> {
  await page.evaluate(axeSource);
  // A string, not a function: it runs in the page, where `axe` and `document` live.
  const violations = await page.evaluate<
    string[]
  >(`axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] } })
    .then((result) => result.violations.map((v) => v.id + ': ' + v.help + ' at ' + v.nodes.map((n) => n.target.join(' ')).join(', ')))`);
  return violations;
}

/**
 * One Chromium for the enclosing describe, launched before its tests and closed after; without
 * Chromium its tests are skipped, saying why. Call it inside a describe; read the browser in tests.
 */
export function sharedChromium(): () => Browser | undefined {
  let browser: Browser | undefined;
  before(async function () {
    if (!hasChromium) {
      console.log(`    Browser tests SKIPPED: no Chromium at ${chromiumPath} (apt-get install chromium, or set CHROMIUM_PATH).`);
      this.skip();
    }
    browser = await launchChromium();
  });
  after(async function () {
    await browser?.close();
  });
  return () => browser;
}

/**
 * Declares browser tests once per database engine: one Chromium for the file, a fresh example
 * shop for each test. Without Chromium the tests are skipped, saying why.
 */
export function inChromium(title: string, body: (browser: () => Browser, served: () => ServedShop, db: () => TestDatabase) => void): void {
  describe(`in Chromium: ${title}`, function () {
    const chromium = sharedChromium();
    onEachDatabase('journeys', (db) => {
      let served: ServedShop | undefined;
      beforeEach(async function () {
        served = await serveShop(db().url);
      });
      afterEach(async function () {
        await served?.close();
        served = undefined;
      });
      body(
        () => {
          const browser = chromium();
          assert.exists(browser, 'Chromium, launched before the tests');
          return browser;
        },
        () => {
          assert.exists(served, 'the shop, served before each test');
          return served;
        },
        db,
      );
    });
  });
}
