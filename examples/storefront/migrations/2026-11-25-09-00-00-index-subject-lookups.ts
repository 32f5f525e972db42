import type { Knex } from 'knex';

/**
 * The privacy module finds a person's rows by e-mail whatever its case. MySQL's collations
 * already ignore case, so its plain indexes serve; SQLite compares lower(email), which only an
 * index on that expression can serve: without one, erasing a person scans every order.
 */
export async function up(knex: Knex): Promise<void> {
  if (['mysql', 'mysql2'].includes(String(knex.client.config.client))) return;
  for (const table of ['customers', 'orders', 'newsletter_subscribers']) {
    await knex.raw(`CREATE INDEX IF NOT EXISTS ${table}_email_lower ON ${table} (lower(email))`);
  }
  // MySQL indexes a foreign key by itself; SQLite does not, and "by e-mail or by customer" needs both sides indexed.
  await knex.raw('CREATE INDEX IF NOT EXISTS orders_customer_id ON orders (customer_id)');
}
