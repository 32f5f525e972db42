import { createHash } from 'node:crypto';
import { assert, expect } from 'chai';
import { createPrivacy, type Privacy } from '../../index.js';
import { up as keyTheAuditChain } from '../../migrations/2026-12-02-01-00-00-key-the-audit-chain.js';
import { tableNames } from '../../lib/store/tables.js';
import { day, testClock, type TestClock } from '../support/clock.js';
import { onEachDatabase, tempDir } from '../support/databases.js';
import { sentMail } from '../support/outbox.js';
import { testSecret } from '../support/secret.js';
import { xpartsShop } from '../support/shop-options.js';

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
    privacy = createPrivacy({ db: db().url, secret: testSecret, ...xpartsShop, clock: testClock().now });
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
    const rotated = createPrivacy({ db: db().url, secret: testSecret, auditSecrets: [rotatedSecret, testSecret], ...xpartsShop });
    const dropped = createPrivacy({ db: db().url, secret: testSecret, auditSecrets: [rotatedSecret], ...xpartsShop });
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

/**
 * The trail has a retention of its own (`retention.auditTrail`): old rows go, and a keyed
 * checkpoint row (`audit.purged`) written with each deletion keeps what verification needs, the
 * seq and hash of the last row deleted. Someone with the database but not the key deletes more,
 * deletes the checkpoint, or forges one; verify names each.
 */
