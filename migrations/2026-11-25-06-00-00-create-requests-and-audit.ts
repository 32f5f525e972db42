import type { Knex } from 'knex';
import type { TableNames } from '../lib/store/tables.js';

/**
 * Data-subject requests and their legal clock, the hash-chained audit trail with its head row,
 * the shared counters of the request form's rate limits, and what a token carries besides its
 * subject (the new address of an e-mail change, the request a verification link opens).
 */
export async function up(knex: Knex, tables: TableNames): Promise<void> {
  if (!(await knex.schema.hasColumn(tables.tokens, 'payload'))) {
    await knex.schema.alterTable(tables.tokens, (table) => {
      table.string('payload', 254).nullable();
    });
  }
  if (!(await knex.schema.hasTable(tables.requests))) {
    await knex.schema.createTable(tables.requests, (table) => {
      table.increments('id').primary();
      // access | rectification | erasure | restriction | objection | withdrawal
      table.string('type', 16).notNullable();
      // No foreign key: the request outlives the subject it erased, as proof it was answered.
      table.integer('subject_id').unsigned().nullable();
      // The address to answer; cleared when the subject is erased, its hash kept.
      table.string('email', 254).nullable();
      table.string('email_hash', 64).notNullable();
      table.string('locale', 8).notNullable();
      // awaiting_verification | open | in_progress | done | refused
      table.string('status', 24).notNullable();
      table.string('channel', 16).notNullable(); // account | guest | staff
      table.text('details').nullable();
      table.timestamp('received_at', { useTz: false }).notNullable();
      table.timestamp('verified_at', { useTz: false }).nullable();
      table.timestamp('due_at', { useTz: false }).notNullable();
      table.timestamp('extended_at', { useTz: false }).nullable();
      table.text('extension_reason').nullable();
      table.timestamp('closed_at', { useTz: false }).nullable();
      table.text('outcome').nullable();
      table.string('handled_by', 64).nullable();
      table.timestamp('updated_at', { useTz: false }).notNullable();
      table.index(['status', 'due_at'], `${tables.requests}_queue_index`);
      table.index(['email_hash'], `${tables.requests}_email_index`);
      table.index(['subject_id'], `${tables.requests}_subject_index`);
    });
  }
  if (!(await knex.schema.hasTable(tables.audit))) {
    await knex.schema.createTable(tables.audit, (table) => {
      table.bigIncrements('id').primary();
      // Gapless position in the chain: a deleted row leaves a hole verify() names.
      table
        .bigInteger('seq')
        .unsigned()
        .notNullable()
        .unique({ indexName: `${tables.audit}_seq_unique` });
      table.timestamp('at', { precision: 3, useTz: false }).notNullable();
      table.string('actor_type', 16).notNullable(); // shopper | staff | system | visitor
      table.string('actor_id', 64).nullable();
      table.string('action', 48).notNullable();
      table.integer('subject_id').unsigned().nullable();
      table.integer('request_id').unsigned().nullable();
      // JSON without personal values: counts, purposes, field names, ids.
      table.text('details').nullable();
      table.string('prev_hash', 64).notNullable();
      table.string('hash', 64).notNullable();
      table.index(['subject_id'], `${tables.audit}_subject_index`);
    });
  }
  if (!(await knex.schema.hasTable(tables.auditHead))) {
    await knex.schema.createTable(tables.auditHead, (table) => {
      // One row: the end of the chain. Writers lock it, so rows join the chain one at a time.
      table.integer('id').unsigned().primary();
      table.bigInteger('seq').unsigned().notNullable();
      table.string('hash', 64).notNullable();
    });
    await knex(tables.auditHead)
      .insert({ id: 1, seq: 0, hash: '0'.repeat(64) })
      .onConflict('id')
      .ignore();
  }
  if (!(await knex.schema.hasTable(tables.rateLimits))) {
    await knex.schema.createTable(tables.rateLimits, (table) => {
      // Shared by every instance of the shop; keys are hashed, never an address or IP in clear.
      table.string('key', 96).primary();
      table.integer('hits').unsigned().notNullable();
      table.timestamp('reset_at', { precision: 3, useTz: false }).notNullable();
    });
  }
}
