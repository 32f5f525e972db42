import type { Knex } from 'knex';
import { translate, type MessageKey } from '../i18n/index.js';
import type { Locale } from '../options/locales.js';
import type { PrivacyLogger } from '../options/schema.js';
import type { TableNames } from '../store/tables.js';
import type { Clock } from '../store/time.js';
import { appendEntries, readHeadText, type AuditEntry } from './append.js';
import { auditHash, checkpointOf, entryOf, genesisHash, headText, parseHead, type AuditKey, type AuditKeyRing } from './chain.js';

export type { AuditEntry } from './append.js';

/**
 * Why a chain does not verify: `seq` is where the check stopped, `id` the row it names (null
 * when that row is gone). A missing row names the row after the gap in `next`; the head's
 * problems give what the head claims in `headSeq`. `anchorMissing` and `anchorMismatch` compare
 * the chain with a head kept outside the database (`verify({ expect })`): rows were cut or
 * wiped, or the chain was rewritten. `oldestDeleted`: the chain starts after seq 1 and no
 * checkpoint of a purge vouches for where it starts, so old rows were deleted by hand.
 */
export const auditProblemKinds = [
  'rowMissing',
  'rowUnlinked',
  'rowEdited',
  'unknownKey',
  'oldestDeleted',
  'newestDeleted',
  'headEdited',
  'headHashMismatch',
  'anchorMissing',
  'anchorMismatch',
] as const;
export type AuditProblemKind = (typeof auditProblemKinds)[number];

export interface AuditProblem {
  kind: AuditProblemKind;
  seq: number;
  id: number | null;
  next?: { id: number; seq: number };
  headSeq?: number;
  /** The last seq the chain reached soundly (after a purge, not the count of rows). */
  end?: number;
  /** The problem in English words, for logs; `auditProblemText` gives it in any language. */
  reason: string;
}

/** `head` is the chain's end as `seq:hash`, to keep outside the database and pass back as `expect`. */
export type AuditVerdict = { ok: true; rows: number; head: string } | { ok: false; rows: number; head: string; problem: AuditProblem };

export interface AuditVerifyOptions {
  /** A head printed before (`seq:hash`): the chain must still hold that row with that hash. */
  expect?: string | undefined;
}

/** A verify problem in words, in `locale`, for a chain whose first `rows` rows were sound. */
export function auditProblemText(problem: Omit<AuditProblem, 'reason'>, rows: number, locale: Locale): string {
  const end = problem.end ?? rows;
  const deleted = (problem.headSeq ?? end) - end;
  const vars = {
    end,
    seq: problem.seq,
    id: problem.id ?? '',
    nextId: problem.next?.id ?? '',
    nextSeq: problem.next?.seq ?? '',
    headSeq: problem.headSeq ?? '',
    rows,
    count: deleted,
  };
  const key: MessageKey = problem.kind === 'newestDeleted' && deleted > 1 ? 'audit.problem.newestDeletedMany' : `audit.problem.${problem.kind}`;
  return translate(locale, key, vars);
}

const pageSize = 1000;

/**
 * The append-only audit trail. Each row carries the hash of the one before, so an edited or
 * deleted row breaks the chain where it was. Writers lock the one head row, so rows join the
 * chain one at a time even from several instances; record at the end of a transaction to
 * hold that lock briefly.
 */
interface Deps {
  db: Knex;
  tables: TableNames;
  clock: Clock;
  keys: AuditKeyRing;
  /** Where each verify's head is logged: kept off this database, it anchors the chain. */
  logger?: PrivacyLogger | undefined;
}

