import fs from 'node:fs';
import { expect } from 'chai';
import { t } from '../../examples/storefront/messages.js';
import { translate } from '../../lib/i18n/index.js';
import { inChromium } from './harness.js';
import { checkPage, linkIn, openMail, recordRequests } from './page-check.js';

const lv = (key: Parameters<typeof translate>[1], vars?: Record<string, string | number>) => translate('lv', key, vars);
const anna = { email: 'anna.berzina@example.lv', first: 'Anna', last: 'Bērziņa', phone: '+371 29 123 456', address: 'Ūdeļu iela 5, Rīga' };

inChromium("a shopper's whole journey, banner to erasure", (browser, served) => {
  it('works by mouse and keyboard, in Latvian, with no accessibility violation on any page', async function () {
    this.timeout(120_000);
    const context = await browser().newContext({ locale: 'lv-LV', acceptDownloads: true });
    const requests = recordRequests(context);
    const page = await context.newPage();
    const base = served().url;

    // First visit: the banner, reachable by keyboard and not trapping focus.
    await page.goto(base);
    const banner = page.getByRole('region', { name: lv('cookies.banner.label') });
    await expect(await banner.isVisible()).to.equal(true);
    await checkPage(page, 'shop-home-banner');
    let inBanner = false;
    for (let i = 0; i < 80 && !inBanner; i++) {
      await page.keyboard.press('Tab');
      inBanner = await page.evaluate<boolean>("Boolean(document.activeElement?.closest('#privacy-banner'))");
    }
    expect(inBanner, 'Tab reaches the banner').to.equal(true);
    let leftBanner = false;
    for (let i = 0; i < 10 && !leftBanner; i++) {
      await page.keyboard.press('Tab');
      leftBanner = await page.evaluate<boolean>("!document.activeElement?.closest('#privacy-banner')");
    }
    expect(leftBanner, 'Tab moves on past the banner').to.equal(true);
    // Reject all, by keyboard: as easy as accepting.
    await banner.getByRole('button', { name: lv('cookies.rejectAll') }).focus();
    await page.keyboard.press('Enter');
    await banner.waitFor({ state: 'detached' });
    await page.reload();
    expect(await page.locator('#privacy-banner').count()).to.equal(0);

    // Browse and buy, ticking the newsletter box (unticked until the shopper ticks it).
    await page.getByRole('link', { name: 'Bremzes' }).first().click();
    await page
      .getByRole('button', { name: t('lv', 'catalogue.add') })
      .first()
      .click();
    await page.goto(`${base}/checkout`);
    await page.getByLabel(t('lv', 'checkout.email'), { exact: true }).fill(anna.email);
    await page.getByLabel(t('lv', 'checkout.firstName'), { exact: true }).fill(anna.first);
    await page.getByLabel(t('lv', 'checkout.lastName'), { exact: true }).fill(anna.last);
    await page.getByLabel(t('lv', 'checkout.phone'), { exact: true }).fill(anna.phone);
    await page.getByLabel(t('lv', 'checkout.address'), { exact: true }).fill(anna.address);
    const newsletterBox = page.getByRole('main').getByRole('checkbox', { name: /jaunumus/ });
    expect(await newsletterBox.isChecked()).to.equal(false);
    await checkPage(page, 'shop-checkout-consent');
    await newsletterBox.check();
    await page.getByRole('button', { name: t('lv', 'checkout.submit') }).click();
    await page.getByRole('heading', { name: t('lv', 'thanks.title') }).waitFor();

    // The confirmation e-mail, from the dev outbox.
    const mail = await openMail(page, base, anna.email, 'Apstipriniet');
    // The link opens a page with a button (mail scanners open links): pressing it confirms.
    await page.goto(linkIn(mail, `${base}/privacy/newsletter/confirm?token=`));
    await page.getByRole('heading', { name: lv('newsletter.confirm.title') }).waitFor();
    await checkPage(page, 'newsletter-confirm');
    await page.getByRole('button', { name: lv('newsletter.confirm.submit') }).click();
    await page.getByRole('heading', { name: lv('newsletter.confirmed.title') }).waitFor();
    await checkPage(page, 'newsletter-confirmed');
    // The same e-mail's unsubscribe link opens a page with a button too; opening it withdraws nothing.
    await page.goto(linkIn(mail, `${base}/privacy/newsletter/unsubscribe?token=`));
    await page.getByRole('button', { name: lv('newsletter.unsubscribe.submit') }).waitFor();
    await checkPage(page, 'newsletter-unsubscribe');

    // Sign up with the same address, then the privacy account page.
    await page.goto(`${base}/signup`);
    await page.getByLabel(t('lv', 'checkout.email'), { exact: true }).fill(anna.email);
    await page.getByLabel(t('lv', 'checkout.firstName'), { exact: true }).fill(anna.first);
    await page.getByLabel(t('lv', 'checkout.lastName'), { exact: true }).fill(anna.last);
    await page.getByLabel(t('lv', 'signup.password'), { exact: true }).fill('a long password');
    await page.getByRole('button', { name: t('lv', 'signup.submit') }).click();
    // Until the address is proven, the account asks for it; the e-mailed link opens a page with a button.
    await page.getByText(t('lv', 'account.unverified', { email: anna.email })).waitFor();
    await checkPage(page, 'shop-account-unverified');
    const confirmation = await openMail(page, base, anna.email, t('lv', 'mail.verify.subject'));
    await page.goto(linkIn(confirmation, `${base}/account/verify?token=`));
    await checkPage(page, 'shop-verify-email');
    await page.getByRole('button', { name: t('lv', 'verify.button') }).click();
    await page.getByRole('heading', { name: t('lv', 'verify.done.title') }).waitFor();
    await checkPage(page, 'shop-email-verified');
    await page
      .getByRole('link', { name: t('lv', 'nav.account') })
      .first()
      .click();
    expect(await page.getByText(t('lv', 'account.unverified', { email: anna.email })).count()).to.equal(0);
    await page.getByRole('link', { name: t('lv', 'account.myData') }).click();
    await page.getByRole('heading', { level: 1 }).waitFor();
    expect(await page.textContent('body'))
      .to.contain(anna.phone)
      .and.contain('Ūdeļu iela 5');
    await checkPage(page, 'privacy-account');

    // Withdraw the newsletter as easily as it was given.
    const newsletter = page.locator('form', { hasText: 'jaunumus' }).filter({ has: page.getByRole('button', { name: lv('account.withdraw') }) });
    await newsletter.getByRole('button', { name: lv('account.withdraw') }).click();
    await page
      .locator('form', { hasText: 'jaunumus' })
      .getByRole('button', { name: lv('account.give') })
      .waitFor();
    expect(await served().shop.privacy.consents.allows(anna.email, 'newsletter')).to.equal(false);

    // Download the TXT the policy promises.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: lv('account.downloadTxt') }).click()]);
    const text = fs.readFileSync(await download.path(), 'utf8');
    expect(text).to.contain(anna.email).and.contain(anna.last).and.contain(anna.phone);

    // A new e-mail address: the link mailed to it opens a page with a button; opening it moves nothing.
    await page.goto(`${base}/privacy/account#rectify`);
    await page.locator('#rectify').getByLabel(lv('rectify.field.email'), { exact: true }).fill('anna.ozola@example.lv');
    await page
      .locator('#rectify')
      .getByRole('button', { name: lv('rectify.submit') })
      .click();
    await page.waitForURL(/emailSent=1/);
    const change = await openMail(page, base, 'anna.ozola@example.lv', 'jauno e-pasta adresi');
    await page.goto(linkIn(change, `${base}/privacy/account/email/confirm?token=`));
    await page.getByRole('button', { name: lv('rectify.confirm.submit') }).waitFor();
    await checkPage(page, 'privacy-email-change-confirm');
    expect(await served().shop.knex('customers').pluck('email')).to.deep.equal([anna.email]);
    await page.goto(`${base}/privacy/account`);

    // Erase the account: its section unfolds, a confirmation first, then the report, and the session ends.
    await page.locator('summary', { hasText: lv('erase.heading') }).click();
    await page.getByRole('link', { name: lv('erase.start') }).click();
    await checkPage(page, 'privacy-erase-confirm');
    await page.getByLabel(lv('erase.confirm.check')).check();
    await page.getByRole('button', { name: lv('erase.confirm.button') }).click();
    await page.getByRole('heading', { name: lv('erase.done.title') }).waitFor();
    await checkPage(page, 'privacy-erased');
    await page.goto(`${base}/account`);
    expect(new URL(page.url()).pathname).to.equal('/login');

    // Nothing was fetched from anywhere but the shop: no external fonts, scripts or trackers,
    // and with cookies rejected, not even the shop's own statistics script.
    expect(requests.filter((url) => !url.startsWith(base))).to.deep.equal([]);
    expect(requests.filter((url) => url.includes('/analytics.js') || url.includes('/advertising.js'))).to.deep.equal([]);
    await context.close();
  });
});
