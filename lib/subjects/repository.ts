import type { Knex } from 'knex';
import { present } from '../http/errors.js';
import { isMysql } from '../store/database.js';
import type { TableNames } from '../store/tables.js';
import { parseClock, type Clock } from '../store/time.js';

export interface SubjectRow {
  id: number;
  email: string;
  customer_id: string | null;
  /** '' for the address's own record; a customer's id for that customer's unproven claim to the address. */
  customer_key: string;
  locale: string | null;
  /** When the module got proof the address is this customer's (a link followed); null: none. */
  email_confirmed_at?: Date | string | number | null;
  restricted_at?: Date | string | number | null;
  marketing_objection_at?: Date | string | number | null;
}

export interface SubjectFlags {
  restricted_at: Date | string | number | null;
  marketing_objection_at: Date | string | number | null;
}

type Db = Knex | Knex.Transaction;

/** The address's own record (a customer's once proven), not a customer's unproven claim to it. */
export function speaksForAddress(subject: SubjectRow): boolean {
  return subject.customer_key === '';
}
const columns = ['id', 'email', 'customer_id', 'customer_key', 'locale', 'email_confirmed_at', 'restricted_at', 'marketing_objection_at'];

/**
 * The `subjects` table. Each address has one record of its own (`customer_key` ''): what guests
 * and sign-up forms leave under it, and, once a customer proves the address is theirs, that
 * customer's record too (`customer_id`, `email_confirmed_at`). A customer who has not proved
 * their address has a record of their own beside it, a claim (`customer_key` their id), which
 * never touches the address's. An address's record linked to one customer is never linked to
 * another; a claim joins the address's record only with proof.
 */
