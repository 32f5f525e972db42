import type { Knex } from 'knex';
import type { TableNames } from '../lib/store/tables.js';

/**
 * The outbox also carries tasks: work that depends on whether an address is known (a guest's
 * request, a newsletter sign-up) is queued by the page in one statement, the same for every
 * address, and done by the worker in its own transaction. `kind` tells a task from an e-mail.
 */
export async function up(knex: Knex, tables: TableNames): Promise<void> {
  if (await knex.schema.hasColumn(tables.outbox, 'kind')) return;
  await knex.schema.alterTable(tables.outbox, (table) => {
    table.string('kind', 48).notNullable().defaultTo('mail');
  });
}
