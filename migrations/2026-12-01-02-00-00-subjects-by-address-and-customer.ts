import type { Knex } from 'knex';
import type { TableNames } from '../lib/store/tables.js';

/**
 * A subject was one row per address, linked to whichever customer last gave it: a logged-in
 * shopper who typed another customer's address took that customer's records over. Now each
 * address has one record of its own (`customer_key` ''), linked to a customer only once they
 * prove the address (`email_confirmed_at`), and a customer without that proof has a claim of
 * their own beside it (`customer_key` their id). Links made before carry no proof: they become
 * claims. Forward only.
 */
export async function up(knex: Knex, tables: TableNames): Promise<void> {
  if (!(await knex.schema.hasColumn(tables.subjects, 'customer_key'))) {
    await knex.schema.alterTable(tables.subjects, (table) => {
      table.string('customer_key', 64).notNullable().defaultTo('');
      table.timestamp('email_confirmed_at', { useTz: false }).nullable();
    });
    await knex(tables.subjects)
      .whereNotNull('customer_id')
      .update({ customer_key: knex.ref('customer_id') });
  }
  await knex.schema.alterTable(tables.subjects, (table) => {
    table.unique(['email', 'customer_key'], { indexName: `${tables.subjects}_address_unique` });
  });
  await knex.schema.alterTable(tables.subjects, (table) => {
    table.dropUnique(['email'], `${tables.subjects}_email_unique`);
  });
}
