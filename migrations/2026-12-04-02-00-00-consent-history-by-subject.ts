import type { Knex } from 'knex';
import { hasIndex } from './context.js';
import type { TableNames } from '../lib/store/tables.js';

/**
 * The export reads a person's consent history a page at a time, by id after the last one read
 * (issue 20). The (subject_id, purpose) index finds the rows but not in id order, so every page
 * sorted the person's whole history again; (subject_id, id) hands each page over in order.
 * Forward only; it looks first, so a start that stopped half-way runs again cleanly (MySQL's DDL
 * does not roll back).
 */
export async function up(knex: Knex, tables: TableNames): Promise<void> {
  const name = `${tables.consentEvents}_history_index`;
  if (await hasIndex(knex, tables.consentEvents, name)) return;
  await knex.schema.alterTable(tables.consentEvents, (table) => {
    table.index(['subject_id', 'id'], name);
  });
}
