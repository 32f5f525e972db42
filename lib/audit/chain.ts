import { createHmac } from 'node:crypto';

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
  /** Which key the row's hash was made with: old rows keep theirs when the key is rotated. */
  keyId: string;
}

/**
 * A chain key: an HMAC key kept out of the database, so whoever can write the database cannot
 * recompute the chain after rewriting it. `id` is a fingerprint of the key, stored on each row.
 */
export interface AuditKey {
  id: string;
  key: Buffer;
}

/** The keys a trail is given: new rows are made with `current`; `previous` still verify the rows made before a rotation. */
export interface AuditKeyRing {
  current: AuditKey;
  previous?: AuditKey[];
}

/**
 * The ring the options give: new rows use the first of `auditSecrets` (by default `secret`),
 * the others still verify rows made before a rotation.
 */
export function auditKeyRing(options: { secret: string; auditSecrets?: readonly string[] | undefined }): AuditKeyRing {
  const [current = options.secret, ...previous] = options.auditSecrets ?? [options.secret];
  return { current: auditKey(current), previous: previous.map(auditKey) };
}

/** The hash before the first row. */
export const genesisHash = '0'.repeat(64);

/** The chain key derived from a secret (by default the app's `secret`): HMAC-SHA256 of a fixed label, and its fingerprint. */
export function auditKey(secret: string): AuditKey {
  const key = createHmac('sha256', secret).update('express-shop-privacy/audit-chain/v1').digest();
  return { id: createHmac('sha256', key).update('key id').digest('hex').slice(0, 16), key };
}

/**
 * HMAC-SHA256 over the row's values in a fixed order, as a JSON array: unambiguous (no two rows
 * serialise alike) and the same on SQLite and MariaDB once values are normalised.
 */
export function auditHash(entry: ChainedEntry, key: Buffer): string {
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
    entry.keyId,
  ]);
  return createHmac('sha256', key).update(canonical, 'utf8').digest('hex');
}

/** A head as it is printed and kept outside the database: `seq:hash`. */
export function headText(head: { seq: number; hash: string }): string {
  return `${head.seq}:${head.hash}`;
}

/** A kept head read back, or null when it is not `seq:hash`. */
export function parseHead(text: string): { seq: number; hash: string } | null {
  const match = /^(\d{1,15}):([0-9a-f]{64})$/.exec(text.trim().toLowerCase());
  if (!match?.[1] || !match[2]) return null;
  return { seq: Number(match[1]), hash: match[2] };
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
    keyId: String(row.key_id ?? ''),
    hash: String(row.hash),
  };
}

/** The action of the checkpoint a purge appends: the rows up to `throughSeq` were deleted, the last of them had `hash`. */
export const purgedAction = 'audit.purged';

/** What a checkpoint row vouches for, or null when the row is not one. */
export function checkpointOf(entry: Pick<ChainedEntry, 'action' | 'details'>): { throughSeq: number; hash: string } | null {
  if (entry.action !== purgedAction || entry.details === null) return null;
  // Only a purge writes this action (record() refuses it), so a row that verified parses.
  const { throughSeq, hash } = (JSON.parse(entry.details) ?? {}) as { throughSeq?: unknown; hash?: unknown };
  return typeof throughSeq === 'number' && Number.isSafeInteger(throughSeq) && typeof hash === 'string' ? { throughSeq, hash } : null;
}
