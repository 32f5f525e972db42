import { expect } from 'chai';
import { createPrivacy } from '../index.js';
import { onEachDatabase } from './support/databases.js';
import { testSecret } from './support/secret.js';

onEachDatabase('a new policy version', (db) => {
  it('asks again about consents given under the old one, keeping the old records as they were', async function () {
    const before = createPrivacy({ secret: testSecret, db: db().knex, controller: { email: 'info@xparts.lv' } });
    await before.migrate();
    await before.hooks.accountCreated({ customer: { id: 7, email: 'zane@example.lv' }, consents: { consent_newsletter: 'on' } });
    expect(await before.consents.needsReconfirmation({ customerId: 7 })).to.deep.equal([]);

    const after = createPrivacy({ secret: testSecret, db: db().knex, controller: { email: 'info@xparts.lv' }, policy: { version: '2026-12-01', date: '2026-12-01' } });
    await after.migrate();
    const versions = await db().knex('privacy_policy_versions').distinct('version').orderBy('version').pluck('version');
    expect(versions).to.deep.equal(['2023-03-08', '2026-12-01']);
    expect(await after.consents.needsReconfirmation({ customerId: 7 })).to.deep.equal(['newsletter']);
    // Still valid until answered: the old consent is a record, not rewritten.
    expect(await after.consents.allows('zane@example.lv', 'newsletter')).to.equal(true);

    await after.consents.grant({ customerId: 7 }, 'newsletter', { source: 'account' });
    expect(await after.consents.needsReconfirmation({ customerId: 7 })).to.deep.equal([]);
    const ledger = await db().knex('privacy_consent_events').where({ purpose: 'newsletter' }).orderBy('id').select('event', 'policy_version');
    expect(ledger).to.deep.equal([
      { event: 'granted', policy_version: '2023-03-08' },
      { event: 'granted', policy_version: '2026-12-01' },
    ]);
  });
});
