import { assert, expect } from 'chai';
import request from 'supertest';
import { createPrivacy } from '../index.js';
import { formatDate, translate } from '../lib/i18n/index.js';
import { createHost } from './support/host.js';
import { onEachDatabase } from './support/databases.js';
import { testSecret } from './support/secret.js';
import { testClock } from './support/clock.js';
import { xpartsShop } from './support/shop-options.js';

onEachDatabase('a new policy version', (db) => {
  it('asks again about consents given under the old one, keeping the old records as they were', async function () {
    const clock = testClock();
    const before = createPrivacy({ secret: testSecret, db: db().knex, ...xpartsShop, clock: clock.now });
    await before.migrate();
    await before.hooks.accountCreated({ customer: { id: 7, email: 'zane@example.lv' }, consents: {} });
    // The shop proved the address (its e-mailed link): the consent is found by the address too.
    await before.hooks.emailVerified({ customer: { id: 7, email: 'zane@example.lv' } });
    // Confirmed by the e-mailed link under the old policy.
    await before.consents.grant({ customerId: 7 }, 'newsletter', { source: 'newsletter' });
    expect(await before.consents.needsReconfirmation({ customerId: 7 })).to.deep.equal([]);

    const after = createPrivacy({
      secret: testSecret,
      db: db().knex,
      ...xpartsShop,
      clock: clock.now,
      policy: { version: '2026-12-01', date: '2026-12-01' },
    });
    await after.migrate();
    const versions = await db().knex('privacy_policy_versions').distinct('version').orderBy('version').pluck('version');
    expect(versions).to.deep.equal(['2026-11-25', '2026-12-01']);
    expect(await after.consents.needsReconfirmation({ customerId: 7 })).to.deep.equal(['newsletter']);
    // Still valid until answered: the old consent is a record, not rewritten.
    expect(await after.consents.allows('zane@example.lv', 'newsletter')).to.equal(true);

    await after.consents.grant({ customerId: 7 }, 'newsletter', { source: 'account' });
    expect(await after.consents.needsReconfirmation({ customerId: 7 })).to.deep.equal([]);
    const ledger = await db().knex('privacy_consent_events').where({ purpose: 'newsletter' }).orderBy('id').select('event', 'policy_version');
    expect(ledger).to.deep.equal([
      { event: 'not_granted', policy_version: '2026-11-25' },
      { event: 'granted', policy_version: '2026-11-25' },
      { event: 'granted', policy_version: '2026-12-01' },
    ]);
  });
});

