import type { Knex } from 'knex';
import { present } from '../http/errors.js';
import { isMysql } from '../store/database.js';
import type { TableNames } from '../store/tables.js';
import type { PrivacyRequest, RequestChannel, RequestStatus, RequestType } from './types.js';

type Db = Knex | Knex.Transaction;

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

    /** Open work, the soonest due first. */
    async queue(db: Db): Promise<PrivacyRequest[]> {
      return (
        await db(table)
          .whereIn('status', ['open', 'in_progress'])
          .orderBy([{ column: 'due_at' }, { column: 'id' }])
      ).map(fromRow);
    },

    async recentlyClosed(db: Db, limit = 50): Promise<PrivacyRequest[]> {
      return (
        await db(table)
          .whereIn('status', ['done', 'refused'])
          .orderBy([
            { column: 'closed_at', order: 'desc' },
            { column: 'id', order: 'desc' },
          ])
          .limit(limit)
      ).map(fromRow);
    },

    /** A subject's requests, and those made under its address when the address is proven theirs (`emailHash`). */
    async ofSubject(db: Db, subjectId: number | null, emailHash: string | null): Promise<PrivacyRequest[]> {
      return (
        await db(table)
          .where((q) =>
            q
              .whereRaw('1 = 0')
              .modify((w) => void (subjectId !== null && w.orWhere({ subject_id: subjectId })))
              .modify((w) => void (emailHash && w.orWhere({ email_hash: emailHash }))),
          )
          .orderBy('id', 'desc')
          .limit(100)
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
