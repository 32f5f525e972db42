import type { Knex } from 'knex';
import type { TableNames } from '../lib/store/tables.js';

/**
 * Retention: the claims runs take on a rule where the database cannot skip locked rows, the
 * warnings sent before an inactive account is deleted, and an index so the cookie-choice
 * rule can tell which ledger events still prove a current consent.
 */
export async function up(knex: Knex, tables: TableNames): Promise<void> {
  if (!(await knex.schema.hasTable(tables.retentionLeases))) {
    await knex.schema.createTable(tables.retentionLeases, (table) => {
      table.string('rule', 64).primary();
      table.string('holder', 36).nullable();
      table.timestamp('expires_at', { precision: 3, useTz: false }).notNullable();
    });
  }
  if (!(await knex.schema.hasTable(tables.retentionNotices))) {
    await knex.schema.createTable(tables.retentionNotices, (table) => {
      table.increments('id').primary();
      table.string('rule', 64).notNullable();
      // The row's key in the shop's table; no address: that stays in the shop's row.
      table.string('row_key', 64).notNullable();
      table.timestamp('sent_at', { useTz: false }).notNullable();
      // The date the e-mail promised: the row goes no earlier.
      table.timestamp('due_at', { useTz: false }).notNullable();
      table.unique(['rule', 'row_key'], { indexName: `${tables.retentionNotices}_row_unique` });
    });
  }
  const indexName = `${tables.consents}_event_index`;
  const mysql = ['mysql', 'mysql2'].includes(String(knex.client.config.client));
  const hasIndex = mysql
    ? (
        await knex.raw('SELECT 1 FROM information_schema.statistics WHERE table_schema = DATABASE() AND table_name = ? AND index_name = ?', [
          tables.consents,
          indexName,
        ])
      )[0].length > 0
    : (await knex.raw('SELECT 1 FROM sqlite_master WHERE type = ? AND name = ?', ['index', indexName])).length > 0;
  if (!hasIndex) {
    await knex.schema.alterTable(tables.consents, (table) => {
      table.index(['event_id'], indexName);
    });
  }
}
