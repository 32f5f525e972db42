import type { Knex } from 'knex';
import { migrations, type MigrationContext } from '../../migrations/index.js';
import type { TableNames } from './tables.js';

/**
 * Runs the module's migrations that have not run yet and returns their names. The list is
 * compiled in (a custom migration source), so it works the same from the TypeScript sources
 * and from `dist/`, and keeps its own bookkeeping table apart from the host's `knex_migrations`.
 * Several instances may start at once: see `ensureBookkeeping` and the retry on knex's lock.
 */
export async function runMigrations(knex: Knex, tables: TableNames, context: MigrationContext = { secret: null }): Promise<string[]> {
  const source: Knex.MigrationSource<(typeof migrations)[number]> = {
    getMigrations: async () => migrations,
    getMigrationName: (migration) => migration.name,
    getMigration: async (migration) => ({
      up: (k: Knex) => migration.up(k, tables, context),
      // knex insists on a `down`; ours refuses, because a rollback could drop consent evidence.
      down: async () => {
        throw new Error(`express-shop-privacy: migrations only move forward; "${migration.name}" cannot be rolled back`);
      },
    }),
  };
  await ensureBookkeeping(knex, tables.migrations);
  for (let attempt = 1; ; attempt++) {
    try {
      const [, ran] = (await knex.migrate.latest({ migrationSource: source, tableName: tables.migrations })) as [number, string[]];
      return ran;
    } catch (err) {
      // Another instance holds the lock: wait for it to finish, then find nothing left to run.
      if ((err as Error).name !== 'MigrationLocked' || attempt >= 120) {
        if ((err as Error).name === 'MigrationLocked') {
          throw new Error(
            `express-shop-privacy: the migration lock in ${tables.migrations}_lock stayed taken for a minute. ` +
              'If no other instance is migrating, a crashed one left it: set is_locked = 0 in that table and start again.',
            { cause: err },
          );
        }
        throw err;
      }
      await new Promise((resolve) => setTimeout(resolve, 250 + Math.random() * 250));
    }
  }
}

/**
 * knex creates its bookkeeping tables with check-then-create, which races when several
 * instances start together (and a doubled lock row would lock migrations for good). Create
 * them first, tolerating a concurrent creator, with exactly one lock row.
 */
async function ensureBookkeeping(knex: Knex, tableName: string): Promise<void> {
  const lockTable = `${tableName}_lock`;
  await createIfMissing(knex, tableName, (table) => {
    table.increments();
    table.string('name');
    table.integer('batch');
    table.timestamp('migration_time');
  });
  await createIfMissing(knex, lockTable, (table) => {
    table.increments('index').primary();
    table.integer('is_locked');
  });
  await knex(lockTable).insert({ index: 1, is_locked: 0 }).onConflict('index').ignore();
}

async function createIfMissing(knex: Knex, name: string, build: (table: Knex.CreateTableBuilder) => void): Promise<void> {
  if (await knex.schema.hasTable(name)) return;
  try {
    await knex.schema.createTable(name, build);
  } catch (err) {
    if (!(await knex.schema.hasTable(name))) throw err;
  }
}
