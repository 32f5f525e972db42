import fs from 'node:fs';
import { assert, expect } from 'chai';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { onEachDatabase } from './support/databases.js';
import { awaitMail, pathOfLink, sentMail } from './support/outbox.js';
import { shopper, signUpVerified, startShop, confirmNewsletter, pressLinkButton } from './support/shop.js';

const schema = JSON.parse(fs.readFileSync('docs/export.schema.json', 'utf8'));
const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true });
(addFormats as unknown as (a: Ajv2020) => void)(ajv);
const validateExport = ajv.compile(schema);

const anna = { email: 'anna.berzina@example.lv', first_name: 'Anna', last_name: 'Bērziņa', phone: '+371 29 123 456', address: 'Ūdeļu iela 5, Rīga, LV-1064' };

onEachDatabase('the privacy account page and exports', (db) => {
  let shop: Awaited<ReturnType<typeof startShop>>;
  beforeEach(async function () {
    shop = await startShop(db().url);
  });
  afterEach(async function () {
    await shop.stop();
  });

  /**
   * A checkout as a guest, then a signup with the same e-mail, proven by the link the shop
   * e-mails: the person the exports are about, guest order and mailing list included.
   */
  async function annaWithOrderAndAccount() {
    const guest = shopper(shop);
    await guest.addToCart(1, 2);
    await guest.post('/checkout', { ...anna, email: 'Anna.Berzina@Example.lv', consent_newsletter: 'yes' }).expect(303);
    await confirmNewsletter(shop, anna.email);
    const browser = shopper(shop);
    await signUpVerified(shop, browser, { email: anna.email, first_name: 'Anna', last_name: 'Bērziņa', password: 'a long password' });
    return browser;
  }

  it('shows a logged-in shopper everything held about them, grouped by source, with the Art. 15 information', async function () {
    const browser = await annaWithOrderAndAccount();
    const page = await browser.agent.get('/privacy/account').expect(200);
    for (const value of ['Anna', 'Bērziņa', '+371 29 123 456', 'Ūdeļu iela 5, Rīga, LV-1064', 'XP-10001', 'Bremžu kluči, priekšējie'])
      expect(page.text).to.contain(value);
    expect(page.text).to.contain('Pasūtījumi').and.to.contain('Konts').and.to.contain('Videonovērošanas ieraksti');
    expect(page.text).to.contain('Datu valsts inspekcija').and.to.contain('Mārketinga pakalpojumu sniedzēji');
    expect(page.text).to.contain('/privacy/account/export.txt').and.to.contain('/privacy/account/export.json');
    // Dates and amounts as a Latvian reads them, whatever the database keeps.
    expect(page.text)
      .to.contain('77,80')
      .and.to.match(/<dd>\d{2}\.\d{2}\.\d{4} \d{2}:\d{2}<\/dd>/);
    const en = await browser.agent.get('/privacy/account?lang=en').expect(200);
    expect(en.text).to.contain('€77.80');
  });

  it('exports every personal value and the Art. 15 information as UTF-8 TXT', async function () {
    const browser = await annaWithOrderAndAccount();
    const txt = await browser.agent.get('/privacy/account/export.txt').expect(200).expect('content-type', 'text/plain; charset=utf-8');
    expect(txt.headers['content-disposition']).to.match(/attachment; filename="?xparts\.lv-privacy-\d{4}-\d{2}-\d{2}\.txt"?/);
    for (const value of [
      'Anna',
      'Bērziņa',
      '+371 29 123 456',
      'Ūdeļu iela 5, Rīga, LV-1064',
      'Anna.Berzina@Example.lv',
      anna.email,
      'XP-10001',
      'Bremžu kluči, priekšējie',
    ]) {
      expect(txt.text).to.contain(value);
    }
    expect(txt.text).to.contain('Jaunumu un piedāvājumu nosūtīšana: piekrišana dota');
    // The history reads as sentences in the shopper's language, not as the ledger's codes.
    const history = txt.text.slice(txt.text.indexOf('Piekrišanu vēsture'), txt.text.indexOf('Informācija par apstrādi'));
    expect(history).not.to.match(/\b(not_granted|acknowledged|granted|withdrawn|checkout|signup|newsletter|policy)\b| v\d{4}-/);
    expect(history).to.match(/Privātuma politika: apstiprināta iepazīšanās ar politiku \(pasūtījuma noformēšana; politikas versija [^)]+\)/);
    expect(history).to.match(/Jaunumu un piedāvājumu nosūtīšana: piekrišana dota \(jaunumu pieteikums vai e-pasta saite; politikas versija [^)]+\)/);
    expect(history).to.match(/Sasaiste ar sociālajiem tīkliem un mērķreklāma: piekrišana netika dota \(pasūtījuma noformēšana;/);
    expect(txt.text).to.contain('Informācija par apstrādi (VDAR 15. pants)').and.to.contain('Datu valsts inspekcija');
  });

  it('exports the same as structured JSON that validates against the published schema', async function () {
    const browser = await annaWithOrderAndAccount();
    const res = await browser.agent.get('/privacy/account/export.json?lang=en').expect(200).expect('content-type', 'application/json; charset=utf-8');
    const data = JSON.parse(res.text);
    expect(validateExport(data), JSON.stringify(validateExport.errors)).to.equal(true);
    const orders = data.sources.find((s: { id: string }) => s.id === 'orders');
    expect(orders.rows[0].values).to.include({
      email: 'Anna.Berzina@Example.lv',
      last_name: 'Bērziņa',
      phone: anna.phone,
      address: anna.address,
      number: 'XP-10001',
    });
    expect(orders.rows[0].children.order_lines[0]).to.include({ name: 'Bremžu kluči, priekšējie', quantity: 2, unit_price_cents: 3890 });
    // Machine-readable: an amount in cents is a number, a date is ISO 8601 text on either database.
    expect(orders.rows[0].values.total_cents).to.equal(7780);
    expect(orders.rows[0].values.created_at).to.match(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect(orders.formats).to.include({ total_cents: 'cents', created_at: 'datetime' });
    const account = data.sources.find((s: { id: string }) => s.id === 'customers');
    expect(account.rows[0].values).to.include({ email: anna.email, first_name: 'Anna' });
    expect(data.consents.history.map((e: { purpose: string; event: string }) => `${e.purpose} ${e.event}`)).to.include.members([
      'policy acknowledged',
      'newsletter granted',
    ]);
    // The shop's eight purposes and the module's own three (proof of consent, requests, audit trail).
    expect(data.information.purposes).to.have.length(11);
    expect(data.information.supervisoryAuthority.name).to.contain('Data State Inspectorate');
  });

  it('shows each shopper only their own data, whatever the URL says', async function () {
    await annaWithOrderAndAccount();
    const other = shopper(shop);
    await other.post('/signup', { email: 'peteris@example.lv', first_name: 'Pēteris', last_name: 'Kalniņš', password: 'another password' }).expect(303);
    for (const url of [
      '/privacy/account',
      '/privacy/account?customerId=1',
      '/privacy/account/export.json?email=anna.berzina@example.lv',
      '/privacy/account/export.txt?subject=1',
    ]) {
      const res = await other.agent.get(url).expect(200);
      expect(res.text, url).to.contain('peteris@example.lv');
      expect(res.text, url).not.to.contain('Bērziņa');
      expect(res.text, url).not.to.contain('XP-10001');
    }
    // Someone neither logged in nor verified by e-mail is sent to the request page.
    await shopper(shop).agent.get('/privacy/account').expect(303).expect('location', '/privacy/request');
    await shopper(shop).agent.get('/privacy/account/export.json').expect(401);
  });

  it('withdraws and gives consent from the account page as easily, CSRF-protected', async function () {
    const browser = await annaWithOrderAndAccount();
    expect(await shop.privacy.consents.allows(anna.email, 'newsletter')).to.equal(true);
    await browser.post('/privacy/account/consents', { purpose: 'newsletter', answer: 'withdraw' }, '/privacy/account').expect(303);
    expect(await shop.privacy.consents.allows(anna.email, 'newsletter')).to.equal(false);
    // Agreeing again is confirmed by e-mail, as at checkout, signup and the footer form: it counts from the click.
    const before = new Set((await sentMail(shop.privacy, shop.outboxDir)).map((m) => m.id));
    const asked = await browser.post('/privacy/account/consents', { purpose: 'newsletter', answer: 'grant' }, '/privacy/account').expect(303);
    const confirmPage = asked.headers.location;
    assert.exists(confirmPage, 'the answer redirects');
    const page = await browser.agent.get(confirmPage).expect(200);
    expect(page.text).to.contain(`apstiprinājuma saiti uz ${anna.email}`);
    expect(await shop.privacy.consents.allows(anna.email, 'newsletter')).to.equal(false);
    const confirmation = await awaitMail(
      shop.outboxDir,
      (m) => m.to.includes(anna.email) && m.text.includes('/privacy/newsletter/confirm?token=') && !before.has(m.id),
    );
    expect((await pressLinkButton(shop.app, pathOfLink(confirmation, '/privacy/newsletter/confirm'))).status).to.equal(200);
    expect(await shop.privacy.consents.allows(anna.email, 'newsletter')).to.equal(true);
    // A consent that is no e-mail list is given at once, as easily as it is withdrawn.
    await browser.post('/privacy/account/consents', { purpose: 'social_advertising', answer: 'grant' }, '/privacy/account').expect(303);
    expect(await shop.privacy.consents.allows(anna.email, 'social_advertising')).to.equal(true);
    await browser.agent.post('/privacy/account/consents').type('form').send({ purpose: 'newsletter', answer: 'withdraw' }).expect(403);
    await browser.post('/privacy/account/consents', { purpose: 'purchase', answer: 'withdraw' }, '/privacy/account').expect(400);
    expect(await shop.privacy.consents.allows(anna.email, 'newsletter')).to.equal(true);
  });
});
