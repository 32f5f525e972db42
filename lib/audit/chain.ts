import { createHash } from 'node:crypto';

/** One audit row as it is hashed: every column but `id` and `hash` itself. */
export interface ChainedEntry {
  seq: number;
  at: Date;
  actorType: string;
  actorId: string | null;
  action: string;
  subjectId: number | null;
  requestId: number | null;
  details: string | null;
  prevHash: string;
}

/** The hash before the first row. */
export const genesisHash = '0'.repeat(64);

/**
 * SHA-256 over the row's values in a fixed order, as a JSON array: unambiguous (no two rows
 * serialise alike) and the same on SQLite and MariaDB once values are normalised.
 */
export function auditHash(entry: ChainedEntry): string {
  const canonical = JSON.stringify([
    entry.seq,
    entry.at.toISOString(),
    entry.actorType,
    entry.actorId,
    entry.action,
    entry.subjectId,
    entry.requestId,
    entry.details,
    entry.prevHash,
  ]);
  return createHash('sha256').update(canonical, 'utf8').digest('hex');
}

/** A row read back from either database, with its values as they were hashed. */
export function entryOf(row: Record<string, unknown>): ChainedEntry & { id: number; hash: string } {
  const nullableNumber = (value: unknown) => (value === null || value === undefined ? null : Number(value));
  return {
    id: Number(row.id),
    seq: Number(row.seq),
    at: new Date(row.at as string | number | Date),
    actorType: String(row.actor_type),
    actorId: (row.actor_id as string | null) ?? null,
    action: String(row.action),
    subjectId: nullableNumber(row.subject_id),
    requestId: nullableNumber(row.request_id),
    details: (row.details as string | null) ?? null,
    prevHash: String(row.prev_hash),
    hash: String(row.hash),
  };
}
