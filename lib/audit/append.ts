import type { Knex } from 'knex';
import { isMysql } from '../store/database.js';
import type { TableNames } from '../store/tables.js';
import type { Clock } from '../store/time.js';
import { auditHash, genesisHash, headText, type AuditKeyRing } from './chain.js';

export interface AuditEntry {
  actor: { type: 'shopper' | 'staff' | 'system' | 'visitor'; id?: string | null | undefined };
  /** What happened, e.g. `consent.withdrawn`, `subject.erased`, `staff.viewed_request`. */
  action: string;
  subjectId?: number | null | undefined;
  requestId?: number | null | undefined;
  /** Counts, purposes, field names, ids: never a personal value. */
  details?: Record<string, unknown> | undefined;
}

/** What appending to the chain needs: where it is, the time, and the key new rows are made with. */
export interface ChainDeps {
  tables: TableNames;
  clock: Clock;
  keys: AuditKeyRing;
}

/**
 * The head row, locked until the transaction ends on MySQL (SQLite's one writer holds it
 * already): whoever holds it is the only one appending to, or cutting, the chain.
 */
export async function lockHead(trx: Knex.Transaction, tables: TableNames): Promise<{ seq: number; hash: string }> {
  const query = trx(tables.auditHead).where({ id: 1 }).first<{ seq: number | string; hash: string } | undefined>('seq', 'hash');
  const head = await (isMysql(trx) ? query.forUpdate() : query);
  if (!head) throw new Error('express-shop-privacy: the audit trail has no head row; run privacy.migrate()');
  return { seq: Number(head.seq), hash: head.hash };
}

/** The head row as `seq:hash`, unlocked: to print after a write such as a retention run. */
export async function readHeadText(db: Knex, tables: TableNames): Promise<string> {
  const head = await db(tables.auditHead).where({ id: 1 }).first<{ seq: number | string; hash: string } | undefined>('seq', 'hash');
  return headText({ seq: Number(head?.seq ?? -1), hash: head?.hash ?? genesisHash });
}

/** Appends entries to the chain in order: one locked read of the head, one insert, one head update. */
export async function appendEntries(trx: Knex.Transaction, { tables, clock, keys }: ChainDeps, entries: AuditEntry | AuditEntry[]): Promise<void> {
  const list = Array.isArray(entries) ? entries : [entries];
  if (list.length === 0) return;
  const head = await lockHead(trx, tables);
  // Milliseconds are what both databases keep.
  const at = clock();
  let seq = head.seq;
  let prevHash = head.hash;
  const rows = list.map((entry) => {
    const details = entry.details === undefined ? null : JSON.stringify(entry.details).slice(0, 2000);
    const chained = {
      seq: ++seq,
      at,
      actorType: entry.actor.type,
      actorId: entry.actor.id ? String(entry.actor.id).slice(0, 64) : null,
      action: entry.action.slice(0, 48),
      subjectId: entry.subjectId || null,
      requestId: entry.requestId || null,
      details,
      prevHash,
      keyId: keys.current.id,
    };
    prevHash = auditHash(chained, keys.current.key);
    return {
      seq: chained.seq,
      at,
      actor_type: chained.actorType,
      actor_id: chained.actorId,
      action: chained.action,
      subject_id: chained.subjectId,
      request_id: chained.requestId,
      details,
      prev_hash: chained.prevHash,
      key_id: chained.keyId,
      hash: prevHash,
    };
  });
  await trx(tables.audit).insert(rows);
  await trx(tables.auditHead).where({ id: 1 }).update({ seq, hash: prevHash });
}
