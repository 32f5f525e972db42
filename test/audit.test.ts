import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { assert, expect } from 'chai';
import { auditKey } from '../lib/audit/chain.js';
import { createAuditTrail, type AuditTrail } from '../lib/audit/trail.js';
import { runMigrations } from '../lib/store/migrator.js';
import { tableNames } from '../lib/store/tables.js';
import { onEachDatabase, tempDir } from './support/databases.js';
import { testClock } from './support/clock.js';
import { testSecret } from './support/secret.js';
import { xpartsShop } from './support/shop-options.js';

const run = promisify(execFile);
const tables = tableNames('privacy_');

/** The app's options as a module, as an operator hands them to the CLI: the chain's key comes from its secret. */
function configFor(url: string): string {
  const file = path.join(tempDir('esp-audit-config-'), 'privacy.config.mjs');
  fs.writeFileSync(file, `export default ${JSON.stringify({ db: url, secret: testSecret, ...xpartsShop })};\n`);
  return file;
}

async function auditVerifyCli(url: string, env: NodeJS.ProcessEnv = {}, args: string[] = []): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', path.resolve('bin/shop-privacy.ts'), 'audit', 'verify', ...args], {
      env: { ...process.env, DATABASE_URL: '', PRIVACY_CONFIG: configFor(url), ...env },
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const failed = err as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

