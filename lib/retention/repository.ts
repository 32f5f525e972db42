import type { Knex } from 'knex';
import type { TableNames } from '../store/tables.js';

type Db = Knex | Knex.Transaction;

/** "Free since long ago": MySQL's TIMESTAMP starts in 1970, so not the epoch itself. */
const longAgo = new Date('2000-01-01T00:00:00Z');

/** The retention tables: warnings sent before a row goes, and the claims runs take on a rule. */
export function retentionRepository(tables: TableNames) {
  return {
    /** The date each warned row was promised, by row key. */
    async notices(db: Db, rule: string, keys: Knex.Value[]): Promise<Map<string, Date>> {
      if (keys.length === 0) return new Map();
      const rows: { row_key: string; due_at: unknown }[] = await db(tables.retentionNotices)
        .where({ rule })
        .whereIn('row_key', keys.map(String))
        .select('row_key', 'due_at');
      return new Map(rows.map((row) => [String(row.row_key), new Date(row.due_at as string | number | Date)]));
    },

    /** A warning sent: the row goes no earlier than `dueAt`. A newer warning replaces an older one. */
    async noticeSent(db: Db, rule: string, key: Knex.Value, sentAt: Date, dueAt: Date): Promise<void> {
      await db(tables.retentionNotices)
        .insert({ rule, row_key: String(key), sent_at: sentAt, due_at: dueAt })
        .onConflict(['rule', 'row_key'])
        .merge(['sent_at', 'due_at']);
    },

    async forgetNotices(db: Db, rule: string, keys: Knex.Value[]): Promise<void> {
      if (keys.length > 0) await db(tables.retentionNotices).where({ rule }).whereIn('row_key', keys.map(String)).delete();
    },

    /**
     * Claims a rule for one run, or renews the claim. Called first in each batch's transaction:
     * on SQLite that takes the write lock before anything is read (the exclusive path); on
     * MySQL the row stays locked until the batch commits, so a competitor waits, then sees
     * the claim and leaves the rule alone. A crashed run's claim simply runs out.
     */
    async hold(db: Db, rule: string, holder: string, seconds: number): Promise<boolean> {
      const now = new Date();
      await db(tables.retentionLeases).insert({ rule, holder: null, expires_at: longAgo }).onConflict('rule').ignore();
      const held = await db(tables.retentionLeases)
        .where({ rule })
        .andWhere((q) => q.where({ holder }).orWhere('expires_at', '<', now))
        .update({ holder, expires_at: new Date(now.getTime() + seconds * 1000) });
      return held === 1;
    },

    async release(db: Db, rule: string, holder: string): Promise<void> {
      await db(tables.retentionLeases).where({ rule, holder }).update({ holder: null, expires_at: longAgo });
    },
  };
}

export type RetentionRepository = ReturnType<typeof retentionRepository>;