export function createAuditTrail({ db, tables, clock, keys, logger }: Deps) {
  const keyring = new Map<string, AuditKey>([...(keys.previous ?? []), keys.current].map((key) => [key.id, key]));
  const readHead = async () => {
    const head = await db(tables.auditHead).where({ id: 1 }).first<{ seq: number | string; hash: string } | undefined>('seq', 'hash');
    return { seq: Number(head?.seq ?? -1), hash: head?.hash ?? null };
  };

  /** Appends entries to the chain in order: one locked read of the head, one insert, one head update. */
  async function record(trx: Knex.Transaction, entries: AuditEntry | AuditEntry[]): Promise<void> {
    const list = Array.isArray(entries) ? entries : [entries];
    // `audit.…` rows are the trail's own: a checkpoint of a purge must come from a purge.
    const reserved = list.find((entry) => entry.action.startsWith('audit.'));
    if (reserved) throw new TypeError(`express-shop-privacy: the action "${reserved.action}" is the audit trail's own; give the shop's entries another name`);
    await appendEntries(trx, { tables, clock, keys }, list);
  }

  /** The chain re-computed, as verify() below describes. */
  async function check({ expect }: AuditVerifyOptions): Promise<AuditVerdict> {
    const anchor = expect === undefined ? null : parseHead(expect);
    if (expect !== undefined && !anchor) throw new TypeError(`express-shop-privacy: audit.verify({ expect }) takes a head as verify printed it, seq:hash`);
    const before = await readHead();
    let last = 0;
    let prevHash = genesisHash;
    let rows = 0;
    // The first row, when older ones were purged: its prev_hash is trusted until a checkpoint vouches for it.
    let start: { seq: number; id: number; prevHash: string } | null = null;
    const vouched = new Map<number, string>();
    let hashAtHead = before.seq === 0 ? genesisHash : null;
    let hashAtAnchor = anchor?.seq === 0 ? genesisHash : null;
    const broken = (found: Omit<AuditProblem, 'reason' | 'end'>): AuditVerdict => {
      const problem = { ...found, end: last };
      return { ok: false, rows, head: headText({ seq: last, hash: prevHash }), problem: { ...problem, reason: auditProblemText(problem, rows, 'en') } };
    };
    for (;;) {
      const page = (await db(tables.audit).where('seq', '>', last).orderBy('seq').limit(pageSize)).map(entryOf);
      for (const row of page) {
        if (rows === 0 && row.seq > 1) {
          start = { seq: row.seq, id: row.id, prevHash: row.prevHash };
          last = row.seq - 1;
          prevHash = row.prevHash;
        }
        if (row.seq !== last + 1) return broken({ kind: 'rowMissing', seq: last + 1, id: null, next: { id: row.id, seq: row.seq } });
        if (row.prevHash !== prevHash) return broken({ kind: 'rowUnlinked', seq: row.seq, id: row.id });
        const key = keyring.get(row.keyId);
        if (!key) return broken({ kind: 'unknownKey', seq: row.seq, id: row.id });
        if (auditHash(row, key.key) !== row.hash) return broken({ kind: 'rowEdited', seq: row.seq, id: row.id });
        const checkpoint = checkpointOf(row);
        if (checkpoint) vouched.set(checkpoint.throughSeq, checkpoint.hash);
        if (row.seq === before.seq) hashAtHead = row.hash;
        if (row.seq === anchor?.seq) hashAtAnchor = row.hash;
        prevHash = row.hash;
        last = row.seq;
        rows += 1;
      }
      if (page.length < pageSize) break;
    }
    // A purge writes its checkpoint with the deletion: a start no checkpoint names was cut by hand.
    if (start && vouched.get(start.seq - 1) !== start.prevHash) return broken({ kind: 'oldestDeleted', seq: start.seq, id: start.id });
    const after = await readHead();
    // A row and the head move in one transaction, so a row past the head was not appended: the head was set back.
    if (after.seq < last) return broken({ kind: 'headEdited', seq: after.seq, id: null, headSeq: after.seq });
    if (before.seq > last) return broken({ kind: 'newestDeleted', seq: before.seq, id: null, headSeq: before.seq });
    if (hashAtHead !== before.hash || (after.seq === last && after.hash !== prevHash))
      return broken({ kind: 'headHashMismatch', seq: before.seq, id: null, headSeq: before.seq });
    if (anchor && last < anchor.seq) return broken({ kind: 'anchorMissing', seq: anchor.seq, id: null });
    // A kept head whose row was purged: its hash is checked where a checkpoint recorded it; otherwise
    // only that the chain still reaches past it (rows cannot be made without the key).
    const known = anchor && start && anchor.seq < start.seq ? (vouched.get(anchor.seq) ?? (anchor.seq === 0 ? genesisHash : undefined)) : hashAtAnchor;
    if (anchor && known !== undefined && known !== anchor.hash) return broken({ kind: 'anchorMismatch', seq: anchor.seq, id: null });
    return { ok: true, rows, head: headText({ seq: last, hash: prevHash }) };
  }

  return {
    record,

    /** For what has no transaction of its own, such as a staff member viewing a page. */
    recordNow: (entries: AuditEntry | AuditEntry[]) => db.transaction((trx) => record(trx, entries)),

    /**
     * Re-computes the whole chain, a page at a time, and names the first row that does not fit.
     * Other instances may append while it reads: the head is read before and after, and only
     * what the first read promised must be there. With `expect`, a head kept outside the
     * database, the chain must still hold that row with that hash: rows cut from the end, a
     * wiped table or a rewritten chain show, even with the head row set to match. After a
     * retention purge the chain starts at the oldest row left, which a keyed checkpoint
     * (purge.ts) must vouch for; a kept head whose row was purged is compared with the hash a
     * checkpoint recorded for it, or else only has to be reached.
     */
    async verify(options: AuditVerifyOptions = {}): Promise<AuditVerdict> {
      const verdict = await check(options);
      logger?.[verdict.ok ? 'info' : 'error'](`[express-shop-privacy] audit verify: ${verdict.ok ? 'intact' : verdict.problem.kind}, head ${verdict.head}`);
      return verdict;
    },

    /** The head row as `seq:hash`, to log after a write such as a retention run. */
    head: (): Promise<string> => readHeadText(db, tables),

    /** Newest first, for staff pages and tests. */
    async list({ limit = 100, subjectId, action }: { limit?: number; subjectId?: number; action?: string } = {}) {
      const rows: Record<string, unknown>[] = await db(tables.audit)
        .modify((q) => void (subjectId !== undefined && q.where({ subject_id: subjectId })))
        .modify((q) => void (action !== undefined && q.where({ action })))
        .orderBy('seq', 'desc')
        .limit(limit);
      return rows.map((row) => {
        const entry = entryOf(row);
        return { ...entry, details: entry.details === null ? null : (JSON.parse(entry.details) as Record<string, unknown>) };
      });
    },
  };
}

export type AuditTrail = ReturnType<typeof createAuditTrail>;
