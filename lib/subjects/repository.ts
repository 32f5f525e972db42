import type { Knex } from 'knex';
import { isMysql } from '../store/database.js';
import type { TableNames } from '../store/tables.js';
import { parseClock, type Clock } from '../store/time.js';

export interface SubjectRow {
  id: number;
  email: string;
  customer_id: string | null;
  locale: string | null;
  /** When the module got proof the address is this customer's (a link followed); null: none. */
  email_confirmed_at?: Date | string | number | null;
}

export interface SubjectFlags {
  restricted_at: Date | string | number | null;
  marketing_objection_at: Date | string | number | null;
}

type Db = Knex | Knex.Transaction;
const columns = ['id', 'email', 'customer_id', 'locale', 'email_confirmed_at'];

/**
 * The `subjects` table. An address has at most one record of its own (no customer: what guests
 * and sign-up forms leave) and one per customer who gave it (`customer_key`). A customer's
 * record is never handed to another customer: nothing here changes `customer_key` but the one
 * link of an address's own record to a customer who proved the address.
 */
export function subjectsRepository(tables: TableNames, clock: Clock) {
  const repository = {
    /** The record for this address and customer (none: the address's own), created if new. */
    async findOrCreate(db: Db, email: string, customerId: string | null, locale: string, now: Date): Promise<SubjectRow> {
      const id = await repository.upsert(db, email, customerId, locale, now);
      const subject = await repository.findById(db, id);
      if (!subject) throw new Error('express-shop-privacy: a subject vanished while it was being recorded');
      return subject;
    },

    /**
     * The id of the record for this address and customer in one statement, for a checkout's hot
     * path: created if new, and locked until commit either way.
     */
    async upsert(db: Db, email: string, customerId: string | null, locale: string, now: Date): Promise<number> {
      const insert = db(tables.subjects).insert({ email, customer_id: customerId, customer_key: customerId ?? '', locale, created_at: now, updated_at: now }).onConflict(['email', 'customer_key']);
      if (isMysql(db as Knex)) {
        // `id = last_insert_id(id)` hands back an existing row's id as the insert id.
        const [id] = await insert.merge({ id: db.raw('last_insert_id(??)', ['id']) });
        return Number(id);
      }
      const [row] = await insert.merge({ updated_at: db.raw('??', [`${tables.subjects}.updated_at`]) }).returning<{ id: number }[]>('id');
      if (!row) throw new Error('express-shop-privacy: a subject vanished while it was being recorded');
      return Number(row.id);
    },

    /**
     * The record of an address, as a person at it is known: the customer's record the address is
     * proven to be, else the address's own. A customer's unproven claim to it is not.
     */
    async findByEmail(db: Db, email: string): Promise<SubjectRow | undefined> {
      return db(tables.subjects)
        .where({ email })
        .where((q) => q.whereNotNull('email_confirmed_at').orWhere({ customer_key: '' }))
        .orderByRaw("case when customer_key = '' then 1 else 0 end")
        .orderBy('id')
        .first(columns);
    },

    /** The address's own record: what it holds without any account. */
    async findAddress(db: Db, email: string): Promise<SubjectRow | undefined> {
      return db(tables.subjects).where({ email, customer_key: '' }).first(columns);
    },

    async findByCustomer(db: Db, customerId: string): Promise<SubjectRow | undefined> {
      return db(tables.subjects).where({ customer_id: customerId }).orderBy('id').first(columns);
    },

    /** Another customer's record at this address, if any: whose address a checkout borrowed. */
    async findOtherCustomerAt(db: Db, email: string, customerId: string): Promise<SubjectRow | undefined> {
      return db(tables.subjects).where({ email }).whereNotNull('customer_id').whereNot({ customer_id: customerId }).orderBy('id').first(columns);
    },

    async findById(db: Db, id: number): Promise<SubjectRow | undefined> {
      return db(tables.subjects).where({ id }).first(columns);
    },

    /**
     * The customer's record, made from their own address: the one they have, or the address's own
     * record linked to them once they proved the address, or a new one. With proof, what the
     * address's own record holds joins theirs.
     */
    async forCustomer(db: Knex.Transaction, customerId: string, email: string, proven: boolean, locale: string, now: Date): Promise<SubjectRow> {
      const existing = await repository.findByCustomer(db, customerId);
      if (existing) {
        if (proven && existing.email === email) await repository.prove(db, existing, now);
        return existing;
      }
      const address = proven ? await repository.findAddress(db, email) : undefined;
      if (address) {
        await db(tables.subjects).where({ id: address.id, customer_key: '' }).update({ customer_id: customerId, customer_key: customerId, email_confirmed_at: now, updated_at: now });
        return { ...address, customer_id: customerId, email_confirmed_at: now };
      }
      const created = await repository.findOrCreate(db, email, customerId, locale, now);
      if (proven) await repository.prove(db, created, now);
      return created;
    },

    /**
     * The record a right exercised for this person is written to: a logged-in customer's own
     * (made or linked as `forCustomer` does), else the record the key names, else the address's own.
     */
    async recordOf(db: Knex.Transaction, key: { id: number; email: string; customerId: string | null; emailVerified: boolean }, locale: string, now: Date): Promise<SubjectRow> {
      if (key.customerId !== null) return repository.forCustomer(db, key.customerId, key.email, key.emailVerified, locale, now);
      return (key.id ? await repository.findById(db, key.id) : undefined) ?? repository.findOrCreate(db, key.email, null, locale, now);
    },

    /** Proof the record's address is its customer's: marked, and the address's own record joins it. */
    async prove(db: Knex.Transaction, subject: SubjectRow, now: Date): Promise<void> {
      if (!parseClock(subject.email_confirmed_at)) {
        await db(tables.subjects).where({ id: subject.id }).update({ email_confirmed_at: now, updated_at: now });
        subject.email_confirmed_at = now;
      }
      const address = await repository.findAddress(db, subject.email);
      if (address && address.id !== subject.id) await repository.merge(db, address.id, subject.id);
    },

    /**
     * Moves one record's consent history, answers, links and requests into another and removes
     * it: the newer answer per purpose stands, and a restriction or objection of either holds.
     */
    async merge(db: Knex.Transaction, fromId: number, intoId: number): Promise<void> {
      const answers = await db(tables.consents).whereIn('subject_id', [fromId, intoId]).select('subject_id', 'purpose', 'updated_at');
      for (const from of answers.filter((a) => a.subject_id === fromId)) {
        const into = answers.find((a) => a.subject_id === intoId && a.purpose === from.purpose);
        const fromNewer = !into || (parseClock(from.updated_at)?.getTime() ?? 0) > (parseClock(into.updated_at)?.getTime() ?? 0);
        const loser = fromNewer ? intoId : fromId;
        if (into) await db(tables.consents).where({ subject_id: loser, purpose: from.purpose }).delete();
        if (fromNewer) await db(tables.consents).where({ subject_id: fromId, purpose: from.purpose }).update({ subject_id: intoId });
      }
      for (const table of [tables.consentEvents, tables.tokens, tables.requests]) await db(table).where({ subject_id: fromId }).update({ subject_id: intoId });
      const flags = await db(tables.subjects).whereIn('id', [fromId, intoId]).select('restricted_at', 'marketing_objection_at');
      const earliest = (field: keyof SubjectFlags) => flags.map((f) => parseClock(f[field])).filter((d): d is Date => d !== null).sort((a, b) => a.getTime() - b.getTime())[0] ?? null;
      await db(tables.subjects).where({ id: fromId }).delete();
      await db(tables.subjects).where({ id: intoId }).update({ restricted_at: earliest('restricted_at'), marketing_objection_at: earliest('marketing_objection_at'), updated_at: clock() });
    },

    async flags(db: Db, id: number): Promise<SubjectFlags | undefined> {
      return db(tables.subjects).where({ id }).first('restricted_at', 'marketing_objection_at');
    },

    /** Restriction (GDPR Art. 18) on from `at`, or lifted with null. */
    async setRestricted(db: Db, id: number, at: Date | null): Promise<void> {
      await db(tables.subjects).where({ id }).update({ restricted_at: at, updated_at: clock() });
    },

    /** A new address, proven by the link sent to it. */
    async setEmail(db: Db, id: number, email: string): Promise<void> {
      const now = clock();
      await db(tables.subjects).where({ id }).update({ email, email_confirmed_at: now, updated_at: now });
    },

    async setMarketingObjection(db: Db, id: number, at: Date): Promise<void> {
      await db(tables.subjects).where({ id }).update({ marketing_objection_at: at, updated_at: at });
    },
  };
  return repository;
}

export type SubjectsRepository = ReturnType<typeof subjectsRepository>;
