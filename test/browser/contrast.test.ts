import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { t } from '../../examples/storefront/messages.js';
import { setStaffRole } from '../../examples/storefront/staff.js';
import { translate, type MessageKey } from '../../lib/i18n/index.js';
import { inChromium, screenshotDir, screenshots, viewports } from './harness.js';
import { linkIn, openMail } from './page-check.js';

const lv = (key: MessageKey, vars?: Record<string, string | number>) => translate('lv', key, vars);

/** WCAG 2.x AA for text: what every link's and button's text must reach against what is behind it. */
const minimumRatio = 4.5;

/**
 * Runs in the page. For every visible link and button inside `scope` (a selector, or the whole
 * document), and for each piece of text in it: the text colour, the colour behind it (the first
 * ancestors' backgrounds, composited until one is opaque, on the white canvas), and their WCAG
 * contrast ratio. axe-core leaves out what it cannot decide; this decides every one, so a
 * button whose text is the colour of its background cannot pass unseen.
 */
const measure = `(scope) => {
  const parse = (value) => {
    const m = /^rgba?\\(([^)]+)\\)$/.exec(value.trim());
    if (!m) return null;
    const p = m[1].split(/[\\s,/]+/).filter(Boolean).map((x) => (x.endsWith('%') ? parseFloat(x) / 100 : Number(x)));
    return { r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1 };
  };
  const over = (top, bottom) => ({ r: top.r * top.a + bottom.r * (1 - top.a), g: top.g * top.a + bottom.g * (1 - top.a), b: top.b * top.a + bottom.b * (1 - top.a), a: 1 });
  const channel = (v) => { const s = v / 255; return s <= 0.04045 ? s / 12.92 : Math.pow((s + 0.055) / 1.055, 2.4); };
  const luminance = (c) => 0.2126 * channel(c.r) + 0.7152 * channel(c.g) + 0.0722 * channel(c.b);
  const hex = (c) => '#' + [c.r, c.g, c.b].map((v) => Math.round(v).toString(16).padStart(2, '0')).join('');
  const describe = (el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + [...el.classList].map((c) => '.' + c).join('');
  const visible = (el) => {
    const rects = el.getClientRects();
    if (rects.length === 0) return false;
    const box = el.getBoundingClientRect();
    if (box.width === 0 || box.height === 0) return false;
    // Off the page (a skip link waiting for focus) is not shown.
    if (box.right + window.scrollX <= 0 || box.bottom + window.scrollY <= 0) return false;
    return getComputedStyle(el).visibility !== 'hidden';
  };
  const behind = (el) => {
    const layers = [];
    let image = null;
    for (let node = el; node; node = node.parentElement) {
      const style = getComputedStyle(node);
      if (style.backgroundImage !== 'none') image = describe(node);
      const bg = parse(style.backgroundColor);
      if (bg && bg.a > 0) {
        layers.push(bg);
        if (bg.a >= 1) break;
      }
    }
    let colour = { r: 255, g: 255, b: 255, a: 1 };
    for (let i = layers.length - 1; i >= 0; i--) colour = over(layers[i], colour);
    return { colour, image };
  };
  const roots = scope ? [...document.querySelectorAll(scope)] : [document.body];
  const controls = new Set();
  for (const root of roots) {
    for (const el of root.querySelectorAll('a[href], button, input[type=submit], input[type=button], input[type=reset], summary, [role=button], [role=link]')) controls.add(el);
  }
  const found = [];
  for (const control of controls) {
    if (!visible(control)) continue;
    const parts = new Set();
    const walker = document.createTreeWalker(control, NodeFilter.SHOW_TEXT);
    for (let text = walker.nextNode(); text; text = walker.nextNode()) {
      if (text.textContent.trim() !== '' && text.parentElement) parts.add(text.parentElement);
    }
    if (parts.size === 0) parts.add(control);
    for (const part of parts) {
      if (part !== control && part.getClientRects().length === 0) continue;
      const style = getComputedStyle(part);
      const { colour: background, image } = behind(part);
      let opacity = 1;
      for (let node = part; node; node = node.parentElement) opacity *= Number(getComputedStyle(node).opacity);
      const fg = parse(style.color);
      const label = ((control.innerText || control.value || control.getAttribute('aria-label') || '').trim().replace(/\\s+/g, ' ')).slice(0, 60);
      if (!fg) {
        found.push({ element: describe(control), text: label, problem: 'text colour ' + style.color + ' not understood' });
        continue;
      }
      const text = over({ ...fg, a: fg.a * opacity }, background);
      const lighter = Math.max(luminance(text), luminance(background));
      const darker = Math.min(luminance(text), luminance(background));
      const ratio = (lighter + 0.05) / (darker + 0.05);
      found.push({ element: describe(control) + (part === control ? '' : ' > ' + describe(part)), text: label, colour: hex(text), background: hex(background), ratio: Math.round(ratio * 100) / 100, image });
    }
  }
  return found;
}`;

