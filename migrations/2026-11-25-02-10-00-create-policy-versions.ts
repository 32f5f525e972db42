import type { Knex } from 'knex';
import type { TableNames } from '../lib/store/tables.js';

/**
 * Every published text of the privacy policy, per version and locale, with its hash:
 * the evidence of what a shopper was shown when a consent or acknowledgement was recorded.
 */
export async function up(knex: Knex, tables: TableNames): Promise<void> {
  if (await knex.schema.hasTable(tables.policyVersions)) return;
  await knex.schema.createTable(tables.policyVersions, (table) => {
    table.increments('id').primary();
    table.string('version', 64).notNullable();
    table.string('locale', 8).notNullable();
    table.date('published_on').notNullable();
    table.string('text_hash', 64).notNullable();
    table.text('text', 'mediumtext').notNullable();
    table.timestamp('recorded_at', { useTz: false }).notNullable();
    table.unique(['version', 'locale', 'text_hash'], { indexName: `${tables.policyVersions}_text_unique` });
  });
}
