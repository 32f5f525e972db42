import { createHash, createHmac } from 'node:crypto';
import type { Knex } from 'knex';
import type { TableNames } from '../lib/store/tables.js';
import type { MigrationContext } from './context.js';

/**
 * The audit chain was plain SHA-256, which anyone who can write the database recomputes after
 * rewriting rows. Each row now carries an HMAC made with a key kept out of the database (by
 * default derived from the app's secret) and that key's fingerprint in `key_id`, so a rotated
 * key leaves older rows verifiable. Existing rows are re-chained in place under the key: their
 * seq stays, so a gap or a cut end still shows. An unkeyed chain that was already broken is not
 * made to look whole silently: a last row `audit.rekeyed` says where it broke. Written out here
 * as it was.
 */
export async function up(knex: Knex, tables: TableNames, context: MigrationContext): Promise<void> {
  if (!(await knex.schema.hasColumn(tables.audit, 'key_id'))) {
    await knex.schema.alterTable(tables.audit, (table) => {
      table.string('key_id', 16).notNullable().defaultTo('');
    });
  }
  const count = Number((await knex(tables.audit).count({ n: '*' }).first<{ n: number | string }>())?.n ?? 0);
  if (count === 0) return;
  const secret = context.auditSecret ?? context.secret;
  if (!secret) {
    throw new Error(
      "express-shop-privacy: this migration keys the audit chain with the app's secret: run `shop-privacy migrate --config <the app's options>`, or start the app once",
    );
  }
  const key = createHmac('sha256', secret).update('express-shop-privacy/audit-chain/v1').digest();
  const keyId = createHmac('sha256', key).update('key id').digest('hex').slice(0, 16);
  const values = (row: Record<string, unknown>) => [
    Number(row.seq),
    new Date(row.at as string | number | Date).toISOString(),
    String(row.actor_type),
    (row.actor_id as string | null) ?? null,
    String(row.action),
    row.subject_id === null || row.subject_id === undefined ? null : Number(row.subject_id),
    row.request_id === null || row.request_id === undefined ? null : Number(row.request_id),
    (row.details as string | null) ?? null,
  ];
  const genesis = '0'.repeat(64);
  let oldPrev = genesis;
  let newPrev = genesis;
  let brokenAt: number | null = null;
  let expectedSeq = 1;
  let lastSeq = 0;
  const head = await knex(tables.auditHead).where({ id: 1 }).first<{ seq: number | string; hash: string } | undefined>('seq', 'hash');
  let headHash: string | null = null;
  for (let after = 0; ;) {
    const rows: Record<string, unknown>[] = await knex(tables.audit).where('seq', '>', after).orderBy('seq').limit(500);
    if (rows.length === 0) break;
    for (const row of rows) {
      const seq = Number(row.seq);
      const oldHash = createHash('sha256')
        .update(JSON.stringify([...values(row), String(row.prev_hash)]), 'utf8')
        .digest('hex');
      // A gap is kept as it is, and verify names it; an edit is what re-keying would hide.
      if (brokenAt === null && seq === expectedSeq && (String(row.prev_hash) !== oldPrev || oldHash !== String(row.hash))) brokenAt = seq;
      const hash = createHmac('sha256', key)
        .update(JSON.stringify([...values(row), newPrev, keyId]), 'utf8')
        .digest('hex');
      await knex(tables.audit).where({ id: row.id }).update({ prev_hash: newPrev, key_id: keyId, hash });
      if (seq === Number(head?.seq)) headHash = hash;
      oldPrev = String(row.hash);
      newPrev = hash;
      expectedSeq = seq + 1;
      lastSeq = seq;
      after = seq;
    }
  }
  if (headHash !== null) await knex(tables.auditHead).where({ id: 1 }).update({ hash: headHash });
  if (brokenAt === null || Number(head?.seq) !== lastSeq) return;
  const note = {
    seq: lastSeq + 1,
    at: new Date(),
    actor_type: 'system',
    actor_id: null,
    action: 'audit.rekeyed',
    subject_id: null,
    request_id: null,
    details: JSON.stringify({ unkeyedChainBrokenAt: brokenAt }),
    prev_hash: newPrev,
    key_id: keyId,
  };
  const hash = createHmac('sha256', key)
    .update(
      JSON.stringify([note.seq, note.at.toISOString(), note.actor_type, note.actor_id, note.action, null, null, note.details, note.prev_hash, keyId]),
      'utf8',
    )
    .digest('hex');
  await knex(tables.audit).insert({ ...note, hash });
  await knex(tables.auditHead).where({ id: 1 }).update({ seq: note.seq, hash });
}
