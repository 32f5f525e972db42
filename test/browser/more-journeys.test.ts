import fs from 'node:fs';
import { assert, expect } from 'chai';
import type { Page } from 'playwright-core';
import { t } from '../../examples/storefront/messages.js';
import { setStaffRole } from '../../examples/storefront/staff.js';
import { translate, type MessageKey } from '../../lib/i18n/index.js';
import { inChromium } from './harness.js';
import { checkPage, linkIn, openMail, recordRequests } from './page-check.js';

const en = (key: MessageKey, vars?: Record<string, string | number>) => translate('en', key, vars);
const lv = (key: MessageKey, vars?: Record<string, string | number>) => translate('lv', key, vars);

/** A guest order through the shop's own pages, in English. */
async function placeOrder(page: Page, base: string, email: string): Promise<void> {
  await page.goto(`${base}/?lang=en`);
  await page
    .getByRole('button', { name: t('en', 'catalogue.add') })
    .first()
    .click();
  await page.goto(`${base}/checkout?lang=en`);
  await page.getByLabel(t('en', 'checkout.email'), { exact: true }).fill(email);
  await page.getByLabel(t('en', 'checkout.firstName'), { exact: true }).fill('Jānis');
  await page.getByLabel(t('en', 'checkout.lastName'), { exact: true }).fill('Ozols');
  await page.getByLabel(t('en', 'checkout.phone'), { exact: true }).fill('+371 26 000 111');
  await page.getByLabel(t('en', 'checkout.address'), { exact: true }).fill('Brīvības iela 1, Rīga');
  await page.getByRole('button', { name: t('en', 'checkout.submit') }).click();
  await page.getByRole('heading', { name: t('en', 'thanks.title') }).waitFor();
}

/** A guest asks for a right on the request page and opens the e-mailed link: their data page opens. */
async function guestRequest(page: Page, base: string, email: string, type: 'access' | 'rectification'): Promise<void> {
  await page.goto(`${base}/privacy/request?lang=en`);
  await checkPage(page, 'privacy-request-en');
  await page.getByLabel(en(`request.type.${type}`)).check();
  await page.getByLabel(en('request.email')).fill(email);
  await page.getByRole('button', { name: en('request.submit') }).click();
  await page.getByRole('heading', { name: en('request.sent.title') }).waitFor();
  await checkPage(page, 'privacy-request-sent-en');
  const mail = await openMail(page, base, email, 'xparts.lv');
  await page.goto(linkIn(mail, `${base}/privacy/request/verify?token=`));
  await checkPage(page, 'privacy-request-verify-en');
  await page.getByRole('button', { name: en('request.verify.submit') }).click();
  await page.getByRole('button', { name: en('account.guest.end') }).waitFor();
}