onEachDatabase('the hash-chained audit trail', (db) => {
  let audit: AuditTrail;
  beforeEach(async function () {
    await runMigrations(db().knex, tables);
    audit = createAuditTrail({ db: db().knex, tables, clock: testClock().now, keys: { current: auditKey(testSecret) } });
  });

  async function fiveRows(): Promise<{ id: number; seq: number }[]> {
    for (let i = 1; i <= 5; i += 1)
      await audit.recordNow({ actor: { type: 'staff', id: `s${i}` }, action: 'staff.viewed_request', subjectId: i, requestId: 10 + i, details: { n: i } });
    return db().knex(tables.audit).select('id', 'seq').orderBy('seq');
  }

  it('chains committed rows and keeps none of a transaction that rolled back', async function () {
    await audit.recordNow({ actor: { type: 'system' }, action: 'retention.run', details: { deleted: 3 } });
    await db()
      .knex.transaction(async (trx) => {
        await audit.record(trx, { actor: { type: 'shopper' }, action: 'subject.erased', subjectId: 7 });
        throw new Error('the erasure failed');
      })
      .catch(() => undefined);
    await audit.recordNow({ actor: { type: 'visitor' }, action: 'consent.cookies', details: { answers: { analytics: 'granted' } } });
    const rows = await db().knex(tables.audit).orderBy('seq');
    expect(rows.map((row) => [Number(row.seq), row.action])).to.deep.equal([
      [1, 'retention.run'],
      [2, 'consent.cookies'],
    ]);
    expect(rows[1].prev_hash).to.equal(rows[0].hash);
    const verdict = await audit.verify();
    expect(verdict).to.deep.equal({ ok: true, rows: 2, head: `2:${String(rows[1].hash)}` });
    const cli = await auditVerifyCli(db().url);
    expect(cli).to.include({ code: 0 });
    expect(cli.stdout).to.contain('Audit trail intact: 2 row(s) verified.').and.to.contain(verdict.head);
    await db().knex(tables.audit).where({ seq: 2 }).delete();
    await db()
      .knex(tables.auditHead)
      .update({ seq: 1, hash: String(rows[0].hash) });
    const cut = await auditVerifyCli(db().url, {}, ['--expect', verdict.head]);
    expect(cut.code).to.equal(3);
    expect(cut.stderr).to.contain('the head kept before is seq 2');
    expect((await auditVerifyCli(db().url, {}, ['--expect', 'nonsense'])).code).to.equal(2);
    expect(await auditVerifyCli(db().url, { PRIVACY_CONFIG: '', DATABASE_URL: db().url })).to.include({ code: 1 });
  });

  it("refuses the trail's own audit.* actions from anyone but the trail, so a checkpoint of a purge comes only from a purge", async function () {
    let refused: unknown;
    await audit
      .recordNow({ actor: { type: 'system' }, action: 'audit.purged', details: { throughSeq: 40, hash: 'f'.repeat(64), rows: 40 } })
      .catch((err: unknown) => {
        refused = err;
      });
    expect(refused).to.be.instanceOf(TypeError).with.property('message').that.contains('audit.purged');
    expect(await db().knex(tables.audit).count({ n: '*' })).to.deep.equal([{ n: 0 }]);
  });

  it('keeps one gapless chain when many writers record at once', async function () {
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        audit.recordNow({ actor: { type: 'shopper' }, action: 'consent.withdrawn', subjectId: i + 1, details: { purpose: 'newsletter' } }),
      ),
    );
    const seqs = (await db().knex(tables.audit).select('seq').orderBy('seq')).map((row) => Number(row.seq));
    expect(seqs).to.deep.equal(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(await audit.verify()).to.include({ ok: true, rows: 20 });
  });

  for (const [column, value] of [
    ['action', 'staff.nothing_to_see'],
    ['details', '{"n":99}'],
    ['subject_id', 42],
    ['actor_id', 'someone-else'],
    ['at', new Date('2020-01-01T00:00:00Z')],
  ] as const) {
    it(`names the row whose ${column} was edited by hand, and the CLI exits 3`, async function () {
      const [, , third] = await fiveRows();
      assert.exists(third, 'the third row');
      await db()
        .knex(tables.audit)
        .where({ id: third.id })
        .update({ [column]: value });
      const verdict = await audit.verify();
      expect(verdict.ok).to.equal(false);
      expect(verdict).to.have.nested.property('problem.seq', 3);
      expect(verdict).to.have.nested.property('problem.reason').that.contains(`row ${third.id} (seq 3) was edited`);
      const cli = await auditVerifyCli(db().url);
      expect(cli.code).to.equal(3);
      expect(cli.stderr).to.contain(`row ${third.id} (seq 3) was edited`);
    });
  }

  it('tells the operator in Latvian when the terminal is Latvian', async function () {
    const [, second, third] = await fiveRows();
    assert.exists(second, 'the second row');
    assert.exists(third, 'the third row');
    await db().knex(tables.audit).where({ id: second.id }).delete();
    const verdict = await audit.verify();
    expect(verdict).to.have.nested.property('problem.kind', 'rowMissing');
    expect(verdict).to.have.nested.property('problem.next').that.deep.equals({ id: third.id, seq: 3 });
    const cli = await auditVerifyCli(db().url, { LANG: 'lv_LV.UTF-8', LC_ALL: '', SHOP_PRIVACY_LOCALE: '' });
    expect(cli.code).to.equal(3);
    expect(cli.stderr).to.contain(
      `Audita žurnāls BOJĀTS (labo ierakstu pirms kļūdas: 1): trūkst ieraksta ar kārtas nr. 2: pirms ieraksta ${third.id} (kārtas nr. 3) kāds ieraksts ir dzēsts.`,
    );
  });

  it('names a deleted middle row, a deleted newest row and an edited head', async function () {
    const [, second] = await fiveRows();
    assert.exists(second, 'the second row');
    await db().knex(tables.audit).where({ id: second.id }).delete();
    expect(await audit.verify())
      .to.have.nested.property('problem.reason')
      .that.contains('seq 2 is missing');
    await db().knex(tables.audit).delete();
    await db()
      .knex(tables.auditHead)
      .update({ seq: 0, hash: '0'.repeat(64) });

    const [, , , fourth, fifth] = await fiveRows();
    assert.exists(fourth, 'the fourth row');
    assert.exists(fifth, 'the fifth row');
    await db().knex(tables.audit).where({ id: fifth.id }).delete();
    expect(await audit.verify())
      .to.have.nested.property('problem.reason')
      .that.contains('the newest row was deleted');
    await db().knex(tables.audit).where({ id: fourth.id }).delete();
    const twoGone = await audit.verify();
    expect(twoGone).to.deep.include({ ok: false, rows: 3 });
    expect(twoGone).to.have.nested.property('problem.kind', 'newestDeleted');
    expect(twoGone).to.have.nested.property('problem.reason', 'the chain ends at seq 3 but the head says seq 5: the newest 2 rows were deleted');
    await audit.recordNow({ actor: { type: 'system' }, action: 'after.the.gap' }).catch(() => undefined);
    await db()
      .knex(tables.auditHead)
      .update({ hash: 'f'.repeat(64) });
    expect((await audit.verify()).ok).to.equal(false);
  });
});