/** One text as `measure` reports it: a text colour it could not read, or both colours and their ratio. */
type Measured =
  | { element: string; text: string; problem: string }
  | { element: string; text: string; colour: string; background: string; ratio: number; image: string | null };

/**
 * Every link and button of the page (or of `scope` in it: the module's own parts of a shop's
 * page), at a phone's width and a desktop's, with every <details> open: one line per text
 * below the minimum. Screenshots of both widths go to test-output/ to be looked at.
 */
async function lowContrast(page: Page, name: string, scope: string | null = null): Promise<string[]> {
  await page.waitForLoadState('load');
  await page.evaluate("document.querySelectorAll('details').forEach((d) => { d.open = true; })");
  const failures: string[] = [];
  let checked = 0;
  fs.mkdirSync(screenshotDir, { recursive: true });
  for (const [width, height] of viewports) {
    await page.setViewportSize({ width, height });
    // A string, not a function: it runs in the page, where \`document\` lives.
    const found = await page.evaluate<Measured[]>(`(${measure})(${JSON.stringify(scope)})`);
    checked += found.length;
    // A full-page shot puts a sticky banner mid-page: the module's part is also taken on its own.
    // (The banner, sticky at the bottom, would cover a part elsewhere on the page: not in that shot.)
    if (scope)
      await page
        .locator(scope)
        .first()
        .screenshot({
          path: path.join(screenshotDir, `contrast-${name}-part-${width}.png`),
          style: scope.startsWith('#privacy-banner') ? '' : '#privacy-banner { display: none; }',
        });
    for (const item of found) {
      if ('problem' in item) failures.push(`${name} @${width}px: ${item.element} "${item.text}": ${item.problem}`);
      else if (item.image)
        failures.push(`${name} @${width}px: ${item.element} "${item.text}": on a background image (${item.image}), which this check cannot measure`);
      else if (item.ratio < minimumRatio)
        failures.push(`${name} @${width}px: ${item.element} "${item.text}": ${item.colour} on ${item.background} is ${item.ratio}:1`);
    }
  }
  expect(checked, `${name}: links and buttons found`).to.be.greaterThan(0);
  await screenshots(page, `contrast-${name}`);
  return failures;
}

const customer = { email: 'ilze.kalnina@example.lv', first: 'Ilze', last: 'Kalniņa', phone: '+371 29 555 123', address: 'Lāčplēša iela 10, Rīga' };

/** Sign-up through the shop's page, then the e-mailed link that proves the address. */
async function signUp(page: Page, base: string, person: { email: string; first: string; last: string }): Promise<void> {
  await page.goto(`${base}/signup`);
  await page.getByLabel(t('lv', 'checkout.email'), { exact: true }).fill(person.email);
  await page.getByLabel(t('lv', 'checkout.firstName'), { exact: true }).fill(person.first);
  await page.getByLabel(t('lv', 'checkout.lastName'), { exact: true }).fill(person.last);
  await page.getByLabel(t('lv', 'signup.password'), { exact: true }).fill('a long password for the test');
  await page.getByRole('button', { name: t('lv', 'signup.submit') }).click();
  await page.getByRole('heading', { name: t('lv', 'account.title') }).waitFor();
}

