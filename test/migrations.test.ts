import { createHash } from 'node:crypto';
import { expect } from 'chai';
import { createPrivacy } from '../index.js';
import { migrations } from '../migrations/index.js';
import { onEachDatabase } from './support/databases.js';
import { testSecret } from './support/secret.js';

const latvianLetters = 'ā č ē ģ ī ķ ļ ņ š ū ž Ā Č Ē Ģ Ī Ķ Ļ Ņ Š Ū Ž';

onEachDatabase('migrations', (db) => {
  it('create the module tables, and running them again is a no-op', async function () {
    const privacy = createPrivacy({ secret: testSecret, db: db().knex, controller: { email: 'info@xparts.lv' } });
    const first = await privacy.migrate();
    expect(first.ran).to.deep.equal(migrations.map((m) => m.name));
    for (const table of ['policy_versions', 'subjects', 'consent_events', 'consents', 'tokens', 'suppressions', 'requests', 'audit', 'audit_head', 'rate_limits']) {
      expect(await db().knex.schema.hasTable(`privacy_${table}`), table).to.equal(true);
    }
    expect(await db().knex.schema.hasTable('privacy_policy_versions')).to.equal(true);
    expect(await db().knex.schema.hasTable('privacy_migrations')).to.equal(true);
    const rows = await db().knex('privacy_policy_versions').count({ n: '*' });
    const second = await privacy.migrate();
    expect(second.ran).to.deep.equal([]);
    expect(await db().knex('privacy_policy_versions').count({ n: '*' })).to.deep.equal(rows);
    await privacy.close();
    // The host's knex is the host's to close: close() must leave it usable.
    expect(await db().knex.schema.hasTable('privacy_policy_versions')).to.equal(true);
  });

  it('use the configured table prefix and keep their bookkeeping apart from the host', async function () {
    const privacy = createPrivacy({ secret: testSecret, db: db().knex, tablePrefix: 'gdpr_', controller: { email: 'info@xparts.lv' } });
    await privacy.migrate();
    expect(await db().knex.schema.hasTable('gdpr_policy_versions')).to.equal(true);
    expect(await db().knex.schema.hasTable('privacy_policy_versions')).to.equal(false);
    expect(await db().knex.schema.hasTable('knex_migrations')).to.equal(false);
  });

  it('are safe when several app instances start at once', async function () {
    const instances = [1, 2, 3].map(() => createPrivacy({ secret: testSecret, db: db().url, controller: { email: 'info@xparts.lv' } }));
    try {
      await Promise.all(instances.map((privacy) => privacy.migrate()));
      const versions = await db().knex('privacy_policy_versions').select('locale').orderBy('locale');
      expect(versions.map((v) => v.locale)).to.deep.equal(['en', 'lv']);
    } finally {
      await Promise.all(instances.map((privacy) => privacy.close()));
    }
  });

  it('record each published policy text once per version and locale, with its hash, Latvian letters intact', async function () {
    const privacy = createPrivacy({
      secret: testSecret, db: db().knex,
      controller: { email: 'info@xparts.lv', name: `SIA Ģērbtuvju Ķēķis (${latvianLetters})`, address: 'Rīga, Ūdeļu iela 5, LV-1064' },
    });
    await privacy.migrate();
    const rows = await db().knex('privacy_policy_versions').select().orderBy('locale');
    expect(rows.map((r) => [r.version, r.locale])).to.deep.equal([['2023-03-08', 'en'], ['2023-03-08', 'lv']]);
    for (const row of rows) {
      const published = privacy.policy.published(row.locale);
      expect(row.text).to.equal(published.text);
      expect(row.text).to.contain(latvianLetters);
      expect(row.text).to.contain('Rīga, Ūdeļu iela 5');
      expect(row.text_hash).to.equal(createHash('sha256').update(row.text, 'utf8').digest('hex'));
    }
  });

  it('record a new row when the text changes under the same version, keeping the old one', async function () {
    const first = createPrivacy({ secret: testSecret, db: db().knex, controller: { email: 'info@xparts.lv' } });
    await first.migrate();
    const second = createPrivacy({ secret: testSecret, db: db().knex, controller: { email: 'dati@xparts.lv' } });
    await second.migrate();
    const lv = await db().knex('privacy_policy_versions').where({ locale: 'lv' }).select('text_hash');
    expect(lv.map((r) => r.text_hash)).to.have.members([first.policy.published('lv').hash, second.policy.published('lv').hash]);
  });
});
