import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { assert, expect } from 'chai';
import type { Page } from 'playwright-core';
import { translate } from '../../lib/i18n/index.js';
import { onEachDatabase } from '../support/databases.js';
import { cspHost, hostPolicies, type HostPolicy } from '../support/csp-host.js';
import { screenshots, sharedChromium } from './harness.js';

const lv = (key: Parameters<typeof translate>[1]) => translate('lv', key);

/**
 * Before any script of the page: every CSP violation the page reports, and every choice the
 * banner's script sent (it says so with a `privacy:choice` event; without its script the form
 * posts the old way and the page loads again, which starts this list afresh).
 */
const watch = `
  window.__violations = [];
  window.__choices = [];
  addEventListener('securitypolicyviolation', (e) => window.__violations.push(e.violatedDirective + ' blocked ' + (e.blockedURI || 'inline')), true);
  document.addEventListener('privacy:choice', (e) => window.__choices.push(e.detail.choice));
`;

const violations = (page: Page) => page.evaluate<string[]>('window.__violations');
const choices = (page: Page) => page.evaluate<string[]>('window.__choices');

/** A small shop of its own (not the example storefront) on a free loopback port, under one policy. */
async function serve(url: string, policy: HostPolicy) {
  const { app, privacy } = await cspHost(url, policy);
  const server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    privacy,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await privacy.close();
    },
  };
}

/**
 * The module on a shop's own page under the shop's own CSP, as docs/api.md#security-headers says
 * to mount it: the banner shows, styled, its script runs and posts the choice, and the browser
 * reports no violation of the shop's policy.
 */
describe('in Chromium: the banner under the shop’s own CSP', function () {
  const chromium = sharedChromium();

  onEachDatabase('a shop page', (db) => {
    for (const policy of ['nonce', 'self', 'none'] as const) {
      it(`${hostPolicies[policy]}: the banner shows, its script posts "reject", no violation, and the choice holds on reload`, async function () {
        this.timeout(60_000);
        const browser = chromium();
        assert.exists(browser, 'Chromium, launched before the tests');
        const shop = await serve(db().url, policy);
        const context = await browser.newContext({ locale: 'lv-LV', viewport: { width: 1280, height: 800 } });
        try {
          await context.addInitScript(watch);
          const page = await context.newPage();
          await page.goto(shop.base);
          const banner = page.locator('#privacy-banner');
          await banner.waitFor({ state: 'visible' });
          // The module's stylesheet applied: the banner sticks to the bottom of the screen.
          expect(await page.evaluate<string>("getComputedStyle(document.getElementById('privacy-banner')).position")).to.equal('sticky');
          // The shop's own inline script runs where its policy gives it the nonce.
          if (policy === 'nonce') expect(await page.locator('#shop-script').textContent()).to.equal('ran');
          await screenshots(page, `host-csp-${policy}`);

          const posted = page.waitForResponse((response) => response.request().method() === 'POST' && new URL(response.url()).pathname === '/privacy/cookies');
          await page.getByRole('button', { name: lv('cookies.rejectAll') }).click();
          expect((await posted).status()).to.equal(200);
          await banner.waitFor({ state: 'detached' });
          // Sent by the banner's script (fetch, no page load): it ran under the shop's policy.
          expect(await choices(page)).to.deep.equal(['reject']);
          expect(await violations(page)).to.deep.equal([]);

          await page.reload();
          await page.locator('footer').waitFor();
          expect(await banner.count()).to.equal(0);
          const cookie = (await context.cookies()).find((c) => c.name === shop.privacy.options.cookies.name);
          assert.exists(cookie, 'the choice cookie');
          expect(await violations(page)).to.deep.equal([]);
        } finally {
          await context.close();
          await shop.close();
        }
      });
    }

    it('a nonce the shop sets only after privacy.middleware() is not the banner’s: the browser reports its script blocked (what the docs warn of)', async function () {
      this.timeout(60_000);
      const browser = chromium();
      assert.exists(browser, 'Chromium, launched before the tests');
      const shop = await serve(db().url, 'nonceTooLate');
      const context = await browser.newContext({ locale: 'lv-LV' });
      try {
        await context.addInitScript(watch);
        const page = await context.newPage();
        await page.goto(shop.base);
        await page.locator('#privacy-banner').waitFor({ state: 'visible' });
        await page.waitForFunction('window.__violations.length > 0');
        expect((await violations(page)).join('\n')).to.contain('script-src-elem blocked http://127.0.0.1');
      } finally {
        await context.close();
        await shop.close();
      }
    });
  });
});
