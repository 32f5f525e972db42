import type { Knex } from 'knex';
import type { TableNames } from '../store/tables.js';
import type { Clock } from '../store/time.js';
import type { PublishedPolicy } from './service.js';

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

    async list(): Promise<{ version: string; locale: string; published_on: string; text_hash: string; text: string }[]> {
      return knex(tables.policyVersions).select('version', 'locale', 'published_on', 'text_hash', 'text').orderBy('id');
    },
  };
}
