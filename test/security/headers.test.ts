import { expect } from 'chai';
import request from 'supertest';
import { onEachDatabase } from '../support/databases.js';
import { createHost } from '../support/host.js';

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
