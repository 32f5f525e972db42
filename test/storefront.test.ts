import { assert, expect } from 'chai';
import request from 'supertest';
import { createShop } from '../examples/storefront/app.js';
import { onEachDatabase, tempDir } from './support/databases.js';
import { shopper, startShop, confirmNewsletter, pressLinkButton } from './support/shop.js';
import { sentMail } from './support/outbox.js';

/** Retries an assertion for up to two seconds: for effects that follow an event, not the response. */
async function eventually(assertion: () => Promise<unknown>): Promise<void> {
  for (let waited = 0; ; waited += 50) {
    try {
      await assertion();
      return;
    } catch (err) {
      if (waited >= 2000) throw err;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

const guest = {
  email: 'Anna.Berzina@example.lv',
  first_name: 'Anna',
  last_name: 'Bērziņa',
  phone: '+371 29 123 456',
  address: 'Brīvības iela 1, Rīga, LV-1010',
};

onEachDatabase('the example storefront', (db) => {
  let shop: Awaited<ReturnType<typeof startShop>>;
  beforeEach(async function () {
    shop = await startShop(db().url);
  });
  afterEach(async function () {
    await shop.stop();
  });

  it('shows its seeded catalogue in Latvian, and in English on request', async function () {
    const lv = await request(shop.app).get('/').expect(200);
    expect(lv.text).to.contain('Bremžu kluči, priekšējie').and.to.contain('Katalogs');
    expect(lv.text).to.match(/38,90\s€/);
    const en = await request(shop.app).get('/?lang=en').expect(200);
    expect(en.text).to.contain('Front brake pads').and.to.contain('Catalogue');
    const brakes = await request(shop.app).get('/?category=brakes').expect(200);
    expect(brakes.text).to.contain('Bremžu disks').and.not.to.contain('Eļļas filtrs');
    expect(await db().knex('products').count({ n: '*' })).to.deep.equal([{ n: 16 }]);
  });

  it('takes a guest order in one transaction and e-mails the confirmation', async function () {
    const browser = shopper(shop);
    await browser.addToCart(1, 2);
    await browser.addToCart(4);
    const cart = await browser.agent.get('/cart').expect(200);
    expect(cart.text).to.contain('Bremžu kluči').and.to.contain('Eļļas filtrs');
    const placed = await browser.post('/checkout', { ...guest, consent_social_advertising: 'yes' }).expect(303);
    expect(placed.headers.location).to.equal('/checkout/thanks');
    const thanks = await browser.agent.get('/checkout/thanks').expect(200);
    expect(thanks.text).to.contain('XP-10001');
    const order = await db().knex('orders').first();
    expect(order).to.include({
      number: 'XP-10001',
      email: guest.email,
      last_name: 'Bērziņa',
      address: guest.address,
      total_cents: 2 * 3890 + 890,
      customer_id: null,
    });
    expect(await db().knex('order_lines').where({ order_id: order.id }).count({ n: '*' })).to.deep.equal([{ n: 2 }]);
    const [mail] = await sentMail(shop.privacy, shop.outboxDir);
    assert.exists(mail, 'the order e-mail');
    expect(mail.to).to.deep.equal([guest.email]);
    expect(mail.subject).to.equal('Jūsu pasūtījums XP-10001 – xparts.lv');
    expect(mail.text).to.contain('2 × Bremžu kluči, priekšējie');
    const outbox = await browser.agent.get('/dev/outbox').expect(200);
    expect(outbox.text).to.contain('Jūsu pasūtījums XP-10001');
    const one = await browser.agent.get(`/dev/outbox/${mail.id}`).expect(200);
    expect(one.text).to.contain('Brīvības iela 1');
    await browser.agent.get('/dev/outbox/..%2F..%2Fetc%2Fpasswd').expect(404);
  });

  it("answers bad checkout input in the shopper's language and stores nothing", async function () {
    const browser = shopper(shop);
    await browser.addToCart(2);
    const bad = await browser.post('/checkout', { ...guest, email: 'not-an-address', first_name: '', consent_newsletter: 'yes' }).expect(422);
    expect(bad.text).to.contain('Ievadiet derīgu e-pasta adresi.').and.to.contain('Šis lauks ir obligāts.');
    expect(bad.text).to.contain('value="Bērziņa"');
    // The box the shopper ticked is still ticked; the one they did not is still empty.
    expect(bad.text)
      .to.match(/name="consent_newsletter" value="yes" checked>/)
      .and.to.match(/name="consent_social_advertising" value="yes">/);
    await browser.agent.get('/?lang=en&pick=1').expect(303);
    const badEn = await browser.post('/checkout', { ...guest, phone: 'call me' }).expect(422);
    expect(badEn.text).to.contain('Enter a telephone number');
    expect(await db().knex('orders').count({ n: '*' })).to.deep.equal([{ n: 0 }]);
    expect(await db().knex('privacy_consent_events').count({ n: '*' })).to.deep.equal([{ n: 0 }]);
  });

  it('refuses a form posted without its CSRF token, changing nothing', async function () {
    const browser = shopper(shop);
    await browser.addToCart(2);
    const forged = await browser.agent.post('/checkout').type('form').send(guest).expect(403);
    expect(forged.text).to.contain('Forma ir novecojusi');
    await request(shop.app).post('/signup').type('form').send({ email: 'x@example.lv', first_name: 'X', last_name: 'Y', password: 'long enough' }).expect(403);
    expect(await db().knex('orders').count({ n: '*' })).to.deep.equal([{ n: 0 }]);
    expect(await db().knex('customers').count({ n: '*' })).to.deep.equal([{ n: 0 }]);
  });

  it("signs up with a hashed password, logs in and out, and shows only the customer's own orders", async function () {
    const ilze = shopper(shop);
    await ilze
      .post('/signup', { email: 'ilze@example.lv', first_name: 'Ģirts Ķēniņš', last_name: 'Žūriņa-Ļaudāne', password: 'correct horse battery' })
      .expect(303)
      .expect('location', '/account');
    const stored = await db().knex('customers').where({ email: 'ilze@example.lv' }).first();
    expect(stored.first_name).to.equal('Ģirts Ķēniņš');
    expect(stored.last_name).to.equal('Žūriņa-Ļaudāne');
    expect(stored.password_hash)
      .to.match(/^scrypt\$/)
      .and.not.to.contain('correct horse');
    await ilze.addToCart(3);
    await ilze.post('/checkout', { ...guest, email: 'ilze@example.lv' }).expect(303);
    const account = await ilze.agent.get('/account').expect(200);
    expect(account.text).to.contain('Ģirts Ķēniņš').and.to.contain('XP-10001').and.to.contain('href="/privacy/policy"');

    const other = shopper(shop);
    await other.post('/signup', { email: 'peteris@example.lv', first_name: 'Pēteris', last_name: 'Kalniņš', password: 'another good one' }).expect(303);
    const theirs = await other.agent.get('/account').expect(200);
    expect(theirs.text).to.contain('Pēteris').and.not.to.contain('XP-10001');

    await ilze.post('/logout', {}, '/account').expect(303);
    await ilze.agent.get('/account').expect(303).expect('location', '/login');
    await ilze.post('/login', { email: 'ilze@example.lv', password: 'wrong password' }, '/login').expect(401);
    await ilze.post('/login', { email: 'ILZE@example.lv ', password: 'correct horse battery' }, '/login').expect(303).expect('location', '/account');
  });

  it("records the consent boxes of signup and checkout through the module's hooks", async function () {
    const browser = shopper(shop);
    const form = await browser.agent.get('/signup').expect(200);
    expect(form.text)
      .to.contain('name="consent_newsletter"')
      .and.not.to.match(/checked/);
    await browser
      .post('/signup', { email: 'liga@example.lv', first_name: 'Līga', last_name: 'Ozola', password: 'a good password', consent_social_advertising: 'yes' })
      .expect(303);
    const customer = await db().knex('customers').where({ email: 'liga@example.lv' }).first('id');
    expect(await shop.privacy.consents.allows({ customerId: customer.id }, 'social_advertising')).to.equal(true);
    const events = await db().knex('privacy_consent_events').orderBy('id').select('purpose', 'event', 'source');
    expect(events).to.deep.equal([
      { purpose: 'policy', event: 'acknowledged', source: 'signup' },
      { purpose: 'newsletter', event: 'not_granted', source: 'signup' },
      { purpose: 'social_advertising', event: 'granted', source: 'signup' },
    ]);
    // At the next checkout the advertising consent shows as given, with the way to withdraw it, not as an empty box.
    const checkout = await browser.agent.get('/checkout').expect(200);
    expect(checkout.text).to.contain('Piekrišana jau sniegta.').and.to.contain('href="/privacy/account#consents"');
    expect(checkout.text).not.to.contain('name="consent_social_advertising" value="yes"');
  });

  it('sends a newsletter confirmation, adds the address to its list only after the click, and removes it on unsubscribe', async function () {
    const browser = shopper(shop);
    const page = await browser.post('/newsletter', { email: 'marta@example.lv', consent_newsletter: 'yes' }, '/').expect(200);
    expect(page.text).to.contain('Pārbaudiet savu e-pastu');
    expect(await db().knex('newsletter_subscribers').count({ n: '*' })).to.deep.equal([{ n: 0 }]);
    const [mail] = await sentMail(shop.privacy, shop.outboxDir);
    assert.exists(mail, 'the confirmation e-mail');
    const confirm = /http:\/\/shop\.test(\/privacy\/newsletter\/confirm\?token=[\w-]+)/.exec(mail.text)?.[1];
    assert.exists(confirm, 'the confirmation link');
    // Opening the link adds nothing (mail scanners open links); its button does.
    await browser.agent.get(confirm).expect(200);
    expect(await db().knex('newsletter_subscribers').count({ n: '*' })).to.deep.equal([{ n: 0 }]);
    expect((await pressLinkButton(shop.app, confirm, { agent: browser.agent })).status).to.equal(200);
    // The list follows the module's events, which are told after the commit: wait for it.
    await eventually(async () =>
      expect(await db().knex('newsletter_subscribers').select('email', 'source')).to.deep.equal([{ email: 'marta@example.lv', source: 'newsletter' }]),
    );
    const unsubscribe = /http:\/\/shop\.test(\/privacy\/newsletter\/unsubscribe\?token=[\w-]+)/.exec(mail.text)?.[1];
    assert.exists(unsubscribe, 'the unsubscribe link');
    expect((await pressLinkButton(shop.app, unsubscribe)).status).to.equal(200);
    await eventually(async () => expect(await db().knex('newsletter_subscribers').count({ n: '*' })).to.deep.equal([{ n: 0 }]));
    const invalid = await browser.post('/newsletter', { email: 'nope', consent_newsletter: 'yes' }, '/').expect(422);
    expect(invalid.text).to.contain('Lūdzu, ievadiet derīgu e-pasta adresi.');
  });

  it("shows the newsletter form's notice and box in the footer, and sends nothing when the box is left empty", async function () {
    const browser = shopper(shop);
    const home = await browser.agent.get('/').expect(200);
    const footer = home.text.slice(home.text.indexOf('class="shop-newsletter"'));
    expect(footer).to.contain('Jaunumu un piedāvājumu nosūtīšana').and.to.contain('name="consent_newsletter"');
    const unticked = await browser.post('/newsletter', { email: 'ilze@example.lv' }, '/').expect(422);
    expect(unticked.text).to.contain('atzīmējiet rūtiņu ar savu piekrišanu');
    const en = await browser.post('/newsletter?lang=en', { email: 'ilze@example.lv' }, '/?lang=en').expect(422);
    expect(en.text).to.contain('tick the box that gives your consent');
    expect(await sentMail(shop.privacy, shop.outboxDir)).to.deep.equal([]);
    expect(await db().knex('privacy_outbox').count({ n: '*' })).to.deep.equal([{ n: 0 }]);
  });

  it('links the privacy policy and cookie settings from every page, and gates its analytics tag', async function () {
    const browser = shopper(shop);
    const home = await browser.agent.get('/').expect(200);
    expect(home.text).to.contain('href="/privacy/policy"').and.to.contain('href="/privacy/cookies"');
    expect(home.text).not.to.contain('/analytics.js');
    await browser.post('/privacy/cookies', { choice: 'accept', return_to: '/' }, '/').expect(303);
    const after = await browser.agent.get('/?lang=en').expect(200);
    expect(after.text).to.contain('/analytics.js').and.to.contain('href="/privacy/policy?lang=en"').and.not.to.contain('privacy-banner');
  });

  it('records the acknowledgement and advertising granted at checkout; the newsletter waits for the e-mailed confirmation', async function () {
    const browser = shopper(shop);
    await browser.addToCart(7);
    const form = await browser.agent.get('/checkout').expect(200);
    expect(form.text).to.contain('name="consent_newsletter"').and.to.contain('name="consent_social_advertising"');
    expect(form.text).not.to.match(/checked/i);
    await browser.post('/checkout', { ...guest, consent_newsletter: 'yes', consent_social_advertising: 'yes' }).expect(303);
    const thanks = await browser.agent.get('/checkout/thanks').expect(200);
    expect(thanks.text).to.contain('apstipriniet savu e-pasta adresi');
    const rows = await db()
      .knex('privacy_consent_events')
      .orderBy('id')
      .select('purpose', 'event', 'granted', 'policy_version', 'source', 'ip', 'user_agent', 'wording_hash');
    expect(rows.map((r) => [r.purpose, r.event, Boolean(r.granted)])).to.deep.equal([
      ['policy', 'acknowledged', true],
      ['social_advertising', 'granted', true],
    ]);
    for (const row of rows) {
      expect(row).to.include({ policy_version: shop.privacy.options.policy.version, source: 'checkout' });
      expect(row.ip).to.be.a('string').and.not.to.equal('');
      expect(row.wording_hash).to.match(/^[0-9a-f]{64}$/);
    }
    expect(await shop.privacy.consents.allows('anna.berzina@example.lv', 'newsletter')).to.equal(false);
    await confirmNewsletter(shop, 'anna.berzina@example.lv');
    expect(await shop.privacy.consents.allows('anna.berzina@example.lv', 'newsletter')).to.equal(true);
  });

  it('sets only strictly necessary cookies on a first visit, and queries no module table once the visitor chose', async function () {
    const first = await request(shop.app).get('/').expect(200);
    const names = ((first.headers['set-cookie'] as unknown as string[] | undefined) ?? []).map((c) => c.split('=')[0]).sort();
    expect(names).to.deep.equal(['privacy_csrf', 'privacy_csrf_id', 'shop_csrf']);
    expect(first.text).not.to.contain('/analytics.js');
    expect(first.text).not.to.contain('/advertising.js');
    const browser = shopper(shop);
    await browser.post('/privacy/cookies', { choice: 'reject', return_to: '/' }, '/').expect(303);
    const queries: string[] = [];
    const record = (query: { sql: string }) => void queries.push(query.sql);
    shop.knex.on('query', record);
    const view = await browser.agent.get('/').expect(200);
    shop.knex.off('query', record);
    expect(view.text).not.to.contain('privacy-banner');
    expect(queries.filter((sql) => sql.includes('privacy_'))).to.deep.equal([]);
  });
  it('changes and removes cart lines, and keeps the cart when the shopper logs in', async function () {
    const browser = shopper(shop);
    await browser.post('/signup', { email: 'juris@example.lv', first_name: 'Juris', last_name: 'Liepa', password: 'long enough pass' }).expect(303);
    await browser.post('/logout', {}, '/account').expect(303);
    await browser.addToCart(1);
    await browser.addToCart(4);
    await browser.post('/cart/update', { productId: '1', quantity: '3' }, '/cart').expect(303);
    await browser.post('/cart/remove', { productId: '4' }, '/cart').expect(303);
    const cart = await browser.agent.get('/cart').expect(200);
    expect(cart.text).to.contain('Bremžu kluči').and.to.contain('value="3"').and.to.contain('Grozs (3)');
    expect(cart.text).not.to.contain('Eļļas filtrs');
    await browser.post('/login', { email: 'juris@example.lv', password: 'long enough pass' }, '/login').expect(303);
    const after = await browser.agent.get('/cart').expect(200);
    expect(after.text).to.contain('Bremžu kluči').and.to.contain('Grozs (3)');
    await browser.post('/cart/update', { productId: '1', quantity: '0' }, '/cart').expect(303);
    expect((await browser.agent.get('/cart').expect(200)).text).to.contain('Grozs ir tukšs.');
  });

  it('remembers a language picked from the switcher in a lang cookie, not one a link carries, and e-mails the order in it', async function () {
    const browser = shopper(shop);
    const linked = await browser.agent.get('/?lang=en').expect(200);
    expect(((linked.headers['set-cookie'] as unknown as string[] | undefined) ?? []).filter((c) => c.startsWith('lang='))).to.deep.equal([]);
    expect(linked.text).to.contain('<html lang="en">').and.to.contain('href="?lang=lv&amp;pick=1"');
    expect((await browser.agent.get('/cart').expect(200)).text).to.contain('<html lang="lv">');
    const switched = await browser.agent.get('/?lang=en&pick=1').expect(303).expect('location', '/?lang=en');
    expect(String(switched.headers['set-cookie'])).to.match(/lang=en; Max-Age=31536000;.*HttpOnly/);
    const later = await browser.agent.get('/cart').expect(200);
    expect(later.text).to.contain('Your cart is empty.');
    await browser.addToCart(7);
    await browser.post('/checkout', guest).expect(303);
    const [mail] = await sentMail(shop.privacy, shop.outboxDir);
    assert.exists(mail, 'the order e-mail');
    expect(mail.subject).to.equal('Your order XP-10001 – xparts.lv');
    expect(mail.text).to.contain('1 × Spark plug, iridium').and.to.contain('/privacy/policy?lang=en');
    expect(mail.html).to.contain('Spark plug, iridium');
  });

  it('refuses a short password or a registered address at signup, in Latvian, storing nothing new', async function () {
    const browser = shopper(shop);
    const short = await browser.post('/signup', { email: 'karlis@example.lv', first_name: 'Kārlis', last_name: 'Ozols', password: 'short' }).expect(422);
    expect(short.text).to.contain('Parolei jābūt vismaz 8 rakstzīmes garai.').and.to.contain('value="Kārlis"');
    expect(short.text).not.to.contain('value="short"');
    expect(await db().knex('customers').count({ n: '*' })).to.deep.equal([{ n: 0 }]);
    await browser.post('/signup', { email: 'karlis@example.lv', first_name: 'Kārlis', last_name: 'Ozols', password: 'long enough pass' }).expect(303);
    const again = shopper(shop);
    const taken = await again.post('/signup', { email: ' KARLIS@example.lv', first_name: 'K', last_name: 'O', password: 'another password' }).expect(409);
    expect(taken.text).to.contain('Šī e-pasta adrese jau ir reģistrēta.');
    expect(await db().knex('customers').select('email')).to.deep.equal([{ email: 'karlis@example.lv' }]);
  });

  it('sends security headers and a session cookie scripts cannot read', async function () {
    const browser = shopper(shop);
    await browser.addToCart(1);
    const page = await browser.agent.get('/cart').expect(200);
    expect(page.headers['content-security-policy']).to.contain("default-src 'self'").and.to.contain("script-src 'self' 'nonce-");
    expect(page.headers['x-content-type-options']).to.equal('nosniff');
    const fresh = await request(shop.app).get('/login').expect(200);
    expect(fresh.headers['x-frame-options']).to.equal('SAMEORIGIN');
    const login = await shopper(shop).post('/signup', { email: 'a@example.lv', first_name: 'A', last_name: 'B', password: 'long enough pass' }).expect(303);
    const cookie = ((login.headers['set-cookie'] as unknown as string[]) ?? []).find((c) => c.startsWith('shop_session='));
    expect(cookie)
      .to.match(/HttpOnly/)
      .and.to.match(/SameSite=Lax/);
  });

  it("answers an unknown page with a friendly 404 in the shopper's language", async function () {
    const missing = await request(shop.app).get('/no-such-part').expect(404);
    expect(missing.text).to.contain('Lapa nav atrasta.').and.to.contain('href="/privacy/policy"');
  });

  it('starts twice at once on one new database: both serve the shop, with one catalogue', async function () {
    const outboxDir = tempDir('esp-shop-outbox-');
    const shops = await Promise.all([createShop({ databaseUrl: db().url, outboxDir }), createShop({ databaseUrl: db().url, outboxDir })]);
    try {
      for (const started of shops) expect((await request(started.app).get('/').expect(200)).text).to.contain('Bremžu kluči');
      expect(await db().knex('products').count({ n: '*' })).to.deep.equal([{ n: 16 }]);
      // Each of the shop's migrations ran once, not once per instance.
      expect(await db().knex('shop_migrations').count({ n: '*' })).to.deep.equal([{ n: 3 }]);
    } finally {
      await Promise.all(shops.map((s) => s.close()));
    }
  });

  it('hides /dev/outbox unless it is turned on', async function () {
    const quiet = await createShop({ databaseUrl: db().url, outboxDir: tempDir('esp-shop-outbox-') });
    try {
      await request(quiet.app).get('/dev/outbox').expect(404);
    } finally {
      await quiet.close();
    }
  });
});
