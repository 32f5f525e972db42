import type { Knex } from 'knex';
import { isMysql } from '../lib/store/database.js';
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

/** Whether `table` has an index of this name: a migration that stopped half-way (MySQL's DDL does not roll back) runs again cleanly. */
export async function hasIndex(knex: Knex, table: string, name: string): Promise<boolean> {
  if (!isMysql(knex)) return (await knex('sqlite_master').where({ type: 'index', tbl_name: table, name }).first('name')) !== undefined;
  const row = await knex('information_schema.statistics')
    .whereRaw('table_schema = database()')
    .where({ table_name: table, index_name: name })
    .first('index_name');
  return row !== undefined;
}
