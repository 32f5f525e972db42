import { assert, expect } from 'chai';
import { onEachDatabase } from './support/databases.js';
import { pressLinkButton, shopper, signUpVerified, startShop } from './support/shop.js';
import { sentMail } from './support/outbox.js';

const anna = { email: 'anna.berzina@example.lv', first_name: 'Anna', last_name: 'Bērziņa', phone: '+371 29 123 456', address: 'Ūdeļu iela 5, Rīga, LV-1064' };

onEachDatabase('rectification from the account page', (db) => {
  let shop: Awaited<ReturnType<typeof startShop>>;
  beforeEach(async function () {
    shop = await startShop(db().url);
  });
  afterEach(async function () {
    await shop.stop();
  });

  /** A guest order, then an account for the same address, proven by the shop's e-mailed link. */
  async function annaWithOrderAndAccount() {
    const guest = shopper(shop);
    await guest.addToCart(3);
    await guest.post('/checkout', anna).expect(303);
    const browser = shopper(shop);
    await signUpVerified(shop, browser, { email: anna.email, first_name: 'Anna', last_name: 'Bērziņa', password: 'a long password' });
    return browser;
  }

  it('corrects name, telephone and address in every source at once, and tells the shop', async function () {
    const browser = await annaWithOrderAndAccount();
    const told: string[][] = [];
    shop.privacy.on('subject.rectified', (change) => void told.push(change.fields));
    const page = await browser.agent.get('/privacy/account').expect(200);
    expect(page.text).to.contain('value="+371 29 123 456"');
    const corrected = await browser
      .post(
        '/privacy/account/rectify',
        { first_name: 'Anna', last_name: 'Ozola', phone: '+371 26 000 111', address: 'Brīvības iela 10, Rīga', email: anna.email },
        '/privacy/account',
      )
      .expect(303);
    // The page says what happened: the data were corrected, not "a choice saved".
    const { location } = corrected.headers;
    assert.exists(location, 'where the corrected form leads');
    const after = await browser.agent.get(location).expect(200);
    expect(after.text).to.contain('Jūsu dati ir izlaboti: uzvārds, tālruņa numurs, adrese.').and.not.to.contain('izvēle ir saglabāta');
    expect(await db().knex('customers').first('last_name', 'phone', 'address')).to.deep.equal({
      last_name: 'Ozola',
      phone: '+371 26 000 111',
      address: 'Brīvības iela 10, Rīga',
    });
    expect(await db().knex('orders').first('last_name', 'phone', 'address')).to.deep.equal({
      last_name: 'Ozola',
      phone: '+371 26 000 111',
      address: 'Brīvības iela 10, Rīga',
    });
    expect(told).to.deep.equal([['last_name', 'phone', 'address']]);
  });

  it("answers invalid corrections in the shopper's language and changes nothing", async function () {
    const browser = await annaWithOrderAndAccount();
    const res = await browser.post('/privacy/account/rectify', { last_name: '', phone: 'call me', address: 'x'.repeat(300) }, '/privacy/account').expect(422);
    expect(res.text).to.contain('Lūdzu, izlabojiet atzīmētos laukus. Nekas netika mainīts.');
    expect(res.text).to.contain('Šis lauks nevar būt tukšs.').and.to.contain('Ievadiet tālruņa numuru').and.to.contain('Pārāk garš.');
    // The page folds its sections; the one with the errors comes back open, the others folded.
    expect(res.text).to.match(/<details class="privacy-section" open>\s*<summary><h2>[^<]+<\/h2><\/summary>\s*<div class="privacy-section-body" id="rectify">/);
    expect(res.text.match(/<details class="privacy-section" open>/g)).to.have.length(1);
    await browser.post('/privacy/account/rectify', { is_staff: '1' }, '/privacy/account').expect(422);
    await browser.agent.post('/privacy/account/rectify').type('form').send({ last_name: 'Forged' }).expect(403);
    expect(await db().knex('orders').first('last_name', 'phone')).to.deep.equal({ last_name: 'Bērziņa', phone: anna.phone });
  });

  it('moves every record to a new e-mail address only after the link sent to it is followed', async function () {
    const browser = await annaWithOrderAndAccount();
    await browser
      .post('/privacy/account/rectify', { email: 'anna.ozola@example.lv' }, '/privacy/account')
      .expect(303)
      .expect('location', '/privacy/account?emailSent=1');
    expect(await db().knex('orders').first('email')).to.deep.equal({ email: anna.email });
    const mail = (await sentMail(shop.privacy, shop.outboxDir)).find((m) => m.to[0] === 'anna.ozola@example.lv');
    expect(mail?.subject).to.equal('Apstipriniet jauno e-pasta adresi xparts.lv');
    expect(mail?.headers['list-unsubscribe']).to.match(/newsletter\/unsubscribe/);
    assert.exists(mail, 'the confirmation e-mail');
    const link = /http:\/\/shop\.test(\/privacy\/account\/email\/confirm\?token=[\w-]+)/.exec(mail.text)?.[1];
    assert.exists(link, 'the confirmation link');
    // Opening the link moves nothing (mail scanners open links); its button does.
    await shopper(shop).agent.get(link).expect(200);
    expect(await db().knex('orders').first('email')).to.deep.equal({ email: anna.email });
    const confirmed = await pressLinkButton(shop.app, link);
    expect(confirmed.status).to.equal(200);
    expect(confirmed.text).to.contain('anna.ozola@example.lv');
    expect(await db().knex('orders').first('email')).to.deep.equal({ email: 'anna.ozola@example.lv' });
    expect(await db().knex('customers').first('email')).to.deep.equal({ email: 'anna.ozola@example.lv' });
    expect(await db().knex('privacy_subjects').pluck('email')).to.deep.equal(['anna.ozola@example.lv']);
    await shopper(shop).agent.get(link).expect(410);
  });
});
