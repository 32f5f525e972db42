import { assert, expect } from 'chai';
import request from 'supertest';
import { onEachDatabase } from '../support/databases.js';
import { createHost } from '../support/host.js';
import { formOf, startShop } from '../support/shop.js';

/** Personal pages are never kept by the browser or a shared cache (issue 18 item 7). */
onEachDatabase('cache headers', (db) => {
  it('every personal page answers Cache-Control: no-store; the policy and an asset may be cached', async function () {
    const customer = { id: 7, email: 'anna@example.lv', emailVerified: true };
    const { app, privacy } = await createHost(db().url, { currentCustomer: () => customer, isStaff: () => true });
    await privacy.hooks.accountCreated({ customer });
    for (const path of [
      '/privacy/account',
      '/privacy/account/erase',
      '/privacy/account/export.json',
      '/privacy/request',
      '/privacy/cookies',
      '/privacy/staff',
      '/privacy/staff/lookup?email=anna@example.lv',
      '/privacy/staff/records',
      '/privacy/no-such-page',
    ]) {
      const res = await request(app).get(path);
      expect(res.status, path).to.be.below(500);
      expect(res.headers['cache-control'], path).to.equal('no-store');
    }
    for (const path of ['/privacy/policy', '/privacy/assets/privacy.css']) {
      const res = await request(app).get(path).expect(200);
      expect(res.headers['cache-control'] ?? '', path).not.to.contain('no-store');
    }
    await privacy.close();
  });
});

onEachDatabase('cookies behind a TLS proxy', (db) => {
  it("the example shop's session and the module's consent cookie are Secure when the shop is reached over HTTPS through its proxy, and not over plain HTTP", async function () {
    const shop = await startShop(db().url);
    try {
      for (const proto of ['https', 'http']) {
        const agent = request.agent(shop.app);
        const page = await agent.get('/signup').set('X-Forwarded-Proto', proto).expect(200);
        const { target, token } = formOf(page.text, '/signup');
        const signedUp = await agent
          .post(target)
          .set('X-Forwarded-Proto', proto)
          .type('form')
          .send({ _csrf: token, email: `${proto}@example.lv`, first_name: 'Anna', last_name: 'Bērziņa', password: 'a long password' })
          .expect(303);
        const session = ((signedUp.headers['set-cookie'] as unknown as string[] | undefined) ?? []).find((c) => c.startsWith('shop_session='));
        assert.exists(session, `${proto}: the session cookie`);
        expect(/;\s*Secure/i.test(session), `${proto}: ${session}`).to.equal(proto === 'https');
        const chosen = await agent.get('/').set('X-Forwarded-Proto', proto).set('Sec-GPC', '1').expect(200);
        const consent = ((chosen.headers['set-cookie'] as unknown as string[] | undefined) ?? []).find((c) => c.startsWith('privacy_consent='));
        assert.exists(consent, `${proto}: the consent cookie`);
        expect(/;\s*Secure/i.test(consent), `${proto}: ${consent}`).to.equal(proto === 'https');
      }
    } finally {
      await shop.stop();
    }
  });
});
