import type { Knex } from 'knex';
import type { TableNames } from '../lib/store/tables.js';

/**
 * A shop that cannot pass its transaction calls the order and account hooks after its own commit,
 * and may call them again (a retry, a second instance). Each call names the shop's order or
 * customer id: one row per (place, id), the unique key deciding which call records, and the
 * answer it gave kept for the calls after it. Nothing personal: the ids, the purposes answered,
 * and the subject, whose erasure empties the link.
 */
export async function up(knex: Knex, tables: TableNames): Promise<void> {
  if (await knex.schema.hasTable(tables.hookCalls)) return;
  await knex.schema.createTable(tables.hookCalls, (table) => {
    table.increments('id').primary();
    table.string('place', 16).notNullable();
    // The shop's order or customer id as text; 191 characters fit a utf8mb4 unique index on every MariaDB.
    table.string('shop_ref', 191).notNullable();
    table.integer('subject_id').unsigned().nullable().references('id').inTable(tables.subjects).onDelete('SET NULL');
    // What the recording call answered (purposes and problem codes, as JSON); set before its commit.
    table.text('answer').nullable();
    table.timestamp('created_at', { precision: 3, useTz: false }).notNullable();
    table.unique(['place', 'shop_ref'], { indexName: `${tables.hookCalls}_ref_unique` });
  });
}
