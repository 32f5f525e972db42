import type { Knex } from 'knex';
import { InvalidInputError } from '../consent/errors.js';
import { present } from '../http/errors.js';
import { isMysql } from '../store/database.js';
import type { TableNames } from '../store/tables.js';
import type { PrivacyRequest, RequestChannel, RequestStatus, RequestType } from './types.js';

type Db = Knex | Knex.Transaction;

/** Where a page of a staff list starts: after the request with this date (due or closed) and id. */
export interface ListCursor {
  at: Date;
  id: number;
}

/** One page of the open queue through the API: how many, and after which request (the last of the page before). */
export interface QueuePage {
  limit?: number;
  after?: Pick<PrivacyRequest, 'id' | 'dueAt'> | null;
}

export const queueLimits = { default: 100, max: 1000 } as const;

/** Which requests a staff list shows: some states, and one type or all. */
export interface ListFilter {
  statuses: readonly RequestStatus[];
  type?: RequestType | undefined;
}

export interface ListPage {
  requests: PrivacyRequest[];
  /** Where the next page starts, or null on the last. */
  next: ListCursor | null;
}

const date = (value: unknown): Date | null => (value === null || value === undefined ? null : new Date(value as string | number | Date));

function fromRow(row: Record<string, unknown>): PrivacyRequest {
  return {
    id: Number(row.id),
    type: row.type as RequestType,
    subjectId: row.subject_id === null ? null : Number(row.subject_id),
    email: (row.email as string | null) ?? null,
    locale: String(row.locale),
    status: row.status as RequestStatus,
    channel: row.channel as RequestChannel,
    details: (row.details as string | null) ?? null,
    receivedAt: present(date(row.received_at), "a request's received_at"),
    verifiedAt: date(row.verified_at),
    dueAt: present(date(row.due_at), "a request's due_at"),
    extendedAt: date(row.extended_at),
    extensionReason: (row.extension_reason as string | null) ?? null,
    closedAt: date(row.closed_at),
    outcome: (row.outcome as string | null) ?? null,
    handledBy: (row.handled_by as string | null) ?? null,
  };
}

/** The `requests` table. */
/** What is forgotten of a request once its subject is: the address and every text that may name them. */
const forgotten = { email: null, details: null, outcome: null, extension_reason: null };

