import type { Knex } from 'knex';

/** The shop's own tables: catalogue, customers, orders, the mailing list and sessions. */
export async function up(knex: Knex): Promise<void> {
  const create = async (name: string, build: (table: Knex.CreateTableBuilder) => void) => {
    if (!(await knex.schema.hasTable(name))) await knex.schema.createTable(name, build);
  };
  await create('products', (table) => {
    table.increments('id').primary();
    table.string('sku', 32).notNullable().unique();
    table.string('name_lv', 120).notNullable();
    table.string('name_en', 120).notNullable();
    table.string('category', 32).notNullable();
    table.string('brand', 60).notNullable();
    table.integer('price_cents').notNullable();
    table.integer('stock').notNullable();
  });
  await create('customers', (table) => {
    table.increments('id').primary();
    table.string('email', 254).notNullable().unique();
    table.string('password_hash', 200).notNullable();
    table.string('first_name', 80).notNullable();
    table.string('last_name', 80).notNullable();
    table.string('phone', 32).nullable();
    table.string('address', 200).nullable();
    table.timestamp('created_at', { useTz: false }).notNullable();
    table.timestamp('last_login_at', { useTz: false }).nullable();
  });
  await create('orders', (table) => {
    table.increments('id').primary();
    table.string('number', 16).nullable().unique();
    table.integer('customer_id').unsigned().nullable().references('id').inTable('customers');
    table.string('email', 254).notNullable().index();
    table.string('first_name', 80).notNullable();
    table.string('last_name', 80).notNullable();
    table.string('phone', 32).notNullable();
    table.string('address', 200).notNullable();
    table.integer('total_cents').notNullable();
    table.string('locale', 8).notNullable();
    table.timestamp('created_at', { useTz: false }).notNullable();
  });
  await create('order_lines', (table) => {
    table.increments('id').primary();
    table.integer('order_id').unsigned().notNullable().references('id').inTable('orders').index();
    table.integer('product_id').unsigned().notNullable().references('id').inTable('products');
    table.string('sku', 32).notNullable();
    table.string('name', 120).notNullable();
    table.integer('quantity').notNullable();
    table.integer('unit_price_cents').notNullable();
  });
  await create('newsletter_subscribers', (table) => {
    table.increments('id').primary();
    table.string('email', 254).notNullable().unique();
    table.string('source', 16).notNullable();
    table.timestamp('created_at', { useTz: false }).notNullable();
  });
  // connect-session-knex's own shape, created here so two starting instances cannot race on it.
  await create('shop_sessions', (table) => {
    table.string('sid', 255).primary();
    table.text('sess').notNullable();
    table.dateTime('expired').notNullable().index();
  });
}
