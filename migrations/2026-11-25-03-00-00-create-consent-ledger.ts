import type { Knex } from 'knex';
import type { TableNames } from '../lib/store/tables.js';

/**
 * The people the module knows (subjects), their consent ledger and its current state, the
 * single-use tokens e-mailed to them, and the suppression list that outlives a withdrawal.
 * Table shapes are written out here as they were, never imported from live code.
 */
export async function up(knex: Knex, tables: TableNames): Promise<void> {
  if (!(await knex.schema.hasTable(tables.subjects))) {
    await knex.schema.createTable(tables.subjects, (table) => {
      table.increments('id').primary();
      // Normalised (trimmed, lower-case, ASCII domain); 254 is the longest valid address.
      table
        .string('email', 254)
        .notNullable()
        .unique({ indexName: `${tables.subjects}_email_unique` });
      table.string('customer_id', 64).nullable().index(`${tables.subjects}_customer_index`);
      table.string('locale', 8).nullable();
      table.timestamp('created_at', { useTz: false }).notNullable();
      table.timestamp('updated_at', { useTz: false }).notNullable();
    });
  }
  if (!(await knex.schema.hasTable(tables.consentEvents))) {
    await knex.schema.createTable(tables.consentEvents, (table) => {
      table.bigIncrements('id').primary();
      table
        .string('receipt_id', 36)
        .notNullable()
        .unique({ indexName: `${tables.consentEvents}_receipt_unique` });
      table.integer('subject_id').unsigned().nullable().references('id').inTable(tables.subjects);
      table.string('visitor_id', 64).nullable();
      table.string('purpose', 48).notNullable();
      table.string('event', 16).notNullable(); // acknowledged | granted | not_granted | withdrawn
      table.boolean('granted').notNullable();
      table.string('policy_version', 64).notNullable();
      table.string('wording_hash', 64).notNullable();
      table.string('source', 16).notNullable(); // checkout | signup | newsletter | account | banner | gpc | staff
      table.string('locale', 8).notNullable();
      table.string('ip', 45).nullable();
      table.string('user_agent', 512).nullable();
      table.timestamp('created_at', { precision: 3, useTz: false }).notNullable();
      table.index(['subject_id', 'purpose'], `${tables.consentEvents}_subject_index`);
      table.index(['visitor_id'], `${tables.consentEvents}_visitor_index`);
    });
  }
  if (!(await knex.schema.hasTable(tables.consents))) {
    await knex.schema.createTable(tables.consents, (table) => {
      table.integer('subject_id').unsigned().notNullable().references('id').inTable(tables.subjects);
      table.string('purpose', 48).notNullable();
      table.boolean('granted').notNullable();
      table.string('policy_version', 64).notNullable();
      table.string('source', 16).notNullable();
      table.bigInteger('event_id').unsigned().notNullable();
      table.timestamp('updated_at', { precision: 3, useTz: false }).notNullable();
      table.primary(['subject_id', 'purpose']);
    });
  }
  if (!(await knex.schema.hasTable(tables.tokens))) {
    await knex.schema.createTable(tables.tokens, (table) => {
      table.increments('id').primary();
      table
        .string('token_hash', 64)
        .notNullable()
        .unique({ indexName: `${tables.tokens}_hash_unique` });
      table.string('kind', 32).notNullable();
      table.integer('subject_id').unsigned().notNullable().references('id').inTable(tables.subjects);
      table.string('purpose', 48).nullable();
      table.string('locale', 8).notNullable();
      table.timestamp('created_at', { useTz: false }).notNullable();
      table.timestamp('expires_at', { useTz: false }).notNullable();
      table.timestamp('used_at', { useTz: false }).nullable();
    });
  }
  if (!(await knex.schema.hasTable(tables.suppressions))) {
    await knex.schema.createTable(tables.suppressions, (table) => {
      table.increments('id').primary();
      // SHA-256 of the normalised address: enough to refuse a re-import, and it outlives erasure.
      table.string('email_hash', 64).notNullable();
      table.string('purpose', 48).notNullable();
      table.timestamp('created_at', { useTz: false }).notNullable();
      table.unique(['email_hash', 'purpose'], { indexName: `${tables.suppressions}_unique` });
    });
  }
}
