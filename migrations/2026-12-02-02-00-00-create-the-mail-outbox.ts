import type { Knex } from 'knex';
import type { TableNames } from '../lib/store/tables.js';

/**
 * The mail outbox: every e-mail the module sends is written here in the transaction that causes
 * it, and a worker on any instance sends it. `message_id` is fixed when the row is written, so a
 * retry after a crash between sending and recording carries the same Message-ID. Recipient and
 * message are cleared once sent; the row stays a while as the record that it went.
 */
export async function up(knex: Knex, tables: TableNames): Promise<void> {
  if (await knex.schema.hasTable(tables.outbox)) return;
  await knex.schema.createTable(tables.outbox, (table) => {
    table.increments('id').primary();
    table.string('message_id', 120).notNullable().unique(`${tables.outbox}_message_unique`);
    table.string('recipient', 320).notNullable();
    // The rendered message (subject, text, HTML, headers) as JSON; emptied once sent.
    table.text('message', 'mediumtext').nullable();
    table.string('status', 12).notNullable();
    table.integer('attempts').notNullable().defaultTo(0);
    table.timestamp('next_attempt_at', { precision: 3, useTz: false }).notNullable();
    table.string('lease_holder', 36).nullable();
    table.timestamp('lease_until', { precision: 3, useTz: false }).nullable();
    // What the transport said last, without the address or the message.
    table.string('last_error', 200).nullable();
    table.timestamp('created_at', { precision: 3, useTz: false }).notNullable();
    table.timestamp('sent_at', { precision: 3, useTz: false }).nullable();
    table.index(['status', 'next_attempt_at'], `${tables.outbox}_due_index`);
  });
}
