import { expect } from 'chai';
import { t } from '../../examples/storefront/messages.js';
import { translate } from '../../lib/i18n/index.js';
import { inChromium } from './harness.js';
import { checkPage } from './page-check.js';

const lv = (key: Parameters<typeof translate>[1]) => translate('lv', key);

inChromium('a consent already given, at the next checkout', (browser, served) => {
  it('shows as given with the way to withdraw it, and a box ticked before an error stays ticked', async function () {
    this.timeout(120_000);
    const context = await browser().newContext({ locale: 'lv-LV' });
    const page = await context.newPage();
    const base = served().url;
    await page.goto(`${base}/signup`);
    await page.getByRole('button', { name: lv('cookies.rejectAll') }).click();
    await page.getByLabel(t('lv', 'checkout.email'), { exact: true }).fill('ilze@example.lv');
    await page.getByLabel(t('lv', 'checkout.firstName'), { exact: true }).fill('Ilze');
    await page.getByLabel(t('lv', 'checkout.lastName'), { exact: true }).fill('Kalna');
    await page.getByLabel(t('lv', 'signup.password'), { exact: true }).fill('a long password for the test');
    await page.getByLabel(/sociālajiem tīkliem/).check();
    await page.getByRole('button', { name: t('lv', 'signup.submit') }).click();
    await page.getByRole('heading', { name: t('lv', 'account.title') }).waitFor();

    await page.goto(base);
    await page
      .getByRole('button', { name: t('lv', 'catalogue.add') })
      .first()
      .click();
    await page.goto(`${base}/checkout`);
    const given = page.locator('.privacy-consent-given');
    expect(await given.count()).to.equal(1);
    expect(await given.textContent()).to.contain(lv('consent.given'));
    expect(await page.getByLabel(/sociālajiem tīkliem/).count()).to.equal(0);
    expect(await given.getByRole('link', { name: lv('consent.withdrawThere') }).getAttribute('href')).to.equal('/privacy/account#consents');
    await checkPage(page, 'shop-checkout-consent-given');

    // An error in the form: the newsletter box the shopper ticked comes back ticked.
    await page
      .getByRole('main')
      .getByLabel(/jaunumus un piedāvājumus/)
      .check();
    await page.getByLabel(t('lv', 'checkout.phone'), { exact: true }).fill('call me');
    await page.getByRole('button', { name: t('lv', 'checkout.submit') }).click();
    await page.getByText(t('lv', 'checkout.fix')).waitFor();
    expect(
      await page
        .getByRole('main')
        .getByLabel(/jaunumus un piedāvājumus/)
        .isChecked(),
    ).to.equal(true);
    await checkPage(page, 'shop-checkout-error-keeps-box');
    await context.close();
  });
});
