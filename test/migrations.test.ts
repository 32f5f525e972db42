import { createHash } from 'node:crypto';
import { expect } from 'chai';
import type { Knex } from 'knex';
import { createPrivacy, SuppressedError, xpartsPreset } from '../index.js';
import { runMigrations } from '../lib/store/migrator.js';
import { tableNames } from '../lib/store/tables.js';
import { migrations } from '../migrations/index.js';
import { onEachDatabase } from './support/databases.js';
import { testSecret } from './support/secret.js';
import { xpartsController, xpartsShop } from './support/shop-options.js';

const latvianLetters = 'ā č ē ģ ī ķ ļ ņ š ū ž Ā Č Ē Ģ Ī Ķ Ļ Ņ Š Ū Ž';

onEachDatabase('migrations', (db) => {
  it('create the module tables, and running them again is a no-op', async function () {
    const privacy = createPrivacy({ secret: testSecret, db: db().knex, ...xpartsShop });
    const first = await privacy.migrate();
    expect(first.ran).to.deep.equal(migrations.map((m) => m.name));
    for (const table of [
      'policy_versions',
      'subjects',
      'consent_events',
      'consents',
      'tokens',
      'suppressions',
      'requests',
      'audit',
      'audit_head',
      'rate_limits',
    ]) {
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
    const privacy = createPrivacy({ secret: testSecret, db: db().knex, tablePrefix: 'gdpr_', ...xpartsShop });
    await privacy.migrate();
    expect(await db().knex.schema.hasTable('gdpr_policy_versions')).to.equal(true);
    expect(await db().knex.schema.hasTable('privacy_policy_versions')).to.equal(false);
    expect(await db().knex.schema.hasTable('knex_migrations')).to.equal(false);
  });

  it('are safe when several app instances start at once', async function () {
    const instances = [1, 2, 3].map(() => createPrivacy({ secret: testSecret, db: db().url, ...xpartsShop }));
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
      secret: testSecret,
      db: db().knex,
      // Another company: its own controller, the neutral purposes (no preset, so nothing to review).
      controller: { ...xpartsController, name: `SIA Ģērbtuvju Ķēķis (${latvianLetters})`, address: 'Rīga, Ūdeļu iela 5, LV-1064' },
      supervisoryAuthority: xpartsPreset.supervisoryAuthority,
    });
    await privacy.migrate();
    const rows = await db().knex('privacy_policy_versions').select().orderBy('locale');
    expect(rows.map((r) => [r.version, r.locale])).to.deep.equal([
      [privacy.options.policy.version, 'en'],
      [privacy.options.policy.version, 'lv'],
    ]);
    for (const row of rows) {
      const published = privacy.policy.published(row.locale);
      expect(row.text).to.equal(published.text);
      expect(row.text).to.contain(latvianLetters);
      expect(row.text).to.contain('Rīga, Ūdeļu iela 5');
      expect(row.text_hash).to.equal(createHash('sha256').update(row.text, 'utf8').digest('hex'));
    }
  });

  it('record a new row when the text changes under the same version, keeping the old one', async function () {
    const first = createPrivacy({ secret: testSecret, db: db().knex, ...xpartsShop });
    await first.migrate();
    const second = createPrivacy({ secret: testSecret, db: db().knex, ...xpartsShop, controller: { ...xpartsController, email: 'dati@xparts.lv' } });
    await second.migrate();
    const lv = await db().knex('privacy_policy_versions').where({ locale: 'lv' }).select('text_hash');
    expect(lv.map((r) => r.text_hash)).to.have.members([first.policy.published('lv').hash, second.policy.published('lv').hash]);
  });
});

onEachDatabase('migrations over data kept before', (db) => {
  /** The module's tables as a release before these migrations left them. */
  async function migrateUpTo(last: string) {
    const upTo = migrations.slice(0, migrations.findIndex((m) => m.name === last) + 1);
    await db().knex.migrate.latest({
      tableName: 'privacy_migrations',
      migrationSource: {
        getMigrations: async () => upTo,
        getMigrationName: (m: (typeof upTo)[number]) => m.name,
        getMigration: async (m: (typeof upTo)[number]) => ({ up: (k: Knex) => m.up(k, tableNames('privacy_'), { secret: null }), down: async () => undefined }),
      },
    });
  }
  const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');
  const at = new Date('2026-06-01T10:00:00Z');

  it("turn links made without proof into the customer's claim beside the address's own record, and re-key kept address hashes", async function () {
    await migrateUpTo('2026-11-25-07-00-00-create-retention');
    await db()
      .knex('privacy_subjects')
      .insert([
        { email: 'anna@example.lv', customer_id: '7', locale: 'lv', created_at: at, updated_at: at },
        { email: 'guest@example.lv', customer_id: null, locale: 'lv', created_at: at, updated_at: at },
      ]);
    await db()
      .knex('privacy_suppressions')
      .insert({ email_hash: sha256('gone@example.lv'), purpose: 'newsletter', created_at: at });
    const privacy = createPrivacy({ secret: testSecret, db: db().knex, ...xpartsShop });
    await privacy.migrate();
    expect(await db().knex('privacy_subjects').orderBy('id').select('email', 'customer_id', 'customer_key', 'email_confirmed_at')).to.deep.equal([
      { email: 'anna@example.lv', customer_id: '7', customer_key: '7', email_confirmed_at: null },
      { email: 'guest@example.lv', customer_id: null, customer_key: '', email_confirmed_at: null },
    ]);
    // The address's own record and a customer's claim to it live side by side.
    await privacy.consents.grant('anna@example.lv', 'newsletter', { source: 'account' });
    expect(await db().knex('privacy_subjects').where({ email: 'anna@example.lv' }).count({ n: '*' })).to.deep.equal([{ n: 2 }]);
    // The suppression of an address erased before still refuses an import of it.
    const [{ email_hash: kept }] = await db().knex('privacy_suppressions').select('email_hash');
    expect(kept).not.to.equal(sha256('gone@example.lv'));
    let refused: unknown;
    await privacy.consents.grant('gone@example.lv', 'newsletter', { source: 'staff' }).catch((err: unknown) => (refused = err));
    expect(refused).to.be.instanceOf(SuppressedError);
  });

  it("refuse to re-key kept hashes without the app's secret, changing nothing", async function () {
    await migrateUpTo('2026-12-01-02-00-00-subjects-by-address-and-customer');
    await db()
      .knex('privacy_suppressions')
      .insert({ email_hash: sha256('gone@example.lv'), purpose: 'newsletter', created_at: at });
    let failed: unknown;
    await runMigrations(db().knex, tableNames('privacy_')).catch((err: unknown) => (failed = err));
    expect(String(failed)).to.contain('shop-privacy migrate --config');
    expect(await db().knex('privacy_suppressions').pluck('email_hash')).to.deep.equal([sha256('gone@example.lv')]);
  });
});
