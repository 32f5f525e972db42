import { expect } from 'chai';
import request from 'supertest';
import { onEachDatabase } from './support/databases.js';
import { createCheckoutHost } from './support/checkout-host.js';
import { SuppressedError, type ConsentChange } from '../index.js';
import { awaitMail, pathOfLink, sentMail } from './support/outbox.js';
import { pressLinkButton } from './support/shop.js';

const browser = 'Mozilla/5.0 (X11; Linux x86_64) Chromium/156';

onEachDatabase('consent captured at checkout', (db) => {
  it("renders the notice and every consent box unticked, with its exact wording, in the shopper's language", async function () {
    const { app, privacy } = await createCheckoutHost(db().knex, db().url);
    const lv = await request(app).get('/checkout').expect(200);
    expect(lv.text).not.to.match(/checked/i);
    expect(lv.text).to.contain('name="consent_newsletter"').and.to.contain('name="consent_social_advertising"');
    expect(lv.text).to.contain('Vēlos saņemt jaunumus un piedāvājumus e-pastā. Piekrišanu varu jebkurā brīdī atsaukt.');
    expect(lv.text).to.contain('Pirkuma apstrāde – Līguma noslēgšana un izpilde');
    expect(lv.text).to.contain('Lietotāja identificēšana pa tālruni');
    expect(lv.text).to.contain('href="/privacy/policy"');
    expect(lv.text).not.to.contain('name="consent_purchase"');
    expect(lv.text).not.to.contain('name="consent_analytics"');
    const en = await request(app).get('/checkout?lang=en').expect(200);
    expect(en.text).to.contain('I want to receive news and offers by e-mail.');
    expect(en.text).to.contain('href="/privacy/policy?lang=en"');
    expect(en.text).not.to.match(/checked/i);
    await privacy.close();
  });

  it('records exactly the acknowledgement, advertising granted and newsletter not granted, with proof', async function () {
    const { app, privacy } = await createCheckoutHost(db().knex, db().url);
    await request(app)
      .post('/checkout')
      .set('User-Agent', browser)
      .type('form')
      .send({ email: ' Anna.Berzina@Example.LV ', consent_social_advertising: 'on' })
      .expect(201);
    const subject = await db().knex('privacy_subjects').first();
    expect(subject.email).to.equal('anna.berzina@example.lv');
    const rows = await db().knex('privacy_consent_events').orderBy('id').select();
    expect(rows.map((r) => [r.purpose, r.event, Boolean(r.granted)])).to.deep.equal([
      ['policy', 'acknowledged', true],
      ['newsletter', 'not_granted', false],
      ['social_advertising', 'granted', true],
    ]);
    for (const row of rows) {
      expect(row).to.include({ policy_version: privacy.options.policy.version, source: 'checkout', locale: 'lv', user_agent: browser, subject_id: subject.id });
      expect(row.ip).to.match(/127\.0\.0\.1|::1/);
      expect(row.wording_hash).to.match(/^[0-9a-f]{64}$/);
      expect(row.receipt_id).to.match(/^[0-9a-f-]{36}$/);
    }
    expect(rows[0].wording_hash).to.equal(privacy.policy.published('lv').hash);
    expect(rows[1].wording_hash).not.to.equal(rows[2].wording_hash);
    const state = await privacy.consents.of('anna.berzina@example.lv');
    expect(state.find((s) => s.purpose === 'social_advertising')).to.include({
      granted: true,
      policyVersion: privacy.options.policy.version,
      source: 'checkout',
    });
    expect(state.find((s) => s.purpose === 'newsletter')).to.include({ granted: false });
    expect(await privacy.consents.allows('ANNA.BERZINA@example.lv', 'social_advertising')).to.equal(true);
    expect(await privacy.consents.allows('anna.berzina@example.lv', 'newsletter')).to.equal(false);
    await privacy.close();
  });

  it('asks a ticked newsletter box to be confirmed by e-mail after the order commits; consent counts from the click', async function () {
    const { app, privacy, outbox } = await createCheckoutHost(db().knex, db().url);
    await request(app).post('/checkout').type('form').send({ email: 'anna@example.lv', consent_newsletter: 'on' }).expect(201);
    expect(await privacy.consents.allows('anna@example.lv', 'newsletter')).to.equal(false);
    expect(await db().knex('privacy_consent_events').where({ purpose: 'newsletter' }).count({ n: '*' })).to.deep.equal([{ n: 0 }]);
    const mail = await awaitMail(outbox, (m) => m.subject === 'Apstipriniet xparts.lv jaunumu saņemšanu');
    expect(mail.to).to.deep.equal(['anna@example.lv']);
    expect((await pressLinkButton(app, pathOfLink(mail, '/privacy/newsletter/confirm'))).status).to.equal(200);
    expect(await privacy.consents.allows('anna@example.lv', 'newsletter')).to.equal(true);
    // Ticked again at the next order: already confirmed, nothing more to ask.
    await request(app).post('/checkout').type('form').send({ email: 'anna@example.lv', consent_newsletter: 'on' }).expect(201);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect((await sentMail(privacy, outbox)).filter((m) => m.subject.startsWith('Apstipriniet'))).to.have.length(1);
    await privacy.close();
  });

  it("rolls the consent records back with the order when the shop's own insert fails", async function () {
    const { app, privacy, outbox } = await createCheckoutHost(db().knex, db().url);
    const told: ConsentChange[] = [];
    privacy.on('consent.granted', (change) => {
      told.push(change);
    });
    await request(app)
      .post('/checkout')
      .type('form')
      .send({ email: 'janis@example.lv', consent_newsletter: 'on', consent_social_advertising: 'on', fail: '1' })
      .expect(500);
    expect(await db().knex('orders').count({ n: '*' })).to.deep.equal([{ n: 0 }]);
    expect(await db().knex('privacy_consent_events').count({ n: '*' })).to.deep.equal([{ n: 0 }]);
    expect(await db().knex('privacy_consents').count({ n: '*' })).to.deep.equal([{ n: 0 }]);
    expect(await db().knex('privacy_subjects').count({ n: '*' })).to.deep.equal([{ n: 0 }]);
    expect(told).to.deep.equal([]);
    // No confirmation e-mail for an order that never happened.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await sentMail(privacy, outbox)).to.deep.equal([]);
    await privacy.close();
  });

  it('tells the shop after commit when consent is given or withdrawn', async function () {
    const { app, privacy } = await createCheckoutHost(db().knex, db().url);
    const told: string[] = [];
    privacy.on('consent.granted', (c) => void told.push(`granted ${c.purpose} ${c.email} ${c.source}`));
    privacy.on('consent.withdrawn', (c) => void told.push(`withdrawn ${c.purpose} ${c.email} ${c.source}`));
    await request(app).post('/checkout').type('form').send({ email: 'liga@example.lv', consent_social_advertising: 'on' }).expect(201);
    await privacy.consents.withdraw('liga@example.lv', 'social_advertising', { source: 'account' });
    expect(told).to.deep.equal(['granted social_advertising liga@example.lv checkout', 'withdrawn social_advertising liga@example.lv account']);
    await privacy.close();
  });

  it('never lets an unticked box undo an earlier yes', async function () {
    const { app, privacy } = await createCheckoutHost(db().knex, db().url);
    await request(app).post('/checkout').type('form').send({ email: 'peteris@example.lv', consent_social_advertising: 'on' }).expect(201);
    await request(app).post('/checkout').type('form').send({ email: 'peteris@example.lv' }).expect(201);
    expect(await privacy.consents.allows('peteris@example.lv', 'social_advertising')).to.equal(true);
    const events = await db().knex('privacy_consent_events').where({ purpose: 'social_advertising' }).orderBy('id').pluck('event');
    expect(events).to.deep.equal(['granted', 'not_granted']);
    await privacy.close();
  });

  it("links an account's record to the customer id; its address finds it once the address is proven", async function () {
    const { privacy } = await createCheckoutHost(db().knex, db().url);
    await privacy.hooks.accountCreated({ customer: { id: 42, email: 'Ilze@Example.lv' }, consents: { consent_social_advertising: 'on' } });
    const byCustomer = await privacy.consents.of({ customerId: 42 });
    expect(byCustomer.find((s) => s.purpose === 'social_advertising')).to.include({ granted: true, source: 'signup' });
    // An account's address is only its holder's word until proven: the address does not speak for it yet.
    expect(await privacy.consents.allows({ email: 'ilze@example.lv' }, 'social_advertising')).to.equal(false);
    await privacy.hooks.emailVerified({ customer: { id: 42, email: 'ilze@example.lv' } });
    expect(await privacy.consents.allows({ email: 'ilze@example.lv' }, 'social_advertising')).to.equal(true);
    expect(await db().knex('privacy_subjects').select('email', 'customer_id', 'customer_key')).to.deep.equal([
      { email: 'ilze@example.lv', customer_id: '42', customer_key: '' },
    ]);
    await privacy.close();
  });

  it('keeps a consent given under an address when its customer proves it, whatever boxes the signup left unticked', async function () {
    const { app, privacy } = await createCheckoutHost(db().knex, db().url);
    await request(app).post('/checkout').type('form').send({ email: 'liga@example.lv', consent_social_advertising: 'on' }).expect(201);
    await privacy.hooks.accountCreated({ customer: { id: 9, email: 'liga@example.lv' }, consents: {} });
    await privacy.hooks.emailVerified({ customer: { id: 9, email: 'liga@example.lv' } });
    expect(await privacy.consents.allows({ customerId: 9 }, 'social_advertising')).to.equal(true);
    expect(await db().knex('privacy_subjects').select('customer_id', 'customer_key')).to.deep.equal([{ customer_id: '9', customer_key: '' }]);
    await privacy.close();
  });

  it("takes a shop's proof of a customer's own address even when the order gives another", async function () {
    const { privacy } = await createCheckoutHost(db().knex, db().url);
    await privacy.db.transaction((trx) =>
      privacy.hooks.orderCreated(
        {
          order: { id: 1, email: 'gift@example.lv' },
          customer: { id: 3, email: 'juris@example.lv', emailVerified: true },
          consents: { consent_social_advertising: 'on' },
        },
        { trx },
      ),
    );
    expect(await db().knex('privacy_subjects').select('email', 'customer_id', 'customer_key')).to.deep.equal([
      { email: 'juris@example.lv', customer_id: '3', customer_key: '' },
    ]);
    expect(await privacy.consents.allows('juris@example.lv', 'social_advertising')).to.equal(true);
    await privacy.close();
  });

  it('counts a box ticked again at checkout after a withdrawal, lifting the suppression, and keeps the account link', async function () {
    const { app, privacy } = await createCheckoutHost(db().knex, db().url);
    await privacy.hooks.accountCreated({ customer: { id: 7, email: 'anna@example.lv', emailVerified: true } });
    await privacy.consents.withdraw('anna@example.lv', 'social_advertising', { source: 'account' });
    expect(await db().knex('privacy_suppressions').count({ n: '*' })).to.deep.equal([{ n: 1 }]);
    // A guest checkout with the same, proven address: the shopper's own new yes.
    await request(app).post('/checkout').type('form').send({ email: 'Anna@Example.lv', consent_social_advertising: 'on' }).expect(201);
    expect(await privacy.consents.allows('anna@example.lv', 'social_advertising')).to.equal(true);
    expect(await privacy.consents.allows({ customerId: 7 }, 'social_advertising')).to.equal(true);
    expect(await db().knex('privacy_suppressions').count({ n: '*' })).to.deep.equal([{ n: 0 }]);
    expect(await db().knex('privacy_subjects').select('email', 'customer_id')).to.deep.equal([{ email: 'anna@example.lv', customer_id: '7' }]);
    // Each state points at the event that decided it: the new grant, and the signup's unticked newsletter box.
    const eventIds = async (purpose: string) => (await db().knex('privacy_consent_events').where({ purpose }).orderBy('id').pluck('id')).map(Number);
    const [signupNewsletter] = await eventIds('newsletter');
    const advertising = await eventIds('social_advertising');
    const states = await db().knex('privacy_consents').orderBy('purpose').select('purpose', 'event_id', 'source');
    expect(states.map((s) => ({ ...s, event_id: Number(s.event_id) }))).to.deep.equal([
      { purpose: 'newsletter', event_id: signupNewsletter, source: 'signup' },
      { purpose: 'social_advertising', event_id: advertising.at(-1), source: 'checkout' },
    ]);
    const audited = (await privacy.audit.list()).map((entry) => entry.action);
    expect(audited.slice(0, 2)).to.deep.equal(['consent.granted', 'consent.withdrawn']);
    await privacy.close();
  });

  it('refuses an import that would silently re-subscribe an address that withdrew', async function () {
    const { privacy } = await createCheckoutHost(db().knex, db().url);
    await privacy.consents.grant('karlis@example.lv', 'newsletter', { source: 'account' });
    await privacy.consents.withdraw('karlis@example.lv', 'newsletter', { source: 'account' });
    let refused: unknown;
    try {
      await privacy.consents.grant('karlis@example.lv', 'newsletter', { source: 'staff' });
    } catch (err) {
      refused = err;
    }
    expect(refused).to.be.instanceOf(SuppressedError);
    expect(await privacy.consents.allows('karlis@example.lv', 'newsletter')).to.equal(false);
    // The person's own new consent is not silent: it counts, and lifts the suppression.
    await privacy.consents.grant('karlis@example.lv', 'newsletter', { source: 'account' });
    expect(await privacy.consents.allows('karlis@example.lv', 'newsletter')).to.equal(true);
    expect(await db().knex('privacy_suppressions').count({ n: '*' })).to.deep.equal([{ n: 0 }]);
    await privacy.close();
  });

  it('keeps every order and every ledger row when 200 shoppers check out at once', async function () {
    this.timeout(120000);
    const { app, privacy } = await createCheckoutHost(db().knex, db().url);
    const checkouts = Array.from({ length: 200 }, (_, i) =>
      request(app)
        .post('/checkout')
        .type('form')
        .send({ email: `shopper${i}@example.lv`, ...(i % 2 ? { consent_social_advertising: 'on' } : {}) })
        .expect(201),
    );
    await Promise.all(checkouts);
    expect(await db().knex('orders').count({ n: '*' })).to.deep.equal([{ n: 200 }]);
    // Per checkout: the acknowledgement and one answer per purpose offered there (newsletter, advertising).
    expect(await db().knex('privacy_consent_events').count({ n: '*' })).to.deep.equal([{ n: 600 }]);
    expect(await db().knex('privacy_consents').where({ purpose: 'social_advertising', granted: true }).count({ n: '*' })).to.deep.equal([{ n: 100 }]);
    await privacy.close();
  });
});
