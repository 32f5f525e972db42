import type { Knex } from 'knex';

/**
 * The privacy module shows a customer what their address holds (guest orders, the mailing
 * list) only once the shop has proved the address, and staff is a role an operator grants,
 * never an address someone typed at signup. So: `customers.email_verified_at` (when the
 * customer followed the link e-mailed to them), `customers.is_staff`, and the links' table,
 * which keeps only each link's SHA-256 and the SHA-256 of the address it was sent to.
 * Shapes as they were on this day; forward only. Each step checks first, so a migration cut
 * short on MySQL (where DDL commits at once) runs again to the end.
 */
export async function up(knex: Knex): Promise<void> {
  if (!(await knex.schema.hasColumn('customers', 'email_verified_at'))) {
    await knex.schema.alterTable('customers', (table) => {
      table.timestamp('email_verified_at', { useTz: false }).nullable();
    });
  }
  if (!(await knex.schema.hasColumn('customers', 'is_staff'))) {
    await knex.schema.alterTable('customers', (table) => {
      table.boolean('is_staff').notNullable().defaultTo(false);
    });
  }
  if (!(await knex.schema.hasTable('customer_email_tokens'))) {
    await knex.schema.createTable('customer_email_tokens', (table) => {
      table.increments('id').primary();
      table.string('token_hash', 64).notNullable().unique();
      // An erased or purged account takes its links with it.
      table.integer('customer_id').unsigned().notNullable().references('id').inTable('customers').onDelete('CASCADE').index();
      table.string('email_hash', 64).notNullable();
      table.timestamp('created_at', { useTz: false }).notNullable();
      table.timestamp('expires_at', { useTz: false }).notNullable().index();
      table.timestamp('used_at', { useTz: false }).nullable();
    });
  }
}
