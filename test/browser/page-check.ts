import { expect } from 'chai';
import type { BrowserContext, Page } from 'playwright-core';
import { accessibilityViolations, screenshots } from './harness.js';

/**
 * What every page in a journey must pass: no accessibility violation (axe-core), nothing
 * fetched from anywhere but the shop itself, and screenshots at phone and desktop widths.
 */
export async function checkPage(page: Page, name: string): Promise<void> {
  await page.waitForLoadState('load');
  expect(await accessibilityViolations(page), `${name}: ${page.url()}`).to.deep.equal([]);
  await screenshots(page, name);
}

/** Every request the context makes, so a test can show none leaves the loopback shop. */
export function recordRequests(context: BrowserContext): string[] {
  const urls: string[] = [];
  context.on('request', (request) => urls.push(request.url()));
  return urls;
}

/** The newest e-mail to `to` whose subject contains `subject`, from the dev outbox pages, as a shopper would open it. */
export async function openMail(page: Page, base: string, to: string, subject: string): Promise<string> {
  const row = page.locator('tr', { hasText: to }).filter({ hasText: subject }).first();
  // Some e-mails go out just after the response: look again for a few seconds.
  for (let attempt = 0; attempt < 50; attempt++) {
    await page.goto(`${base}/dev/outbox`);
    if ((await row.count()) > 0) break;
    await page.waitForTimeout(100);
  }
  await row.getByRole('link').click();
  return (await page.locator('pre').textContent()) ?? '';
}

/** The first link in an e-mail's text that starts with `prefix`. */
export function linkIn(text: string, prefix: string): string {
  const found = text.match(new RegExp(`${prefix.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}[^\\s]*`));
  if (!found) throw new Error(`no link to ${prefix} in the e-mail:\n${text}`);
  return found[0];
}
