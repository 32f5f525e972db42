import type { Knex } from 'knex';
import type { ConsentPlace } from '../options/schema.js';
import type { TableNames } from '../store/tables.js';
import type { ConsentProblem } from './types.js';

/** What the call that recorded an order or an account answered: given again to every later call for it. */
export interface HookAnswer {
  subjectId: number | null;
  /** As `RecordedConsents`: the purposes granted and not granted, and those awaiting the e-mailed confirmation. */
  granted: string[];
  notGranted: string[];
  toConfirm: string[];
  problems: ConsentProblem[];
}

/** The longest order or customer id the key holds. */
export const maxShopRef = 191;

/**
 * The after-commit hooks' idempotency keys: one row per (place, the shop's order or customer id).
 * The only code with this table's SQL.
 */
export function hookCalls(tables: TableNames) {
  const table = tables.hookCalls;
  return {
    /**
     * Claims the key in `trx`, its first statement: true when this call records. A second call
     * waits on the key's lock while the first runs (MariaDB) or for the file (SQLite), then finds
     * it taken; a first call that rolled back leaves the key free. Only the recording call's own
     * uncommitted row has no answer yet: a committed one always has.
     */
    async claim(trx: Knex.Transaction, place: ConsentPlace, ref: string, now: Date): Promise<boolean> {
      await trx(table).insert({ place, shop_ref: ref, answer: null, created_at: now }).onConflict(['place', 'shop_ref']).ignore();
      const row = await trx(table).where({ place, shop_ref: ref }).first('answer');
      return row !== undefined && row.answer === null;
    },

    /** Keeps the recording call's answer with its key, before the commit. */
    async answer(trx: Knex.Transaction, place: ConsentPlace, ref: string, answer: HookAnswer): Promise<void> {
      const { subjectId, ...rest } = answer;
      await trx(table)
        .where({ place, shop_ref: ref })
        .update({ subject_id: subjectId, answer: JSON.stringify(rest) });
    },

    /** The answer the recording call gave, read after this call's transaction ended. */
    async answerOf(db: Knex, place: ConsentPlace, ref: string): Promise<HookAnswer | undefined> {
      const row: { subject_id: number | null; answer: string | null } | undefined = await db(table)
        .where({ place, shop_ref: ref })
        .first('subject_id', 'answer');
      if (!row?.answer) return undefined;
      const stored = JSON.parse(row.answer) as Omit<HookAnswer, 'subjectId'>;
      return { ...stored, subjectId: row.subject_id === null ? null : Number(row.subject_id) };
    },
  };
}

export type HookCalls = ReturnType<typeof hookCalls>;