onEachDatabase('re-confirmation after a policy change', (db) => {
  const shopper = { id: 11, email: 'dace@example.lv' };

  async function grantUnderOldPolicy() {
    const before = createPrivacy({ secret: testSecret, db: db().knex, ...xpartsShop, clock: testClock().now });
    await before.migrate();
    await before.hooks.accountCreated({ customer: shopper, consents: {} });
    await before.consents.grant({ customerId: shopper.id }, 'newsletter', { source: 'newsletter' });
  }

  it('asks a logged-in shopper inside the banner, and records the answer under the new version', async function () {
    await grantUnderOldPolicy();
    const { app, privacy } = await createHost(db().url, { currentCustomer: () => shopper, policy: { version: '2026-12-01', date: '2026-12-01' } });
    const agent = request.agent(app);
    const page = await agent.get('/').expect(200);
    expect(page.text).to.contain('Mūsu privātuma politika ir mainījusies');
    expect(page.text).to.contain('„Vēlos saņemt jaunumus un piedāvājumus e-pastā.');
    const token = /action="\/privacy\/consents\/reconfirm"[\s\S]*?name="_csrf" value="([^"]+)"/.exec(page.text)?.[1];
    assert.exists(token, "the reconfirmation form's CSRF token");
    await agent
      .post('/privacy/consents/reconfirm')
      .type('form')
      .send({ _csrf: token, purpose: 'newsletter', answer: 'confirm', return_to: '/' })
      .expect(303)
      .expect('location', '/');
    expect(await privacy.consents.needsReconfirmation({ customerId: shopper.id })).to.deep.equal([]);
    const last = await db().knex('privacy_consent_events').where({ purpose: 'newsletter' }).orderBy('id', 'desc').first();
    expect(last).to.include({ event: 'granted', policy_version: '2026-12-01', source: 'account' });
    await privacy.close();
  });

  it('lets the host show the prompt on its account page, where withdrawing is as easy', async function () {
    await grantUnderOldPolicy();
    const { app, privacy } = await createHost(db().url, { currentCustomer: () => shopper, policy: { version: '2026-12-01', date: '2026-12-01' } }, (host) => {
      host.get('/account', async (req, res) => void res.send(`<h1>Account</h1>${await privacy.render.reconfirmPrompt(req, res)}`));
    });
    const agent = request.agent(app);
    const account = await agent.get('/account?lang=en').expect(200);
    expect(account.text).to.contain('Our privacy policy has changed');
    // One choice per purpose, named by its title, saying when it was agreed to and under which policy.
    const given = await db().knex('privacy_consents').where({ purpose: 'newsletter' }).first('policy_version', 'updated_at');
    expect(given.policy_version).to.match(/^\d{4}-\d{2}-\d{2}$/);
    expect(account.text).to.contain(
      translate('en', 'reconfirm.changed', { given: formatDate(new Date(given.updated_at), 'en'), policy: formatDate(given.policy_version, 'en') }),
    );
    const title = privacy.options.purposes.find((purpose) => purpose.id === 'newsletter')?.title.en;
    assert.exists(title, "the newsletter's English title");
    expect(account.text).to.contain(`<legend>${title}</legend>`);
    expect(account.text).to.contain(`<input type="radio" name="answer" value="confirm" required> ${translate('en', 'reconfirm.confirm')}`);
    expect(account.text).to.contain(`<input type="radio" name="answer" value="withdraw"> ${translate('en', 'reconfirm.withdraw')}`);
    expect(account.text).to.contain(`aria-label="${translate('en', 'reconfirm.save')}: ${title}">${translate('en', 'reconfirm.save')}</button>`);
    const token = /name="_csrf" value="([^"]+)"/.exec(account.text)?.[1];
    assert.exists(token, 'the CSRF token');
    // Only a purpose that is due may be answered; anything else changes nothing.
    await agent.post('/privacy/consents/reconfirm').type('form').send({ _csrf: token, purpose: 'social_advertising', answer: 'confirm' }).expect(400);
    await agent.post('/privacy/consents/reconfirm').type('form').send({ purpose: 'newsletter', answer: 'withdraw' }).expect(403);
    expect(await privacy.consents.allows({ customerId: shopper.id }, 'newsletter')).to.equal(true);
    await agent
      .post('/privacy/consents/reconfirm')
      .type('form')
      .send({ _csrf: token, purpose: 'newsletter', answer: 'withdraw', return_to: '/account' })
      .expect(303)
      .expect('location', '/account');
    expect(await privacy.consents.allows({ customerId: shopper.id }, 'newsletter')).to.equal(false);
    const after = await agent.get('/account').expect(200);
    expect(after.text).not.to.contain('privacy-reconfirm');
    await privacy.close();
  });
});

onEachDatabase('the re-consent prompt on the privacy account page', (db) => {
  it('is asked once: in the page, not again in the banner the policy change brings back', async function () {
    const { app, privacy } = await createHost(db().url, { currentCustomer: () => ({ id: 'c9', email: 'c9@example.lv', emailVerified: true }) });
    await privacy.hooks.accountCreated({ customer: { id: 'c9', email: 'c9@example.lv' }, consents: { consent_social_advertising: 'on' }, locale: 'lv' });
    await db().knex('privacy_consents').update({ policy_version: '2020-01-01' });
    const home = await request(app).get('/').expect(200);
    expect(home.text.match(/class="privacy-reconfirm"/g)).to.have.length(1);
    const account = await request(app).get('/privacy/account').expect(200);
    expect(account.text).to.contain('id="privacy-banner"');
    expect(account.text.match(/class="privacy-reconfirm"/g)).to.have.length(1);
    await privacy.close();
  });
});