inChromium('contrast of every link and button on every module page', (browser, served) => {
  it(`reaches ${minimumRatio}:1 (WCAG AA) at 390 and 1280 px, banner, re-consent prompt and error pages included`, async function () {
    this.timeout(180_000);
    const base = served().url;
    const failures: string[] = [];

    // A shopper who has not answered the banner: it shows on every page, the shop's and the module's.
    const context = await browser().newContext({ locale: 'lv-LV' });
    const page = await context.newPage();
    await page.goto(base);
    failures.push(...(await lowContrast(page, 'shop-banner', '#privacy-banner')));
    const pages = [
      ['policy-en', '/privacy/policy?lang=en'],
      ['policy', '/privacy/policy?lang=lv'],
      ['cookies', '/privacy/cookies'],
      ['request-verify', `/privacy/request/verify?token=${'C'.repeat(43)}`],
      ['not-found', '/privacy/no-such-page'],
      ['request', '/privacy/request'],
    ] as const;
    for (const [name, path] of pages) {
      await page.goto(`${base}${path}`);
      failures.push(...(await lowContrast(page, name)));
    }
    await page.getByLabel(lv('request.type.access')).check();
    await page.getByLabel(lv('request.email')).fill('someone@example.lv');
    await page.getByRole('button', { name: lv('request.submit') }).click();
    await page.getByRole('heading', { name: lv('request.sent.title') }).waitFor();
    failures.push(...(await lowContrast(page, 'request-sent')));

    // A customer with data: an order, a consent, a correction waiting for staff.
    await signUp(page, base, customer);
    const mail = await openMail(page, base, customer.email, t('lv', 'mail.verify.subject'));
    await page.goto(linkIn(mail, `${base}/account/verify?token=`));
    await page.getByRole('button', { name: t('lv', 'verify.button') }).click();
    await page.getByRole('heading', { name: t('lv', 'verify.done.title') }).waitFor();
    await page.goto(base);
    await page
      .getByRole('button', { name: t('lv', 'catalogue.add') })
      .first()
      .click();
    await page.goto(`${base}/checkout`);
    await page.getByLabel(t('lv', 'checkout.email'), { exact: true }).fill(customer.email);
    await page.getByLabel(t('lv', 'checkout.firstName'), { exact: true }).fill(customer.first);
    await page.getByLabel(t('lv', 'checkout.lastName'), { exact: true }).fill(customer.last);
    await page.getByLabel(t('lv', 'checkout.phone'), { exact: true }).fill(customer.phone);
    await page.getByLabel(t('lv', 'checkout.address'), { exact: true }).fill(customer.address);
    await page.getByRole('button', { name: t('lv', 'checkout.submit') }).click();
    await page.getByRole('heading', { name: t('lv', 'thanks.title') }).waitFor();
    await page.goto(`${base}/privacy/account`);
    await page
      .locator('form', { hasText: 'sociālajiem' })
      .getByRole('button', { name: lv('account.give') })
      .click();
    await page.getByText(lv('account.saved')).waitFor();
    await page.locator('summary', { hasText: lv('rectify.heading') }).click();
    await page.getByLabel(lv('rectify.other')).fill('Pasūtījumā norādītais dzīvokļa numurs ir nepareizs.');
    await page.getByRole('button', { name: lv('rectify.submit') }).click();
    await page.waitForURL(/[?&]request=\d+/);
    failures.push(...(await lowContrast(page, 'account')));
    await page.goto(`${base}/privacy/account/erase`);
    failures.push(...(await lowContrast(page, 'erase')));

    // The policy changes: the consent given under the old one is asked about again, in the banner,
    // on the shop's account page (where the shop puts the prompt) and on the module's.
    await served().shop.knex('privacy_consents').where({ granted: true }).update({ policy_version: '2020-01-01' });
    await page.goto(base);
    await page.locator('#privacy-banner .privacy-reconfirm').waitFor();
    failures.push(...(await lowContrast(page, 'shop-banner-reconfirm', '#privacy-banner')));
    await page.goto(`${base}/account`);
    failures.push(...(await lowContrast(page, 'shop-account-reconfirm', 'main .privacy-reconfirm')));
    await page.goto(`${base}/privacy/account`);
    failures.push(...(await lowContrast(page, 'account-reconfirm')));

    // Staff: the queue, the request, a look-up of the customer, the records of processing.
    const staffContext = await browser().newContext({ locale: 'lv-LV' });
    const staff = await staffContext.newPage();
    await signUp(staff, base, { email: 'staff@xparts.lv', first: 'Inga', last: 'Darbiniece' });
    expect(await setStaffRole(served().shop.knex, 'staff@xparts.lv', 'grant')).to.equal('granted');
    await staff.goto(`${base}/privacy/staff`);
    await staff.getByRole('heading', { name: lv('staff.queue.title') }).waitFor();
    failures.push(...(await lowContrast(staff, 'staff-queue')));
    await staff.locator('table a').first().click();
    await staff.getByText(customer.email).first().waitFor();
    failures.push(...(await lowContrast(staff, 'staff-request')));
    await staff.getByRole('link', { name: lv('staff.nav.lookup') }).click();
    await staff.getByLabel(lv('staff.lookup.email')).fill(customer.email);
    await staff.getByRole('button', { name: lv('staff.lookup.submit') }).click();
    await staff.getByRole('heading', { name: customer.email }).waitFor();
    failures.push(...(await lowContrast(staff, 'staff-lookup')));
    await staff.getByRole('link', { name: lv('staff.nav.records') }).click();
    failures.push(...(await lowContrast(staff, 'staff-records')));
    await staffContext.close();

    // Last, the customer erases the account: the report page.
    await page.goto(`${base}/privacy/account/erase`);
    await page.getByLabel(lv('erase.confirm.check')).check();
    await page.getByRole('button', { name: lv('erase.confirm.button') }).click();
    await page.getByRole('heading', { name: lv('erase.done.title') }).waitFor();
    failures.push(...(await lowContrast(page, 'erased')));
    await context.close();

    expect(failures, `text below ${minimumRatio}:1`).to.deep.equal([]);
  });
});
