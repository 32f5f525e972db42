import { assert, expect } from 'chai';
import { createPrivacy, xpartsPreset } from '../../index.js';
import { translate } from '../../lib/i18n/index.js';
import { recordsCsv, recordsOfProcessing } from '../../lib/records/records.js';
import { t } from '../../examples/storefront/messages.js';
import { onEachDatabase } from '../support/databases.js';
import { testSecret } from '../support/secret.js';
import { shopper, signUpVerified, startShop } from '../support/shop.js';
import { xpartsShop } from '../support/shop-options.js';

const anna = { email: 'anna.berzina@example.lv', first_name: 'Anna', last_name: 'Bērziņa', phone: '+371 29 123 456', address: 'Ūdeļu iela 5, Rīga, LV-1064' };

/** Text that, written raw into a TXT export or a terminal, would forge a line, a section or a colour. */
const forged = {
  lineBreak: 'Ozola\n\n== Forged section ==\nrole: admin',
  lineSeparator: 'Brīvības iela 10\u2028== Forged ==',
  bidi: 'Anna\u202Egnp.exe',
};

onEachDatabase('hostile text in names and addresses', (db) => {
  let shop: Awaited<ReturnType<typeof startShop>>;
  beforeEach(async function () {
    shop = await startShop(db().url);
  });
  afterEach(async function () {
    await shop.stop();
  });

  async function annaWithOrderAndAccount() {
    const guest = shopper(shop);
    await guest.addToCart(3);
    await guest.post('/checkout', anna).expect(303);
    const browser = shopper(shop);
    await signUpVerified(shop, browser, { email: anna.email, first_name: 'Anna', last_name: 'Bērziņa', password: 'a long password' });
    return browser;
  }

  it("refuses line breaks and invisible characters in a correction, in the shopper's language, changing nothing", async function () {
    const browser = await annaWithOrderAndAccount();
    const res = await browser
      .post('/privacy/account/rectify', { last_name: forged.lineBreak, address: forged.lineSeparator, first_name: forged.bidi }, '/privacy/account')
      .expect(422);
    expect(res.text).to.contain(translate('lv', 'rectify.invalid.lineBreak')).and.to.contain(translate('lv', 'rectify.invalid.characters'));
    const english = await browser.post('/privacy/account/rectify', { last_name: 'Ozola\r\nX' }, '/privacy/account?lang=en').expect(422);
    expect(english.text).to.contain(translate('en', 'rectify.invalid.lineBreak'));
    expect(await db().knex('orders').first('first_name', 'last_name', 'address')).to.deep.equal({
      first_name: anna.first_name,
      last_name: anna.last_name,
      address: anna.address,
    });
  });

  it("refuses line breaks and invisible characters at the example's checkout, in the shopper's language", async function () {
    const guest = shopper(shop);
    await guest.addToCart(3);
    const res = await guest.post('/checkout', { ...anna, last_name: forged.lineBreak, address: forged.lineSeparator, first_name: forged.bidi }).expect(422);
    expect(res.text).to.contain(t('lv', 'field.lineBreak')).and.to.contain(t('lv', 'field.characters'));
    expect(await db().knex('orders').count({ n: '*' })).to.deep.equal([{ n: 0 }]);
  });

  it('shows control characters already stored as visible escapes in the TXT export, so they forge no line', async function () {
    const browser = await annaWithOrderAndAccount();
    await db()
      .knex('orders')
      .update({ last_name: forged.lineBreak, address: forged.lineSeparator, first_name: `\u001b[31m${forged.bidi}` });
    const txt = await browser.agent.get('/privacy/account/export.txt').expect(200);
    const lines = txt.text.split('\n');
    expect(lines).not.to.include('== Forged section ==');
    expect(lines.some((line) => line.startsWith('role: admin'))).to.equal(false);
    expect(txt.text).not.to.match(/(?!\n)[\p{Cc}\p{Cf}\p{Zl}]/u);
    expect(txt.text).to.contain('Ozola\\u{a}\\u{a}== Forged section ==\\u{a}role: admin');
    expect(txt.text).to.contain('Brīvības iela 10\\u{2028}== Forged ==');
    expect(txt.text).to.contain('\\u{1b}[31mAnna\\u{202e}gnp.exe');
  });
});

describe('records.csv and spreadsheet formulas', function () {
  it('neutralises a field that a spreadsheet would run as a formula, as OWASP advises', async function () {
    const privacy = createPrivacy({
      db: 'sqlite::memory:',
      secret: testSecret,
      ...xpartsShop,
      purposes: xpartsPreset.purposes.map((p) =>
        p.id === 'cctv' ? { ...p, title: { lv: '=HYPERLINK("http://x.test")', en: '=HYPERLINK("http://x.test")' } } : p,
      ),
    });
    const records = recordsOfProcessing(privacy.options, 'en');
    const hostile = records.activities.find((a) => a.id === 'cctv');
    assert.exists(hostile, 'the CCTV activity');
    const csv = recordsCsv({
      ...records,
      activities: [
        { ...hostile, retention: '+1', legalBasisText: '-2+3', dataCategories: ['@SUM(A1)'], subjectCategories: ['\tTab'] },
        ...records.activities.filter((a) => a !== hostile),
      ],
    });
    const row = csv.split('\r\n')[1];
    assert.exists(row, 'the first activity');
    expect(row).to.contain(`"'=HYPERLINK(""http://x.test"")"`).and.to.contain(",'+1,").and.to.contain(",'-2+3,").and.to.contain(",'@SUM(A1),");
    expect(row).to.contain(",'\tTab,");
    await privacy.close();
  });
});
