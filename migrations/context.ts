import type { Knex } from 'knex';
import type { TableNames } from '../lib/store/tables.js';

/** What a migration is given besides knex and the table names. */
export interface MigrationContext {
  secret: string | null;
}

export interface Migration {
  name: string;
  up(knex: Knex, tables: TableNames, context: MigrationContext): Promise<void>;
}
