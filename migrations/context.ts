import type { Knex } from 'knex';
import type { TableNames } from '../lib/store/tables.js';

/** What a migration is given besides knex and the table names. */
export interface MigrationContext {
  secret: string | null;
  /** The secret the audit chain's key derives from, when it is not `secret` (the `auditSecrets` option's first). */
  auditSecret?: string | null;
}

export interface Migration {
  name: string;
  up(knex: Knex, tables: TableNames, context: MigrationContext): Promise<void>;
}
