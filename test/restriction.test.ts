import { assert, expect } from 'chai';
import { onEachDatabase } from './support/databases.js';
import { confirmNewsletter, shopper, signUpVerified, startShop } from './support/shop.js';

onEachDatabase('restriction and objection from the account page', (db) => {
  let shop: Awaited<ReturnType<typeof startShop>>;
  beforeEach(async function () {
    shop = await startShop(db().url);
  });
  afterEach(async function () {
    await shop.stop();
  });

  /** A customer whose address is proven by the shop's e-mailed link: the module finds her by it. */
  async function signedUp(consents: Record<string, string> = {}) {
    const browser = shopper(shop);
    await signUpVerified(shop, browser, { email: 'zane@example.lv', first_name: 'Zane', last_name: 'Liepiņa', password: 'a long password', ...consents });
    if (consents.consent_newsletter) await confirmNewsletter(shop, 'zane@example.lv');
    return browser;
  }

  it('restricts processing: the module stops using the data, the shop is told, and it can be lifted', async function () {
    const browser = await signedUp({ consent_newsletter: 'yes' });
    const told: boolean[] = [];
    shop.privacy.on('subject.restricted', (change) => void told.push(change.restricted));
    expect(await shop.privacy.consents.allows('zane@example.lv', 'newsletter')).to.equal(true);
    const restricted = await browser.post('/privacy/account/restrict', { answer: 'restrict' }, '/privacy/account').expect(303);
    expect(await shop.privacy.isRestricted('zane@example.lv')).to.equal(true);
    // It takes effect at once, and stays open for staff to review why.
    const [review] = await shop.privacy.requests.queue();
    expect(review).to.include({ type: 'restriction', status: 'open', channel: 'account' });
    assert.exists(review);
    expect(restricted.headers.location).to.equal(`/privacy/account?request=${review.id}`);
    expect(await shop.privacy.consents.allows('zane@example.lv', 'newsletter')).to.equal(false);
    const page = await browser.agent.get('/privacy/account').expect(200);
    expect(page.text).to.contain('Apstrāde ir ierobežota kopš').and.to.contain('Atcelt ierobežojumu');
    await browser.post('/privacy/account/restrict', { answer: 'lift' }, '/privacy/account').expect(303);
    expect(await shop.privacy.isRestricted({ email: 'zane@example.lv' })).to.equal(false);
    expect(await shop.privacy.consents.allows('zane@example.lv', 'newsletter')).to.equal(true);
    expect(told).to.deep.equal([true, false]);
  });

  it('restricts only the information the shopper names, as the policy offers: a request staff act on, nothing else stopped', async function () {
    const browser = await signedUp({ consent_newsletter: 'yes' });
    const page = await browser.agent.get('/privacy/account').expect(200);
    expect(page.text).to.contain('action="/privacy/account/restrict/part"').and.to.contain('Ierobežot tikai noteiktu informāciju');
    // Too short to act on: said in the shopper's language, and nothing is asked of staff.
    const vague = await browser.post('/privacy/account/restrict/part', { what: 'x' }, '/privacy/account').expect(422);
    expect(vague.text).to.contain('Aprakstiet, kuru informāciju');
    expect(await shop.privacy.requests.queue()).to.have.length(0);
    const asked = await browser
      .post('/privacy/account/restrict/part', { what: 'Neizmantojiet manu tālruņa numuru, kamēr pārbaudāt, vai tas ir pareizs.' }, '/privacy/account')
      .expect(303);
    const [review] = await shop.privacy.requests.queue();
    expect(review).to.include({
      type: 'restriction',
      status: 'open',
      channel: 'account',
      details: 'Neizmantojiet manu tālruņa numuru, kamēr pārbaudāt, vai tas ir pareizs.',
    });
    assert.exists(review);
    expect(asked.headers.location).to.equal(`/privacy/account?request=${review.id}`);
    // Only what was named is restricted, by staff: the rest goes on.
    expect(await shop.privacy.isRestricted('zane@example.lv')).to.equal(false);
    expect(await shop.privacy.consents.allows('zane@example.lv', 'newsletter')).to.equal(true);
    await browser.agent.post('/privacy/account/restrict/part').type('form').send({ what: 'Forged without a token, long enough.' }).expect(403);
  });

  it('takes an objection to direct marketing as absolute: every marketing consent withdrawn at once', async function () {
    const browser = await signedUp({ consent_newsletter: 'yes', consent_social_advertising: 'yes' });
    await browser.post('/privacy/account/object', {}, '/privacy/account').expect(303);
    const states = await shop.privacy.consents.of('zane@example.lv');
    expect(states.filter((s) => s.granted)).to.deep.equal([]);
    const withdrawn = await db().knex('privacy_consent_events').where({ event: 'withdrawn' }).orderBy('purpose').pluck('purpose');
    expect(withdrawn).to.deep.equal(['newsletter', 'social_advertising']);
    expect(await db().knex('privacy_suppressions').count({ n: '*' })).to.deep.equal([{ n: 2 }]);
    const page = await browser.agent.get('/privacy/account?lang=en').expect(200);
    expect(page.text).to.contain('Objection recorded on');
  });

  it('refuses bad input and forged posts, changing nothing', async function () {
    const browser = await signedUp();
    await browser.post('/privacy/account/restrict', { answer: 'maybe' }, '/privacy/account').expect(400);
    await browser.agent.post('/privacy/account/restrict').type('form').send({ answer: 'restrict' }).expect(403);
    await browser.agent.post('/privacy/account/object').type('form').send({}).expect(403);
    expect(await shop.privacy.isRestricted('zane@example.lv')).to.equal(false);
    expect(await db().knex('privacy_consent_events').where({ event: 'withdrawn' }).count({ n: '*' })).to.deep.equal([{ n: 0 }]);
  });
});