inChromium('guests, cookie choices, GPC and staff', (browser, served, db) => {
  it('a guest opens their data from the e-mailed link, in English, and downloads it as JSON', async function () {
    this.timeout(60_000);
    const context = await browser().newContext({ locale: 'en-GB', acceptDownloads: true });
    const page = await context.newPage();
    await placeOrder(page, served().url, 'janis@example.lv');
    await guestRequest(page, served().url, 'janis@example.lv', 'access');
    expect(await page.textContent('main'))
      .to.contain('Brīvības iela 1, Rīga')
      .and.contain('Data State Inspectorate');
    await checkPage(page, 'privacy-account-guest-en');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: en('account.downloadJson') }).click()]);
    const data = JSON.parse(fs.readFileSync(await download.path(), 'utf8'));
    expect(data.subject.email).to.equal('janis@example.lv');
    expect(data.language).to.equal('en');
    // Closing the page ends the verified session: the same URL now leads back to the request page.
    await page.getByRole('button', { name: en('account.guest.end') }).click();
    await page.goto(`${served().url}/privacy/account?lang=en`);
    expect(new URL(page.url()).pathname).to.equal('/privacy/request');
    await context.close();
  });

  it("the preference centre gives and withdraws consent to statistics, and the shop's script follows", async function () {
    this.timeout(60_000);
    const context = await browser().newContext({ locale: 'lv-LV' });
    const requests = recordRequests(context);
    const page = await context.newPage();
    await page.goto(`${served().url}/privacy/cookies`);
    await checkPage(page, 'privacy-cookies');
    await page.getByRole('checkbox', { name: new RegExp(lv('cookies.analytics.title')) }).check();
    await page.getByRole('button', { name: lv('cookies.save') }).click();
    await page.goto(served().url);
    expect(await page.locator('#privacy-banner').count()).to.equal(0);
    expect(requests.some((url) => url.endsWith('/analytics.js'))).to.equal(true);

    await page.goto(`${served().url}/privacy/cookies`);
    const box = page.getByRole('checkbox', { name: new RegExp(lv('cookies.analytics.title')) });
    expect(await box.isChecked()).to.equal(true);
    await box.uncheck();
    await page.getByRole('button', { name: lv('cookies.save') }).click();
    requests.length = 0;
    await page.goto(served().url);
    expect(requests.some((url) => url.endsWith('/analytics.js'))).to.equal(false);
    const events = await db().knex('privacy_consent_events').where({ purpose: 'analytics' }).orderBy('id').pluck('event');
    expect(events).to.deep.equal(['granted', 'withdrawn']);
    await context.close();
  });

  it('a browser sending Sec-GPC: 1 has marketing refused for it, and is told so in the banner', async function () {
    this.timeout(60_000);
    const context = await browser().newContext({ locale: 'lv-LV', extraHTTPHeaders: { 'Sec-GPC': '1' } });
    const requests = recordRequests(context);
    const page = await context.newPage();
    await page.goto(served().url);
    const banner = page.getByRole('region', { name: lv('cookies.banner.label') });
    expect(await banner.textContent()).to.contain(lv('cookies.banner.gpc'));
    await checkPage(page, 'shop-home-gpc');
    await banner.getByRole('button', { name: lv('cookies.acceptAll') }).click();
    await banner.waitFor({ state: 'detached' });
    await page.reload();
    // Statistics were accepted; marketing stays refused, as the signal asks.
    expect(requests.some((url) => url.endsWith('/analytics.js'))).to.equal(true);
    expect(requests.some((url) => url.endsWith('/advertising.js'))).to.equal(false);
    expect(await db().knex('privacy_consent_events').where({ source: 'gpc', purpose: 'social_advertising' }).pluck('event')).to.deep.equal(['not_granted']);
    await context.close();
  });

  it('after a policy change, a customer keeps one consent and withdraws another, one choice per purpose', async function () {
    this.timeout(60_000);
    const context = await browser().newContext({ locale: 'lv-LV' });
    const page = await context.newPage();
    const { shop } = served();
    await page.goto(served().url);
    await page
      .getByRole('region', { name: lv('cookies.banner.label') })
      .getByRole('button', { name: lv('cookies.rejectAll') })
      .click();
    await page.goto(`${served().url}/signup`);
    await page.getByLabel(t('lv', 'checkout.email'), { exact: true }).fill('marta@example.lv');
    await page.getByLabel(t('lv', 'checkout.firstName'), { exact: true }).fill('Marta');
    await page.getByLabel(t('lv', 'checkout.lastName'), { exact: true }).fill('Liepa');
    await page.getByLabel(t('lv', 'signup.password'), { exact: true }).fill('a long password');
    await page.getByRole('button', { name: t('lv', 'signup.submit') }).click();
    await page.getByRole('heading', { name: t('lv', 'account.title') }).waitFor();
    const { id } = await shop.knex('customers').where({ email: 'marta@example.lv' }).first('id');
    for (const purpose of ['newsletter', 'social_advertising']) await shop.privacy.consents.grant({ customerId: id }, purpose, { source: 'account' });
    // Both were given under a policy older than the one in force.
    await shop.knex('privacy_consents').where({ granted: true }).update({ policy_version: '2020-01-01' });

    await page.goto(`${served().url}/privacy/account`);
    const title = (purpose: string) => {
      const found = shop.privacy.options.purposes.find((p) => p.id === purpose);
      assert.exists(found, `the purpose ${purpose}`);
      assert.exists(found.title.lv, `the Latvian title of ${purpose}`);
      return found.title.lv;
    };
    const newsletter = page.getByRole('group', { name: title('newsletter') });
    const shown = await newsletter.textContent();
    assert.exists(shown, 'the newsletter group has text');
    const given = /\d{2}\.\d{2}\.\d{4}/.exec(shown);
    assert.exists(given, 'the date the newsletter consent was given');
    expect(shown).to.contain(lv('reconfirm.changed', { given: given[0], policy: '01.01.2020' }));
    await checkPage(page, 'privacy-account-reconfirm');
    await newsletter.getByRole('radio', { name: lv('reconfirm.confirm') }).check();
    await newsletter.getByRole('button', { name: `${lv('reconfirm.save')}: ${title('newsletter')}` }).click();
    const advertising = page.getByRole('group', { name: title('social_advertising') });
    await advertising.getByRole('radio', { name: lv('reconfirm.withdraw') }).check();
    await advertising.getByRole('button', { name: `${lv('reconfirm.save')}: ${title('social_advertising')}` }).click();
    await page.getByRole('heading', { level: 1 }).waitFor();
    expect(await page.locator('.privacy-reconfirm').count()).to.equal(0);
    expect(await shop.privacy.consents.allows({ customerId: id }, 'newsletter')).to.equal(true);
    expect(await shop.privacy.consents.allows({ customerId: id }, 'social_advertising')).to.equal(false);
    expect(await shop.privacy.consents.needsReconfirmation({ customerId: id })).to.deep.equal([]);
    await context.close();
  });

  it('staff work a request from the queue; every page passes the accessibility check', async function () {
    this.timeout(60_000);
    const guest = await (await browser().newContext({ locale: 'en-GB' })).newPage();
    await placeOrder(guest, served().url, 'liga@example.lv');
    await guestRequest(guest, served().url, 'liga@example.lv', 'rectification');
    // The link lands at #rectify: the browser unfolds that section of the page.
    expect(new URL(guest.url()).hash).to.equal('#rectify');
    expect(await guest.locator('details:has(#rectify)').getAttribute('open')).to.equal('');
    expect(await guest.getByLabel(en('rectify.other')).isVisible()).to.equal(true);

    const context = await browser().newContext({ locale: 'lv-LV' });
    const page = await context.newPage();
    await page.goto(`${served().url}/signup`);
    await page.getByLabel(t('lv', 'checkout.email'), { exact: true }).fill('staff@xparts.lv');
    await page.getByLabel(t('lv', 'checkout.firstName'), { exact: true }).fill('Inga');
    await page.getByLabel(t('lv', 'checkout.lastName'), { exact: true }).fill('Darbiniece');
    await page.getByLabel(t('lv', 'signup.password'), { exact: true }).fill('a long staff password');
    await page.getByRole('button', { name: t('lv', 'signup.submit') }).click();
    await page.getByRole('heading', { name: t('lv', 'account.title') }).waitFor();
    // The address alone opens nothing: an operator grants the role (`npm run staff -- grant`).
    expect((await page.goto(`${served().url}/privacy/staff`))?.status()).to.equal(404);
    expect(await setStaffRole(served().shop.knex, 'staff@xparts.lv', 'grant')).to.equal('granted');
    await page.goto(`${served().url}/privacy/staff`);
    await page.getByRole('heading', { name: lv('staff.queue.title') }).waitFor();
    await checkPage(page, 'staff-queue');
    await page.locator('table a').first().click();
    await checkPage(page, 'staff-request');
    expect(await page.textContent('main')).to.contain('liga@example.lv');
    await page.getByRole('button', { name: lv('staff.action.start') }).click();
    await page.getByLabel(lv('staff.action.note')).fill('Adrese labota pēc Jūsu lūguma.');
    await page.getByRole('button', { name: lv('staff.action.complete') }).click();
    await page.getByText(lv('staff.action.saved')).waitFor();
    await page.getByRole('link', { name: lv('staff.nav.lookup') }).click();
    await page.getByLabel(lv('staff.lookup.email')).fill('liga@example.lv');
    await page.getByRole('button', { name: lv('staff.lookup.submit') }).click();
    await checkPage(page, 'staff-lookup');
    await page.getByRole('link', { name: lv('staff.nav.records') }).click();
    await checkPage(page, 'staff-records');
    // Each view of the person's data is in the audit trail, under this employee.
    const views = await db().knex('privacy_audit').where('action', 'like', 'staff.%').pluck('action');
    expect(views).to.include.members(['staff.viewed_request', 'staff.looked_up_subject']);
    await context.close();
  });
});