onEachDatabase('the audit trail purged by retention, against someone who can write the database', (db) => {
  const tables = { audit: 'privacy_audit', head: 'privacy_audit_head' };
  const old = 12;
  let clock: TestClock;
  let privacy: Privacy;
  let anchored: string;
  const opened: Privacy[] = [];
  const open = () => {
    const instance = createPrivacy({
      db: db().url,
      secret: testSecret,
      ...xpartsShop,
      clock: clock.now,
      retention: { batchSize: 2 },
    });
    opened.push(instance);
    return instance;
  };
  const seqs = async () => (await db().knex(tables.audit).orderBy('seq').pluck('seq')).map(Number);
  const hashAt = async (seq: number) => {
    const row = await db().knex(tables.audit).where({ seq }).first<{ hash: string } | undefined>('hash');
    assert.exists(row, `row seq ${seq}`);
    return row.hash;
  };
  const checkpoints = async () => (await privacy.audit.list({ action: 'audit.purged' })).map((entry) => ({ seq: entry.seq, details: entry.details }));

  beforeEach(async function () {
    clock = testClock();
    privacy = open();
    await privacy.migrate();
    for (let i = 1; i <= old; i += 1) await privacy.audit.recordNow({ actor: { type: 'system' }, action: 'test.old', details: { n: i } });
    anchored = (await privacy.audit.verify()).head;
    expect(anchored).to.match(new RegExp(`^${old}:`));
    // Past the trail's retention period, then one row young enough to stay.
    clock.advance(5 * 366 * day);
    await privacy.audit.recordNow({ actor: { type: 'system' }, action: 'test.recent' });
  });

  afterEach(async function () {
    await Promise.all(opened.splice(0).map((instance) => instance.close()));
  });

  it('deletes the old rows in batches, each with a keyed checkpoint, and the chain verifies against heads kept before', async function () {
    const fourth = `4:${await hashAt(4)}`;
    const third = `3:${await hashAt(3)}`;
    const through = [12, 10, 8, 6, 4, 2];
    const hashes = await Promise.all(through.map(hashAt));
    const report = await privacy.retention.run();
    expect(report.rules.find((line) => line.rule === 'privacy.audit_trail')).to.include({ deleted: old, action: 'delete' });
    // Row 13 stays; one checkpoint per batch of 2 (14-19), then the run's own entry (20).
    expect(await seqs()).to.deep.equal([13, 14, 15, 16, 17, 18, 19, 20]);
    expect(await checkpoints()).to.deep.equal(through.map((seq, i) => ({ seq: 19 - i, details: { throughSeq: seq, hash: hashes[i], rows: 2 } })));

    const verdict = await privacy.audit.verify();
    expect(verdict).to.deep.include({ ok: true, rows: 8 });
    expect(verdict.head).to.match(/^20:[0-9a-f]{64}$/);
    // The head kept before the purge: its row is gone, and the checkpoint that covers it carries its hash.
    expect(await privacy.audit.verify({ expect: anchored })).to.include({ ok: true });
    expect(await privacy.audit.verify({ expect: fourth })).to.include({ ok: true });
    expect(await privacy.audit.verify({ expect: `4:${'a'.repeat(64)}` })).to.have.nested.property('problem.kind', 'anchorMismatch');
    // A head between two checkpoints: its hash went with its row, so only "the chain was not cut below it" can be checked.
    expect(await privacy.audit.verify({ expect: third })).to.include({ ok: true });
    await db().knex(tables.audit).delete();
    await db()
      .knex(tables.head)
      .where({ id: 1 })
      .update({ seq: 0, hash: '0'.repeat(64) });
    expect(await privacy.audit.verify({ expect: third })).to.have.nested.property('problem.kind', 'anchorMissing');
  });

  it('detects old rows deleted beyond what a checkpoint covers, with or without a head kept', async function () {
    await privacy.retention.run();
    const after = (await privacy.audit.verify()).head;
    await db().knex(tables.audit).where({ seq: 13 }).delete();
    const verdict = await privacy.audit.verify();
    expect(verdict).to.have.nested.property('problem.kind', 'oldestDeleted');
    expect(verdict).to.have.nested.property('problem.seq', 14);
    expect(await privacy.audit.verify({ expect: after })).to.have.nested.property('problem.kind', 'oldestDeleted');
    // Deleting up to a checkpoint's own row does not help: no checkpoint says where the chain now starts.
    await db().knex(tables.audit).where('seq', '<=', 16).delete();
    expect(await privacy.audit.verify()).to.have.nested.property('problem.kind', 'oldestDeleted');
  });

  it('detects the checkpoint row deleted, alone or with everything before it', async function () {
    await privacy.retention.run();
    await db().knex(tables.audit).where({ seq: 19 }).delete();
    expect(await privacy.audit.verify()).to.have.nested.property('problem.kind', 'rowMissing');
    await db().knex(tables.audit).where('seq', '<', 19).delete();
    expect(await privacy.audit.verify()).to.have.nested.property('problem.kind', 'oldestDeleted');
  });

  it('detects a checkpoint forged without the key to cover more deleted rows', async function () {
    await privacy.retention.run();
    const hash13 = await hashAt(13);
    await db().knex(tables.audit).where({ seq: 13 }).delete();
    await db()
      .knex(tables.audit)
      .where({ seq: 19 })
      .update({ details: JSON.stringify({ throughSeq: 13, hash: hash13, rows: 3 }) });
    const verdict = await privacy.audit.verify();
    expect(verdict).to.have.nested.property('problem.kind', 'rowEdited');
    expect(verdict).to.have.nested.property('problem.seq', 19);
  });

  it('keeps an edited old row as evidence: only the sound stretch before it is deleted', async function () {
    await db().knex(tables.audit).where({ seq: 4 }).update({ details: '{"n":44}' });
    const report = await privacy.retention.run();
    expect(report.rules.find((line) => line.rule === 'privacy.audit_trail')).to.include({ deleted: 2 });
    expect((await seqs()).slice(0, 2)).to.deep.equal([3, 4]);
    const verdict = await privacy.audit.verify();
    expect(verdict).to.have.nested.property('problem.kind', 'rowEdited');
    expect(verdict).to.have.nested.property('problem.seq', 4);
  });

  it('two runs at once, on two instances, leave a chain that verifies', async function () {
    const other = open();
    await Promise.all([privacy.retention.run(), other.retention.run()]);
    expect(await privacy.audit.verify({ expect: anchored })).to.include({ ok: true });
    // Whatever one run left to the other is taken by the next.
    await other.retention.run();
    expect(await db().knex(tables.audit).where({ action: 'test.old' }).count({ n: '*' })).to.deep.equal([{ n: 0 }]);
    expect(await privacy.audit.verify({ expect: anchored })).to.include({ ok: true });
  });

  it('mails the head after each retention run to an address outside the database, and that head catches a later cut', async function () {
    const outbox = tempDir('esp-audit-head-');
    const mailing = createPrivacy({
      db: db().url,
      secret: testSecret,
      ...xpartsShop,
      clock: testClock().now,
      auditHeadTo: 'archive@xparts.lv',
      mailer: { outboxDir: outbox },
    });
    try {
      await mailing.retention.run();
      const head = await mailing.audit.head();
      const mail = (await sentMail(mailing, outbox)).find((m) => m.to.includes('archive@xparts.lv'));
      assert.exists(mail, 'the head mailed to the archive');
      expect(mail.text).to.contain(head).and.contain(`shop-privacy audit verify --expect ${head}`);
      expect(mail.subject).to.contain('audita žurnāla gals');
      // Two statements cut the run's entry and set the head back: the mailed head shows it.
      const seq = Number(head.split(':')[0]);
      await db().knex(tables.audit).where({ seq }).delete();
      const previous = await db().knex(tables.audit).orderBy('seq', 'desc').first('seq', 'hash');
      await db().knex(tables.head).update({ seq: previous.seq, hash: previous.hash });
      expect((await mailing.audit.verify()).ok).to.equal(true);
      expect(await mailing.audit.verify({ expect: head })).to.deep.include({ ok: false });
    } finally {
      await mailing.close();
    }
  });
});
