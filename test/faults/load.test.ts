import { expect } from 'chai';
import request from 'supertest';
import { onEachDatabase } from '../support/databases.js';
import { csrfOf, startShop } from '../support/shop.js';

/** Everything at once against one instance: nothing lost, nothing doubled, no error. */
onEachDatabase('load on one instance', (db) => {
  let shop: Awaited<ReturnType<typeof startShop>>;
  beforeEach(async function () {
    shop = await startShop(db().url);
  });
  afterEach(async function () {
    await shop.stop();
  });

  it("takes 500 visitors' cookie choices at once: one ledger row per answer, no audit row for them, the chain intact", async function () {
    this.timeout(180_000);
    const visitors = Array.from({ length: 500 }, () => request.agent(shop.app));
    // Each opens a page first (CSRF cookie and token), then all post together.
    // 500 visitors are 500 addresses (the shop trusts its loopback proxy): one address is limited to 60 banner answers a minute.
    const ipOf = (i: number) => `10.0.${i >> 8}.${i & 255}`;
    const opened = await Promise.all(
      visitors.map(async (agent, i) => ({
        agent,
        token: csrfOf((await agent.get('/privacy/cookies').set('X-Forwarded-For', ipOf(i))).text, '/privacy/cookies'),
      })),
    );
    const answers = await Promise.all(
      opened.map(({ agent, token }, i) =>
        agent
          .post('/privacy/cookies')
          .set('X-Forwarded-For', ipOf(i))
          .type('form')
          .send({ _csrf: token, choice: i % 2 ? 'accept' : 'reject' }),
      ),
    );
    expect(answers.map((res) => res.status).filter((status) => status !== 303)).to.deep.equal([]);
    // Two categories per choice: analytics and marketing.
    expect(await db().knex('privacy_consent_events').where({ source: 'banner' }).count({ n: '*' })).to.deep.equal([{ n: 1000 }]);
    expect(await db().knex('privacy_consent_events').where({ source: 'banner', event: 'granted' }).count({ n: '*' })).to.deep.equal([{ n: 500 }]);
    expect(await db().knex('privacy_consent_events').countDistinct({ n: 'visitor_id' })).to.deep.equal([{ n: 500 }]);
    // Anonymous answers are proven by the ledger alone: the audit trail does not grow with them.
    expect(await db().knex('privacy_audit').where({ action: 'consent.cookies' }).count({ n: '*' })).to.deep.equal([{ n: 0 }]);
    expect((await shop.privacy.audit.verify()).ok).to.equal(true);
  });

  it('takes 200 checkouts at once: 200 orders with distinct numbers, each with its lines and its acknowledgement', async function () {
    this.timeout(180_000);
    const shoppers = await Promise.all(
      Array.from({ length: 200 }, async (_, i) => {
        const agent = request.agent(shop.app);
        const home = await agent.get('/');
        await agent
          .post('/cart/add')
          .type('form')
          .send({ _csrf: csrfOf(home.text, '/cart/add'), productId: String((i % 16) + 1), quantity: '1' })
          .expect(303);
        const form = await agent.get('/checkout');
        return { agent, token: csrfOf(form.text, '/checkout'), i };
      }),
    );
    const placed = await Promise.all(
      shoppers.map(({ agent, token, i }) =>
        agent
          .post('/checkout')
          .type('form')
          .send({
            _csrf: token,
            email: `buyer${i}@example.lv`,
            first_name: 'Pircējs',
            last_name: `Nr${i}`,
            phone: '+371 20 000 000',
            address: 'Rīga',
            consent_social_advertising: i % 3 ? '' : 'yes',
          }),
      ),
    );
    expect(placed.map((res) => res.status).filter((status) => status !== 303)).to.deep.equal([]);
    expect(await db().knex('orders').count({ n: '*' })).to.deep.equal([{ n: 200 }]);
    expect(await db().knex('orders').countDistinct({ n: 'number' })).to.deep.equal([{ n: 200 }]);
    expect(await db().knex('order_lines').count({ n: '*' })).to.deep.equal([{ n: 200 }]);
    expect(await db().knex('privacy_subjects').count({ n: '*' })).to.deep.equal([{ n: 200 }]);
    expect(await db().knex('privacy_consent_events').where({ event: 'acknowledged' }).count({ n: '*' })).to.deep.equal([{ n: 200 }]);
    expect(await db().knex('privacy_consents').where({ purpose: 'social_advertising', granted: true }).count({ n: '*' })).to.deep.equal([{ n: 67 }]);
    expect((await shop.privacy.audit.verify()).ok).to.equal(true);
  });
});
