import type { Knex } from 'knex';
import { hasIndex } from './context.js';
import type { TableNames } from '../lib/store/tables.js';

/**
 * The staff lists are read a page at a time from a keyset (the queue by due date then id, the
 * closed requests by closing date then id), each state on its own and, when staff filter by type,
 * each type too: one index per order, with and without the type, so every page is a range scan
 * of at most a page of rows on SQLite and MySQL/MariaDB, however many requests there are. The
 * first queue index (status, due_at) is the prefix of the new one, and goes. Forward only; each
 * step looks first, so a start that stopped half-way runs again cleanly (MySQL's DDL does not
 * roll back).
 */
export async function up(knex: Knex, tables: TableNames): Promise<void> {
  const table = tables.requests;
  const wanted: [string, string[]][] = [
    [`${table}_queue_keyset`, ['status', 'due_at', 'id']],
    [`${table}_queue_by_type`, ['status', 'type', 'due_at', 'id']],
    [`${table}_closed_keyset`, ['status', 'closed_at', 'id']],
    [`${table}_closed_by_type`, ['status', 'type', 'closed_at', 'id']],
  ];
  for (const [name, columns] of wanted) {
    if (!(await hasIndex(knex, table, name))) await knex.schema.alterTable(table, (t) => void t.index(columns, name));
  }
  const old = `${table}_queue_index`;
  if (await hasIndex(knex, table, old)) await knex.schema.alterTable(table, (t) => void t.dropIndex(['status', 'due_at'], old));
}
