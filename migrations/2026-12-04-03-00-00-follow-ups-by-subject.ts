import type { Knex } from 'knex';
import { hasIndex } from './context.js';
import type { TableNames } from '../lib/store/tables.js';

/**
 * A checkout recorded in one statement leaves its answers in the outbox until the worker follows
 * them up (issue 20). A read about the shopper meanwhile (the account page a second later) does
 * the follow-up first, so it finds that shopper's rows by `about`: a keyed hash of the address or
 * the customer id, never either in clear. Forward only; it looks first, so a start that stopped
 * half-way runs again cleanly.
 */
export async function up(knex: Knex, tables: TableNames): Promise<void> {
  if (!(await knex.schema.hasColumn(tables.outbox, 'about')))
    await knex.schema.alterTable(tables.outbox, (table) => {
      table.string('about', 64).nullable();
    });
  const name = `${tables.outbox}_about_index`;
  if (await hasIndex(knex, tables.outbox, name)) return;
  await knex.schema.alterTable(tables.outbox, (table) => {
    table.index(['about', 'status'], name);
  });
}