export function requestsRepository(tables: TableNames) {
  const table = tables.requests;

  /**
   * A keyset page: each state read on its own (and the type, when filtered), so each is a range
   * scan of the index on (status[, type], date, id) that stops after a page, never an OFFSET that
   * walks every row before it; the states' pages are merged here.
   */
  async function keysetPage(
    db: Db,
    column: 'due_at' | 'closed_at',
    order: 'asc' | 'desc',
    filter: ListFilter,
    after: ListCursor | null,
    size: number,
  ): Promise<ListPage> {
    const op = order === 'asc' ? '>' : '<';
    const rows: PrivacyRequest[] = [];
    for (const status of filter.statuses) {
      const page = await db(table)
        .where({ status })
        .modify((q) => void (filter.type && q.where({ type: filter.type })))
        // Closed requests always carry the date; the guard keeps a stray null from ending a page early (due_at is never null).
        .modify((q) => void (column === 'closed_at' && q.whereNotNull(column)))
        .modify((q) => {
          if (!after) return;
          // SQLite ranges over a row value; MySQL and MariaDB only over the same written out.
          if (isMysql(db as Knex)) q.where((w) => w.where(column, op, after.at).orWhere((tie) => tie.where(column, after.at).where('id', op, after.id)));
          else q.whereRaw(`(??, ??) ${op} (?, ?)`, [column, 'id', after.at, after.id]);
        })
        .orderBy([
          { column, order },
          { column: 'id', order },
        ])
        .limit(size + 1);
      rows.push(...page.map(fromRow));
    }
    const key = (r: PrivacyRequest) => (column === 'due_at' ? r.dueAt : present(r.closedAt, "a closed request's closed_at")).getTime();
    const sign = order === 'asc' ? 1 : -1;
    rows.sort((a, b) => sign * (key(a) - key(b) || a.id - b.id));
    const requests = rows.slice(0, size);
    const last = requests[requests.length - 1];
    return { requests, next: rows.length > size && last ? { at: new Date(key(last)), id: last.id } : null };
  }

  return {
    async insert(
      db: Db,
      row: {
        type: RequestType;
        subjectId: number | null;
        email: string;
        emailHash: string;
        locale: string;
        status: RequestStatus;
        channel: RequestChannel;
        details: string | null;
        receivedAt: Date;
        verifiedAt: Date | null;
        dueAt: Date;
        closedAt: Date | null;
      },
    ): Promise<number> {
      const values = {
        type: row.type,
        subject_id: row.subjectId,
        email: row.email,
        email_hash: row.emailHash,
        locale: row.locale,
        status: row.status,
        channel: row.channel,
        details: row.details,
        received_at: row.receivedAt,
        verified_at: row.verifiedAt,
        due_at: row.dueAt,
        closed_at: row.closedAt,
        updated_at: row.receivedAt,
      };
      const [id] = await db(table).insert(values);
      return Number(id);
    },

    async find(db: Db, id: number, { lock = false } = {}): Promise<PrivacyRequest | undefined> {
      if (!Number.isSafeInteger(id) || id < 1) return undefined;
      const query = db(table).where({ id }).first();
      const row = await (lock && isMysql(db as Knex) ? query.forUpdate() : query);
      return row ? fromRow(row) : undefined;
    },

    /** Moves a request on only from the states given, so two clicks or two instances cannot both do it. */
    async transition(db: Db, id: number, from: RequestStatus[], change: Record<string, unknown>): Promise<boolean> {
      const updated = await db(table).where({ id }).whereIn('status', from).update(change);
      return updated === 1;
    },

    /**
     * Open work, the soonest due first, a page at a time (issue 20): `limit` requests after
     * `after` (the last request of the page before), for the API and the command line.
     */
    async queue(db: Db, { limit = queueLimits.default, after = null }: QueuePage = {}): Promise<PrivacyRequest[]> {
      if (!Number.isInteger(limit) || limit < 1 || limit > queueLimits.max)
        throw new InvalidInputError(`requests.queue: limit is a whole number from 1 to ${queueLimits.max} (default ${queueLimits.default})`);
      const cursor = after ? { at: after.dueAt, id: after.id } : null;
      return (await keysetPage(db, 'due_at', 'asc', { statuses: ['open', 'in_progress'] }, cursor, limit)).requests;
    },

    async recentlyClosed(db: Db, limit = 50): Promise<PrivacyRequest[]> {
      return (await keysetPage(db, 'closed_at', 'desc', { statuses: ['done', 'refused'] }, null, limit)).requests;
    },

    /** A page of the queue, soonest due first, after `after`; `next` is where the page after it starts. */
    async queuePage(db: Db, filter: ListFilter, after: ListCursor | null, size: number): Promise<ListPage> {
      return keysetPage(db, 'due_at', 'asc', filter, after, size);
    },

    /** A page of closed requests, the latest closed first, after `after`. */
    async closedPage(db: Db, filter: ListFilter, after: ListCursor | null, size: number): Promise<ListPage> {
      return keysetPage(db, 'closed_at', 'desc', filter, after, size);
    },

    /** How many requests the filter finds, counting no further than `cap` + 1: "more than cap" costs the same at any size. */
    async countUpTo(db: Db, filter: ListFilter, cap: number): Promise<number> {
      const [row] = (await db.count({ n: '*' }).from(
        db(table)
          .whereIn('status', [...filter.statuses])
          .modify((q) => void (filter.type && q.where({ type: filter.type })))
          .select(db.raw('1'))
          .limit(cap + 1)
          .as('counted'),
      )) as { n: number | string }[];
      return Number(row?.n ?? 0);
    },

    /** A subject's requests, and those made under its address when the address is proven theirs (`emailHash`). */
    async ofSubject(
      db: Db,
      subjectId: number | null,
      emailHash: string | null,
      { before = null as number | null, limit = 100 } = {},
    ): Promise<PrivacyRequest[]> {
      return (
        await db(table)
          .modify((q) => void (before !== null && q.where('id', '<', before)))
          .where((q) =>
            q
              .whereRaw('1 = 0')
              .modify((w) => void (subjectId !== null && w.orWhere({ subject_id: subjectId })))
              .modify((w) => void (emailHash && w.orWhere({ email_hash: emailHash }))),
          )
          .orderBy('id', 'desc')
          .limit(limit)
      ).map(fromRow);
    },

    /**
     * One page of a subject's requests oldest first, those after `afterId` (the keyset: each index,
     * by subject and by address hash, holds the id), for the export; who counts is as in `ofSubject`.
     */
    async historyOfSubject(db: Db, subjectId: number | null, emailHash: string | null, afterId: number, limit: number): Promise<PrivacyRequest[]> {
      if (subjectId === null && !emailHash) return [];
      return (
        await db(table)
          .where((q) =>
            q
              .whereRaw('1 = 0')
              .modify((w) => void (subjectId !== null && w.orWhere({ subject_id: subjectId })))
              .modify((w) => void (emailHash && w.orWhere({ email_hash: emailHash }))),
          )
          .where('id', '>', afterId)
          .orderBy('id')
          .limit(limit)
      ).map(fromRow);
    },

    /** A request of this type still waiting for its link to be followed, made since `since`: asked again, it is the same request. */
    async waitingOf(db: Db, subjectId: number, type: RequestType, since: Date): Promise<number | undefined> {
      const row = await db(table)
        .where({ subject_id: subjectId, type, status: 'awaiting_verification' })
        .where('received_at', '>=', since)
        .orderBy('id', 'desc')
        .first('id');
      return row ? Number(row.id) : undefined;
    },

    /** Open requests of one type for a subject: the one a self-service action answers. */
    /** The newest request of this type answered since `since`, if any. */
    async answeredSince(db: Db, subjectId: number, type: RequestType, since: Date): Promise<PrivacyRequest | undefined> {
      const row = await db(table).where({ subject_id: subjectId, type, status: 'done' }).where('closed_at', '>=', since).orderBy('id', 'desc').first();
      return row ? fromRow(row) : undefined;
    },

    async openOf(db: Db, subjectId: number, type: RequestType): Promise<PrivacyRequest[]> {
      return (await db(table).where({ subject_id: subjectId, type }).whereIn('status', ['open', 'in_progress']).orderBy('id')).map(fromRow);
    },

    /**
     * On erasure: the requests stay as proof they were answered (type, dates, status), without the
     * address, the shopper's words, or staff's notes and reasons, which may name the person.
     */
    async forgetAddress(db: Db, subjectId: number | null, emailHash: string | null): Promise<void> {
      await db(table)
        .where((q) =>
          q
            .whereRaw('1 = 0')
            .modify((w) => void (subjectId !== null && w.orWhere({ subject_id: subjectId })))
            .modify((w) => void (emailHash && w.orWhere({ email_hash: emailHash }))),
        )
        .update(forgotten);
    },
    /** Retention's former subjects: their answered requests stay as proof, forgotten as after an erasure. */
    async forgetSubjects(db: Db, subjectIds: Knex.Value[]): Promise<void> {
      if (subjectIds.length > 0) await db(table).whereIn('subject_id', subjectIds).update(forgotten);
    },
  };
}

export type RequestsRepository = ReturnType<typeof requestsRepository>;
