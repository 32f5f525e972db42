import { expect } from 'chai';
import { createPrivacy, normaliseEmail } from '../../index.js';
import { onEachDatabase } from '../support/databases.js';
import { testSecret } from '../support/secret.js';

/** Spellings of one address that must land on one subject, and of another that must not. */
const same = [
  ['Anna@Example.LV', 'anna@example.lv'],
  ['  anna@example.lv\t', 'anna@example.lv'],
  ['anna@piemērs.lv', 'anna@xn--piemrs-s3a.lv'],
  ['ANNA@PIEMĒRS.LV', 'anna@xn--piemrs-s3a.lv'],
] as const;

describe('exotic e-mail addresses', function () {
  it('normalise case, spaces and IDN domains to one spelling, and keep plus-addressing apart', function () {
    for (const [given, normal] of same) expect(normaliseEmail(given), given).to.equal(normal);
    expect(normaliseEmail('anna+shop@example.lv')).to.equal('anna+shop@example.lv');
    expect(normaliseEmail('anna+shop@example.lv')).not.to.equal(normaliseEmail('anna@example.lv'));
  });
});

onEachDatabase('exotic e-mail addresses in the consent ledger', (db) => {
  it('find one subject whatever the spelling, so a withdrawal in one spelling holds for all', async function () {
    const privacy = createPrivacy({ secret: testSecret, db: db().url, controller: { email: 'info@xparts.lv' } });
    try {
      await privacy.migrate();
      await privacy.consents.grant('ANNA@PIEMĒRS.LV ', 'social_advertising', { source: 'account' });
      expect(await privacy.consents.allows('anna@xn--piemrs-s3a.lv', 'social_advertising')).to.equal(true);
      await privacy.consents.withdraw(' Anna@Piemērs.lv', 'social_advertising', { source: 'account' });
      expect(await privacy.consents.allows('anna@piemērs.lv', 'social_advertising')).to.equal(false);
      expect(await db().knex('privacy_subjects').pluck('email')).to.deep.equal(['anna@xn--piemrs-s3a.lv']);
      // Plus-addressing is the person's own choice of a separate address: a separate subject.
      await privacy.consents.grant('anna+shop@piemērs.lv', 'social_advertising', { source: 'account' });
      expect(await db().knex('privacy_subjects').count({ n: '*' })).to.deep.equal([{ n: 2 }]);
    } finally {
      await privacy.close();
    }
  });
});