export function subjectsRepository(tables: TableNames, clock: Clock) {
  const repository = {
    /** The record for this address (no customer: the address's own; else that customer's claim), created if new. */
    async findOrCreate(db: Db, email: string, customerId: string | null, locale: string, now: Date): Promise<SubjectRow> {
      const id = await repository.upsert(db, email, customerId, locale, now);
      const subject = await repository.findById(db, id);
      if (!subject) throw new Error('express-shop-privacy: a subject vanished while it was being recorded');
      return subject;
    },

    /**
     * The id of the record in one statement, for a checkout's hot path: created if new, and locked
     * until commit either way. With a customer id it is that customer's claim, never the address's.
     */
    async upsert(db: Db, email: string, customerId: string | null, locale: string, now: Date): Promise<number> {
      const insert = db(tables.subjects)
        .insert({ email, customer_id: customerId, customer_key: customerId ?? '', locale, created_at: now, updated_at: now })
        .onConflict(['email', 'customer_key']);
      if (isMysql(db as Knex)) {
        // `id = last_insert_id(id)` hands back an existing row's id as the insert id.
        const [id] = await insert.merge({ id: db.raw('last_insert_id(??)', ['id']) });
        return Number(id);
      }
      const [row] = await insert.merge({ updated_at: db.raw('??', [`${tables.subjects}.updated_at`]) }).returning<{ id: number }[]>('id');
      if (!row) throw new Error('express-shop-privacy: a subject vanished while it was being recorded');
      return Number(row.id);
    },

    /** The address's own record: the person at the address, as far as the module knows them. */
    async findByEmail(db: Db, email: string): Promise<SubjectRow | undefined> {
      return db(tables.subjects).where({ email, customer_key: '' }).first(columns);
    },

    /** The customer's record: the address's own once they proved it, else their claim. */
    async findByCustomer(db: Db, customerId: string): Promise<SubjectRow | undefined> {
      return db(tables.subjects).where({ customer_id: customerId }).orderByRaw("case when customer_key = '' then 0 else 1 end").orderBy('id').first(columns);
    },

    /** Another customer's record at this address, if any: whose address a checkout borrowed. */
    async findOtherCustomerAt(db: Db, email: string, customerId: string): Promise<SubjectRow | undefined> {
      return db(tables.subjects).where({ email }).whereNotNull('customer_id').whereNot({ customer_id: customerId }).orderBy('id').first(columns);
    },

    /** Every record at an address: its own, and customers' claims to it. */
    async allAt(db: Db, email: string): Promise<SubjectRow[]> {
      return db(tables.subjects).where({ email }).orderBy('id').select(columns);
    },

    async findById(db: Db, id: number): Promise<SubjectRow | undefined> {
      return db(tables.subjects).where({ id }).first(columns);
    },

    /**
     * The customer's record, made from their own address: the one they have; with proof the
     * address's own record, linked to them and joined by their claim; else a claim, new if need be.
     * An address another customer proved stays theirs: this customer keeps a claim.
     */
    async forCustomer(db: Knex.Transaction, customerId: string, email: string, proven: boolean, locale: string, now: Date): Promise<SubjectRow> {
      const existing = await repository.findByCustomer(db, customerId);
      if (existing && (!proven || existing.email !== email || existing.customer_key === '')) return existing;
      if (proven) {
        const address = present(await repository.findById(db, await repository.upsert(db, email, null, locale, now)), "the address's record");
        if (address.customer_id === null || address.customer_id === customerId) {
          const confirmed = parseClock(address.email_confirmed_at) ?? now;
          await db(tables.subjects).where({ id: address.id }).update({ customer_id: customerId, email_confirmed_at: confirmed, updated_at: now });
          if (existing) await repository.merge(db, existing.id, address.id);
          return { ...address, customer_id: customerId, email_confirmed_at: confirmed };
        }
      }
      return existing ?? repository.findOrCreate(db, email, customerId, locale, now);
    },

    /**
     * The record a right exercised for this person is written to: a logged-in customer's own
     * (as `forCustomer` finds or makes it), else the record the key names, else the address's own.
     */
    async recordOf(
      db: Knex.Transaction,
      key: { id: number | null; email: string; customerId: string | null; emailVerified: boolean },
      locale: string,
      now: Date,
    ): Promise<SubjectRow> {
      if (key.customerId !== null) return repository.forCustomer(db, key.customerId, key.email, key.emailVerified, locale, now);
      return (key.id === null ? undefined : await repository.findById(db, key.id)) ?? repository.findOrCreate(db, key.email, null, locale, now);
    },

    /**
     * Moves one record's consent history, answers, links and requests into another and removes
     * it: per purpose the newer answer stands, but a box left unticked only fills a gap, as at
     * checkout (it never undoes a yes); a restriction or objection of either holds.
     */
    async merge(db: Knex.Transaction, fromId: number, intoId: number): Promise<void> {
      const answers: { subject_id: number | string; purpose: string; updated_at: unknown; event: string | null }[] = await db(`${tables.consents} as c`)
        .leftJoin(`${tables.consentEvents} as e`, 'e.id', 'c.event_id')
        .whereIn('c.subject_id', [fromId, intoId])
        .select('c.subject_id', 'c.purpose', 'c.updated_at', 'e.event');
      const weight = (a: (typeof answers)[number]) => [a.event === 'not_granted' ? 0 : 1, parseClock(a.updated_at)?.getTime() ?? 0] as const;
      for (const from of answers.filter((a) => Number(a.subject_id) === fromId)) {
        const into = answers.find((a) => Number(a.subject_id) === intoId && a.purpose === from.purpose);
        const [fromKind, fromAt] = weight(from);
        const [intoKind, intoAt] = into ? weight(into) : [-1, 0];
        const fromWins = fromKind > intoKind || (fromKind === intoKind && fromAt > intoAt);
        if (into)
          await db(tables.consents)
            .where({ subject_id: fromWins ? intoId : fromId, purpose: from.purpose })
            .delete();
        if (fromWins) await db(tables.consents).where({ subject_id: fromId, purpose: from.purpose }).update({ subject_id: intoId });
      }
      for (const table of [tables.consentEvents, tables.tokens, tables.requests]) await db(table).where({ subject_id: fromId }).update({ subject_id: intoId });
      const flags = await db(tables.subjects).whereIn('id', [fromId, intoId]).select('restricted_at', 'marketing_objection_at');
      const earliest = (field: keyof SubjectFlags) =>
        flags
          .map((f) => parseClock(f[field]))
          .filter((d): d is Date => d !== null)
          .sort((a, b) => a.getTime() - b.getTime())[0] ?? null;
      await db(tables.subjects).where({ id: fromId }).delete();
      await db(tables.subjects)
        .where({ id: intoId })
        .update({ restricted_at: earliest('restricted_at'), marketing_objection_at: earliest('marketing_objection_at'), updated_at: clock() });
    },

    async flags(db: Db, id: number): Promise<SubjectFlags | undefined> {
      return db(tables.subjects).where({ id }).first('restricted_at', 'marketing_objection_at');
    },

    /** Restriction (GDPR Art. 18) on from `at`, or lifted with null. */
    async setRestricted(db: Db, id: number, at: Date | null): Promise<void> {
      await db(tables.subjects).where({ id }).update({ restricted_at: at, updated_at: clock() });
    },

    /**
     * A new address, proven by the link sent to it: the record becomes the new address's own
     * (a customer's claim included), the address's own record there, if one had no customer yet,
     * joining it first.
     */
    async moveTo(db: Knex.Transaction, subject: SubjectRow, email: string): Promise<void> {
      const now = clock();
      const there = await repository.findByEmail(db, email);
      if (there && there.id !== subject.id) await repository.merge(db, there.id, subject.id);
      await db(tables.subjects)
        .where({ id: subject.id })
        .update({ email, customer_key: '', email_confirmed_at: subject.customer_id === null ? null : now, updated_at: now });
    },

    async setMarketingObjection(db: Db, id: number, at: Date): Promise<void> {
      await db(tables.subjects).where({ id }).update({ marketing_objection_at: at, updated_at: at });
    },

    /**
     * The module's own records of these people go: their links, consent answers and history, and
     * the records themselves. Erasure (GDPR Art. 17) and retention's former subjects both forget
     * through this; what stays of their requests, each says. How many records went.
     */
    async forget(db: Knex.Transaction, ids: Knex.Value[]): Promise<number> {
      if (ids.length === 0) return 0;
      await db(tables.tokens).whereIn('subject_id', ids).delete();
      await db(tables.consents).whereIn('subject_id', ids).delete();
      await db(tables.consentEvents).whereIn('subject_id', ids).delete();
      return db(tables.subjects).whereIn('id', ids).delete();
    },

    /** Customer accounts the shop's retention deleted: the module's records of them point to no customer any more. */
    async unlinkCustomers(db: Knex.Transaction, customerIds: string[]): Promise<void> {
      if (customerIds.length > 0) await db(tables.subjects).whereIn('customer_id', customerIds).update({ customer_id: null });
    },
  };
  return repository;
}

export type SubjectsRepository = ReturnType<typeof subjectsRepository>;
