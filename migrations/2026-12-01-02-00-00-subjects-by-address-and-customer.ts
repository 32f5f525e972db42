import type { Knex } from 'knex';
import type { TableNames } from '../lib/store/tables.js';

/**
 * A subject was one row per address, linked to whichever customer last gave it: a logged-in
 * shopper who typed another customer's address took that customer's records over. Now an
 * address may have its own record (no customer: `customer_key` '') and records made by
 * customers who gave it (`customer_key` their id, kept after the account goes), one of each;
 * `email_confirmed_at` says the module has proof the address is the customer's. Forward only.
 */
export async function up(knex: Knex, tables: TableNames): Promise<void> {
  if (!(await knex.schema.hasColumn(tables.subjects, 'customer_key'))) {
    await knex.schema.alterTable(tables.subjects, (table) => {
      table.string('customer_key', 64).notNullable().defaultTo('');
      table.timestamp('email_confirmed_at', { useTz: false }).nullable();
    });
    await knex(tables.subjects).whereNotNull('customer_id').update({ customer_key: knex.ref('customer_id') });
  }
  await knex.schema.alterTable(tables.subjects, (table) => {
    table.unique(['email', 'customer_key'], { indexName: `${tables.subjects}_address_unique` });
  });
  await knex.schema.alterTable(tables.subjects, (table) => {
    table.dropUnique(['email'], `${tables.subjects}_email_unique`);
  });
}
