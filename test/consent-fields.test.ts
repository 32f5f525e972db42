import { assert, expect } from 'chai';
import type { Request } from 'express';
import request from 'supertest';
import { onEachDatabase } from './support/databases.js';
import { createCheckoutHost } from './support/checkout-host.js';
import { testClock } from './support/clock.js';

/** The logged-in customer, as the host's session would say: here a header, for the test. */
const currentCustomer = (req: Request) => {
  const id = req.get('x-customer');
  return id ? { id, email: `${id}@example.lv`, emailVerified: true } : null;
};

onEachDatabase('consent boxes that show what the shopper already answered', (db) => {
  async function host() {
    const shop = await createCheckoutHost(db().knex, db().url, { currentCustomer, clock: testClock().now });
    // The shop's checkout page for whoever is logged in, and after a failed submission.
    shop.app.get('/checkout/mine', async (req, res) => {
      const submitted = req.query.failed ? { consent_newsletter: 'on' } : undefined;
      res.send(await shop.privacy.render.consentFieldsFor(req, res, { at: 'checkout', ...(submitted ? { submitted } : {}) }));
    });
    return shop;
  }

  it('shows a consent given at signup as given, with the way to withdraw it, instead of an empty box', async function () {
    const { app, privacy } = await host();
    await privacy.hooks.accountCreated({ customer: { id: 'c7', email: 'c7@example.lv' }, consents: { consent_social_advertising: 'on' }, locale: 'lv' });
    const page = await request(app).get('/checkout/mine').set('x-customer', 'c7').expect(200);
    expect(page.text).not.to.contain('type="checkbox" id="privacy-checkout-consent_social_advertising"');
    expect(page.text).to.contain('Piekrišana jau sniegta');
    expect(page.text).to.match(/<a [^>]*href="\/privacy\/account#consents"[^>]*>Atsaukt privātuma lapā<\/a>/);
    // What was not given is still asked, unticked.
    expect(page.text).to.match(/<input type="checkbox" id="privacy-checkout-consent_newsletter" name="consent_newsletter" value="yes">/);
    // Someone else, or nobody, is asked everything.
    const stranger = await request(app).get('/checkout/mine').set('x-customer', 'c8').expect(200);
    expect(stranger.text).to.contain('name="consent_social_advertising" value="yes"');
    expect(stranger.text).not.to.contain('Piekrišana jau sniegta');
    const nobody = await request(app).get('/checkout/mine').expect(200);
    expect(nobody.text).to.equal(privacy.render.consentFields({ at: 'checkout', locale: 'lv' }));
    await privacy.close();
  });

  it('records no "not granted" for a consent the page showed as given: the consent and its history stay as they were', async function () {
    const { app, privacy } = await host();
    await privacy.hooks.accountCreated({ customer: { id: 'c7', email: 'c7@example.lv' }, consents: { consent_social_advertising: 'on' }, locale: 'lv' });
    const fields = (await request(app).get('/checkout/mine').set('x-customer', 'c7')).text;
    const hidden = fields.match(/<input type="hidden" name="(consent_social_advertising)" value="(given)">/);
    assert.exists(hidden, 'the given consent travels with the form as "given"');
    const [, name, value] = hidden;
    assert.exists(name, "the hidden field's name");
    assert.exists(value, "the hidden field's value");
    await request(app)
      .post('/checkout')
      .set('x-customer', 'c7')
      .type('form')
      .send({ email: 'c7@example.lv', [name]: value })
      .expect(201);
    const events = await db().knex('privacy_consent_events').where({ purpose: 'social_advertising' }).orderBy('id').pluck('event');
    expect(events).to.deep.equal(['granted']);
    expect(await privacy.consents.allows({ customerId: 'c7' }, 'social_advertising')).to.equal(true);
    await privacy.close();
  });

  it('keeps a box the shopper ticked when the form comes back with an error', async function () {
    const { app, privacy } = await host();
    const page = await request(app).get('/checkout/mine?failed=1').expect(200);
    expect(page.text).to.match(/name="consent_newsletter" value="yes" checked>/);
    expect(page.text).to.match(/name="consent_social_advertising" value="yes">/);
    // The cached fields for a first visit are never ticked.
    expect(privacy.render.consentFields({ at: 'checkout', locale: 'lv' })).not.to.contain('checked');
    await privacy.close();
  });
});
