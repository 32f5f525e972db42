import type { Knex } from 'knex';
import { migrations } from '../../migrations/index.js';
import type { TableNames } from './tables.js';

/**
 * Runs the module's migrations that have not run yet. The list is compiled in (a custom
 * migration source), so it works the same from TypeScript sources and from `dist/`, and keeps
 * its own bookkeeping table apart from the host's `knex_migrations`. knex's lock table makes
 * concurrent starts of several instances safe. Returns the names of the migrations it ran.
 */
export async function runMigrations(knex: Knex, tables: TableNames): Promise<string[]> {
  const source: Knex.MigrationSource<(typeof migrations)[number]> = {
    getMigrations: async () => migrations,
    getMigrationName: (migration) => migration.name,
    getMigration: async (migration) => ({
      up: (k: Knex) => migration.up(k, tables),
      // knex insists on a `down`; ours refuses, because a rollback could drop consent evidence.
      down: async () => {
        throw new Error(`express-shop-privacy: migrations only move forward; "${migration.name}" cannot be rolled back`);
      },
    }),
  };
  const [, ran] = (await knex.migrate.latest({ migrationSource: source, tableName: tables.migrations })) as [number, string[]];
  return ran;
}
