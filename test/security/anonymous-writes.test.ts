import { expect } from 'chai';
import request from 'supertest';
import { onEachDatabase } from '../support/databases.js';
import { createHost } from '../support/host.js';
import { day, testClock } from '../support/clock.js';

const advertisingTag = '/tags/advertising.js';

function csrfFrom(html: string): string {
  const token = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
  if (!token) throw new Error('no CSRF token in the page');
  return token;
}

/** Nothing a stranger can cause grows without bound (issue 18 item 4). */
onEachDatabase('anonymous writes stay bounded', (db) => {
  const count = async (table: string, where: Record<string, unknown> = {}) => Number((await db().knex(table).where(where).count({ n: '*' }))[0]?.n);

  it('a flood of cookieless pages with Sec-GPC: 1 from one address records a bounded number of refusals, and each page still refuses advertising', async function () {
    const { app, privacy } = await createHost(db().url);
    for (let i = 0; i < 60; i++) {
      const page = await request(app).get('/').set('Sec-GPC', '1').expect(200);
      expect(page.text).not.to.contain(advertisingTag);
    }
    const recorded = await count('privacy_consent_events', { source: 'gpc' });
    expect(recorded).to.be.greaterThan(0).and.at.most(30);
    await privacy.close();
  });

  it("an anonymous banner answer is proven by the ledger alone; a logged-in shopper's answer is audited as theirs", async function () {
    const { app, privacy } = await createHost(db().url, {
      currentCustomer: (req) => (req.get('x-customer') ? { id: 7, email: 'anna@example.lv', emailVerified: true } : null),
    });
    for (const customer of [false, true]) {
      const agent = request.agent(app);
      const headers: Record<string, string> = customer ? { 'x-customer': '1' } : {};
      const token = csrfFrom((await agent.get('/privacy/cookies').set(headers)).text);
      await agent.post('/privacy/cookies').set(headers).type('form').send({ _csrf: token, choice: 'accept' }).expect(303);
    }
    expect(await count('privacy_consent_events', { source: 'banner' })).to.equal(4);
    const audited = await db().knex('privacy_audit').where({ action: 'consent.cookies' }).select('actor_type', 'actor_id');
    expect(audited).to.deep.equal([{ actor_type: 'shopper', actor_id: '7' }]);
    await privacy.close();
  });

  it("repeated downloads of one's own data within a day fold into one answered request; the next day counts anew", async function () {
    const clock = testClock();
    const customer = { id: 7, email: 'anna@example.lv', emailVerified: true };
    const { app, privacy } = await createHost(db().url, { clock: clock.now, currentCustomer: () => customer });
    await privacy.hooks.accountCreated({ customer });
    for (let i = 0; i < 3; i++) await request(app).get('/privacy/account/export.txt').expect(200);
    await request(app).get('/privacy/account/export.json').expect(200);
    expect(await count('privacy_requests', { type: 'access' })).to.equal(1);
    clock.advance(day + 1000);
    await request(app).get('/privacy/account/export.txt').expect(200);
    expect(await count('privacy_requests', { type: 'access' })).to.equal(2);
    await privacy.close();
  });
});
