import type { Knex } from 'knex';
import { appendEntries, lockHead, type ChainDeps } from './append.js';
import { auditHash, entryOf, purgedAction, type AuditKey } from './chain.js';

/**
 * Deletes the oldest rows of the chain among `seqs` (the rows a retention batch found due) and
 * appends, in the same transaction, the checkpoint verify needs to start where the chain now
 * starts: an `audit.purged` row, itself chained and keyed, with the seq and hash of the last row
 * deleted. So the checkpoint cannot be forged, edited or removed without the key, and rows
 * deleted beyond it show.
 *
 * It holds the head lock, as record() does, so purges and writers of any instance take turns,
 * and it deletes only from the start of the chain: a batch another run is still deleting before
 * it deletes nothing (the next batch or run takes it), so no gap is ever made. Only a sound
 * stretch goes: each row's hash checks under its key and follows the row before, and the row
 * after it (or the head) vouches for the last; an edited row and what follows it stay as the
 * evidence verify names. Returns how many rows were deleted.
 */
export async function purgeAudit(trx: Knex.Transaction, deps: ChainDeps, seqs: readonly Knex.Value[]): Promise<number> {
  const { tables, keys } = deps;
  const head = await lockHead(trx, tables);
  const oldest = await trx(tables.audit).min({ seq: 'seq' }).first<{ seq: number | string | null } | undefined>();
  if (oldest?.seq === null || oldest?.seq === undefined) return 0;
  const first = Number(oldest.seq);
  let through = first - 1;
  for (const seq of seqs.map(Number).sort((a, b) => a - b)) {
    if (seq !== through + 1) break;
    through = seq;
  }
  if (through < first) return 0;

  const ring = new Map<string, AuditKey>([...(keys.previous ?? []), keys.current].map((key) => [key.id, key]));
  const rows = (
    await trx(tables.audit)
      .whereBetween('seq', [first, through + 1])
      .orderBy('seq')
  ).map(entryOf);
  const sound: typeof rows = [];
  for (const row of rows) {
    const before = sound.at(-1);
    const key = ring.get(row.keyId);
    if (row.seq !== (before ? before.seq + 1 : first) || (before && row.prevHash !== before.hash) || !key || auditHash(row, key.key) !== row.hash) break;
    sound.push(row);
  }
  // The last row deleted must be vouched for by what follows it: the next sound row, or the head itself.
  let last: (typeof rows)[number] | undefined;
  for (const [i, row] of sound.entries()) {
    if (row.seq > through || !(sound[i + 1] || (row.seq === head.seq && row.hash === head.hash))) break;
    last = row;
  }
  if (!last) return 0;
  const deleted = await trx(tables.audit).whereBetween('seq', [first, last.seq]).delete();
  await appendEntries(trx, deps, {
    actor: { type: 'system', id: 'retention' },
    action: purgedAction,
    details: { throughSeq: last.seq, hash: last.hash, rows: deleted },
  });
  return deleted;
}
