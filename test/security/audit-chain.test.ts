import { createHash } from 'node:crypto';
import { assert, expect } from 'chai';
import { createPrivacy, type Privacy } from '../../index.js';
import { up as keyTheAuditChain } from '../../migrations/2026-12-02-01-00-00-key-the-audit-chain.js';
import { tableNames } from '../../lib/store/tables.js';
import { testClock } from '../support/clock.js';
import { onEachDatabase } from '../support/databases.js';
import { testSecret } from '../support/secret.js';

/**
 * Someone with the database but not the app's secret rewrites the audit trail. Each attack passes
 * the chain's own checks unless the chain is keyed or its head was kept outside the database: the
 * operator kept the `seq:hash` that verify printed before the attack.
 */
onEachDatabase('the audit chain against someone who can write the database', (db) => {
  let privacy: Privacy;
  let anchored: string;
  const tables = { audit: 'privacy_audit', head: 'privacy_audit_head' };

  beforeEach(async function () {
    privacy = createPrivacy({ db: db().url, secret: testSecret, controller: { email: 'info@xparts.lv' }, clock: testClock().now });
    await privacy.migrate();
    for (let i = 1; i <= 6; i += 1) {
      const staff = i % 2 === 0;
      await privacy.audit.recordNow({
        actor: staff ? { type: 'staff', id: `s${i}` } : { type: 'system' },
        action: staff ? 'staff.viewed_request' : 'retention.run',
        details: { n: i },
      });
    }
    const before = await privacy.audit.verify();
    expect(before.ok).to.equal(true);
    anchored = before.head;
    expect(anchored).to.match(/^6:[0-9a-f]{64}$/);
  });

  afterEach(async function () {
    await privacy.close();
  });

  /** The chain recomputed as the old code did: plain SHA-256 over the row, no key; `asBefore` also clears key_id, as rows were before the migration. */
  async function recomputeUnkeyed({ asBefore = false } = {}): Promise<void> {
    const rows: Record<string, unknown>[] = await db().knex(tables.audit).orderBy('seq');
    let prev = '0'.repeat(64);
    let seq = 0;
    for (const row of rows) {
      seq += 1;
      const at = new Date(row.at as string | number | Date);
      const canonical = [
        seq,
        at.toISOString(),
        row.actor_type,
        row.actor_id ?? null,
        row.action,
        row.subject_id ?? null,
        row.request_id ?? null,
        row.details ?? null,
        prev,
      ];
      const hash = createHash('sha256').update(JSON.stringify(canonical), 'utf8').digest('hex');
      await db()
        .knex(tables.audit)
        .where({ id: row.id })
        .update({ seq, prev_hash: prev, hash, ...(asBefore ? { key_id: '' } : {}) });
      prev = hash;
    }
    await db().knex(tables.head).where({ id: 1 }).update({ seq, hash: prev });
  }

  it('detects the newest rows cut and the head set back, given the head kept before', async function () {
    const [kept] = await db().knex(tables.audit).where({ seq: 4 }).select('hash');
    assert.exists(kept, 'row seq 4');
    await db().knex(tables.audit).where('seq', '>', 4).delete();
    await db().knex(tables.head).where({ id: 1 }).update({ seq: 4, hash: kept.hash });
    const verdict = await privacy.audit.verify({ expect: anchored });
    expect(verdict.ok).to.equal(false);
    expect(verdict).to.have.nested.property('problem.kind', 'anchorMissing');
    expect(verdict.head).to.match(/^4:/);
  });

  it('detects staff rows deleted and the chain recomputed without the key, with or without the kept head', async function () {
    await db().knex(tables.audit).where('action', 'like', 'staff.%').delete();
    await recomputeUnkeyed();
    expect((await privacy.audit.verify()).ok).to.equal(false);
    const verdict = await privacy.audit.verify({ expect: anchored });
    expect(verdict.ok).to.equal(false);
    expect(verdict).to.have.nested.property('problem.kind', 'rowEdited');
  });

  it('detects the table wiped and the head reset, given the head kept before', async function () {
    await db().knex(tables.audit).delete();
    await db()
      .knex(tables.head)
      .where({ id: 1 })
      .update({ seq: 0, hash: '0'.repeat(64) });
    const verdict = await privacy.audit.verify({ expect: anchored });
    expect(verdict).to.deep.include({ ok: false, rows: 0, head: `0:${'0'.repeat(64)}` });
    expect(verdict).to.have.nested.property('problem.kind', 'anchorMissing');
  });

  it('accepts the kept head while the chain grows past it, and refuses a head it never had', async function () {
    await privacy.audit.recordNow({ actor: { type: 'system' }, action: 'later.entry' });
    expect(await privacy.audit.verify({ expect: anchored })).to.include({ ok: true, rows: 7 });
    const forged = `6:${'a'.repeat(64)}`;
    expect(await privacy.audit.verify({ expect: forged })).to.have.nested.property('problem.kind', 'anchorMismatch');
  });

  it('keeps verifying the older rows after the key is rotated, and names a row whose key is gone', async function () {
    const rotatedSecret = 'a-new-audit-secret-kept-in-the-vault-0123456789';
    const rotated = createPrivacy({ db: db().url, secret: testSecret, auditSecrets: [rotatedSecret, testSecret], controller: { email: 'info@xparts.lv' } });
    const dropped = createPrivacy({ db: db().url, secret: testSecret, auditSecrets: [rotatedSecret], controller: { email: 'info@xparts.lv' } });
    try {
      await rotated.audit.recordNow({ actor: { type: 'system' }, action: 'after.rotation' });
      expect(await rotated.audit.verify({ expect: anchored })).to.include({ ok: true, rows: 7 });
      const keyIds: string[] = await db().knex(tables.audit).orderBy('seq').pluck('key_id');
      expect(new Set(keyIds.slice(0, 6)).size).to.equal(1);
      expect(keyIds[6]).to.not.equal(keyIds[0]);
      // The old rows were made with a key this instance does not hold any more.
      expect(await dropped.audit.verify()).to.have.nested.property('problem.kind', 'unknownKey');
      // An instance that still writes with the old key cannot verify the rotated rows: every instance rotates together.
      expect(await privacy.audit.verify()).to.have.nested.property('problem.kind', 'unknownKey');
    } finally {
      await rotated.close();
      await dropped.close();
    }
  });

  it('re-chains an unkeyed trail under the key when migrating, and says where an unkeyed chain was already broken', async function () {
    const names = tableNames('privacy_');
    await recomputeUnkeyed({ asBefore: true });
    let refused: unknown;
    await keyTheAuditChain(db().knex, names, { secret: null }).catch((err: unknown) => (refused = err));
    expect(refused).to.be.instanceOf(Error).with.property('message').that.contains('--config');
    await keyTheAuditChain(db().knex, names, { secret: testSecret });
    // The same rows under the same key: the very head kept before.
    expect(await privacy.audit.verify({ expect: anchored })).to.include({ ok: true, rows: 6, head: anchored });

    await recomputeUnkeyed({ asBefore: true });
    await db().knex(tables.audit).where({ seq: 3 }).update({ details: '{"n":33}' });
    await keyTheAuditChain(db().knex, names, { secret: testSecret });
    expect(await privacy.audit.verify()).to.include({ ok: true, rows: 7 });
    const [note] = await privacy.audit.list({ limit: 1 });
    expect(note).to.include({ action: 'audit.rekeyed' }).and.to.have.deep.property('details', { unkeyedChainBrokenAt: 3 });
  });
});
