import { expect } from 'chai';
import { translate } from '../../lib/i18n/index.js';
import { inChromium } from './harness.js';
import { checkPage } from './page-check.js';

/** Pages a journey does not pass through: the policy in both languages, refusals and errors. */
const pages: [name: string, path: string, status: number][] = [
  ['privacy-policy-lv', '/privacy/policy', 200],
  ['privacy-policy-en', '/privacy/policy?lang=en', 200],
  ['privacy-cookies-en', '/privacy/cookies?lang=en', 200],
  ['privacy-not-found', '/privacy/no-such-page', 404],
  ['privacy-newsletter-bad-link', `/privacy/newsletter/confirm?token=${'A'.repeat(43)}`, 404],
  ['privacy-unsubscribe-bad-link-en', `/privacy/newsletter/unsubscribe?token=${'B'.repeat(43)}&lang=en`, 404],
  // The link's page only asks to continue (mail scanners open links); the token is checked on the POST.
  ['privacy-request-verify-unchecked', `/privacy/request/verify?token=${'C'.repeat(43)}`, 200],
  ['privacy-email-change-bad-link', `/privacy/account/email/confirm?token=${'D'.repeat(43)}`, 404],
  ['privacy-staff-for-a-shopper', '/privacy/staff', 404],
  // The shop's own address confirmation link, unknown: a page that says so.
  ['shop-verify-unknown-link-en', `/account/verify?token=${'E'.repeat(43)}`, 404],
];

inChromium('every other module page', (browser, served, db) => {
  it('answers with the right status and passes the accessibility check, errors included', async function () {
    this.timeout(90_000);
    const context = await browser().newContext({ locale: 'lv-LV' });
    const page = await context.newPage();
    for (const [name, path, status] of pages) {
      const response = await page.goto(`${served().url}${path}`);
      expect(response?.status(), path).to.equal(status);
      await checkPage(page, name);
    }
    // A form posted with a forged CSRF token: refused with a page in the shopper's language.
    // (In Latvian: the page's language travels with the form's action; no cookie remembers it.)
    await page.goto(`${served().url}/privacy/cookies?lang=lv`);
    await page.evaluate("document.querySelectorAll('input[name=_csrf]').forEach((input) => { input.value = 'forged'; })");
    await page.getByRole('button', { name: translate('lv', 'cookies.save') }).click();
    await page.getByRole('heading', { name: translate('lv', 'error.csrf.title') }).waitFor();
    await checkPage(page, 'privacy-csrf-refused');
    expect(await db().knex('privacy_consent_events').count({ n: '*' })).to.deep.equal([{ n: 0 }]);
    await context.close();
  });
});
