import type { Knex } from 'knex';
import type { TableNames } from '../store/tables.js';
import type { Clock } from '../store/time.js';
import type { PublishedPolicy } from './published.js';

/** One recorded text, without the text itself: what deciding the version in force needs. */
export interface RecordedPolicy {
  id: number;
  version: string;
  locale: string;
  /** YYYY-MM-DD */
  publishedOn: string;
  hash: string;
}

/** The `policy_versions` table: every text of the policy that was ever published. */
export function policyVersionsRepository(knex: Knex, tables: TableNames, clock: Clock) {
  return {
    /** Records each text once; several instances starting together may all call it. */
    async record(policies: PublishedPolicy[], now = clock()): Promise<void> {
      if (policies.length === 0) return;
      await knex(tables.policyVersions)
        .insert(
          policies.map((policy) => ({
            version: policy.version,
            locale: policy.locale,
            published_on: policy.date,
            text_hash: policy.hash,
            text: policy.text,
            recorded_at: now,
          })),
        )
        .onConflict(['version', 'locale', 'text_hash'])
        .ignore();
    },

    /** Removes texts recorded under a version that turned out to be another text's (see settleVersion). */
    async forget(policies: PublishedPolicy[]): Promise<void> {
      for (const policy of policies)
        await knex(tables.policyVersions).where({ version: policy.version, locale: policy.locale, text_hash: policy.hash }).delete();
    },

    /** Every recorded text, oldest first, without its text. */
    async recorded(): Promise<RecordedPolicy[]> {
      const rows: { id: number; version: string; locale: string; published_on: unknown; text_hash: string }[] = await knex(tables.policyVersions)
        .select('id', 'version', 'locale', 'published_on', 'text_hash')
        .orderBy('id');
      return rows.map((row) => ({
        id: Number(row.id),
        version: row.version,
        locale: row.locale,
        publishedOn: calendarDay(row.published_on),
        hash: row.text_hash,
      }));
    },

    async list(): Promise<{ version: string; locale: string; published_on: string; text_hash: string; text: string }[]> {
      return knex(tables.policyVersions).select('version', 'locale', 'published_on', 'text_hash', 'text').orderBy('id');
    },
  };
}

export type PolicyVersionsRepository = ReturnType<typeof policyVersionsRepository>;

/** A DATE column as read back: text on SQLite, a Date at UTC midnight on MySQL (the connection runs in UTC). */
function calendarDay(value: unknown): string {
  return (value instanceof Date ? value.toISOString() : String(value)).slice(0, 10);
}
