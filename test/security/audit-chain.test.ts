import { createHash } from 'node:crypto';
import { assert, expect } from 'chai';
import { createPrivacy, type Privacy } from '../../index.js';
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

  /** The chain recomputed as the old code did: plain SHA-256 over the row, no key. */
  async function recomputeUnkeyed(): Promise<void> {
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
      await db().knex(tables.audit).where({ id: row.id }).update({ seq, prev_hash: prev, hash });
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
});
