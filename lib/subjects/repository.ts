import type { Knex } from 'knex';
import { isMysql } from '../store/database.js';
import type { TableNames } from '../store/tables.js';
import type { Clock } from '../store/time.js';

export interface SubjectRow {
  id: number;
  email: string;
  customer_id: string | null;
  locale: string | null;
}

export interface SubjectFlags {
  restricted_at: Date | string | number | null;
  marketing_objection_at: Date | string | number | null;
}

/** The `subjects` table: one row per person the module knows, keyed by normalised e-mail. */
export function subjectsRepository(tables: TableNames, clock: Clock) {
  const repository = {
    /**
     * The subject with this e-mail, created if new; linked to the customer id when one is given.
     * Safe when two transactions create the same subject at once: the upsert waits for the
     * other's row and leaves it locked until commit.
     */
    async findOrCreate(db: Knex | Knex.Transaction, email: string, customerId: string | null, locale: string, now: Date): Promise<SubjectRow> {
      const id = await repository.upsert(db, email, customerId, locale, now);
      const subject = await repository.findById(db, id);
      if (!subject) throw new Error('express-shop-privacy: a subject vanished while it was being recorded');
      return subject;
    },

    /**
     * The subject's id in one statement, for a checkout's hot path: the row created, or linked
     * to the customer id when one is given, and locked until commit.
     */
    async upsert(db: Knex | Knex.Transaction, email: string, customerId: string | null, locale: string, now: Date): Promise<number> {
      const insert = db(tables.subjects).insert({ email, customer_id: customerId, locale, created_at: now, updated_at: now }).onConflict('email');
      if (isMysql(db as Knex)) {
        // `id = last_insert_id(id)` hands back an existing row's id as the insert id; updated_at is assigned before customer_id changes.
        const [id] = await insert.merge({
          updated_at: db.raw('if(values(??) is null or values(??) <=> ??, ??, values(??))', ['customer_id', 'customer_id', 'customer_id', 'updated_at', 'updated_at']),
          customer_id: db.raw('coalesce(values(??), ??)', ['customer_id', 'customer_id']),
          id: db.raw('last_insert_id(??)', ['id']),
        });
        return Number(id);
      }
      const [row] = await insert.merge({
        updated_at: db.raw('case when excluded.?? is null or excluded.?? is ?? then ?? else excluded.?? end', ['customer_id', 'customer_id', 'customer_id', 'updated_at', 'updated_at']),
        customer_id: db.raw('coalesce(excluded.??, ??)', ['customer_id', 'customer_id']),
      }).returning<{ id: number }[]>('id');
      if (!row) throw new Error('express-shop-privacy: a subject vanished while it was being recorded');
      return Number(row.id);
    },

    async findByEmail(db: Knex | Knex.Transaction, email: string): Promise<SubjectRow | undefined> {
      return db(tables.subjects).where({ email }).first('id', 'email', 'customer_id', 'locale');
    },

    async findByCustomer(db: Knex | Knex.Transaction, customerId: string): Promise<SubjectRow | undefined> {
      return db(tables.subjects).where({ customer_id: customerId }).orderBy('id').first('id', 'email', 'customer_id', 'locale');
    },

    async findById(db: Knex | Knex.Transaction, id: number): Promise<SubjectRow | undefined> {
      return db(tables.subjects).where({ id }).first('id', 'email', 'customer_id', 'locale');
    },

    async flags(db: Knex | Knex.Transaction, id: number): Promise<SubjectFlags | undefined> {
      return db(tables.subjects).where({ id }).first('restricted_at', 'marketing_objection_at');
    },

    /** Restriction (GDPR Art. 18) on from `at`, or lifted with null. */
    async setRestricted(db: Knex | Knex.Transaction, id: number, at: Date | null): Promise<void> {
      await db(tables.subjects).where({ id }).update({ restricted_at: at, updated_at: clock() });
    },

    async setEmail(db: Knex | Knex.Transaction, id: number, email: string): Promise<void> {
      await db(tables.subjects).where({ id }).update({ email, updated_at: clock() });
    },

    async setMarketingObjection(db: Knex | Knex.Transaction, id: number, at: Date): Promise<void> {
      await db(tables.subjects).where({ id }).update({ marketing_objection_at: at, updated_at: at });
    },
  };
  return repository;
}

export type SubjectsRepository = ReturnType<typeof subjectsRepository>;
