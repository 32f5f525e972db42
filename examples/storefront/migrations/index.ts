import type { Knex } from 'knex';
import * as createShopTables from './2026-11-25-04-00-00-create-shop-tables.js';
import * as indexSubjectLookups from './2026-11-25-09-00-00-index-subject-lookups.js';
import * as verifiedAddressesAndStaffRole from './2026-12-02-09-00-00-verified-addresses-and-staff-role.js';

const migrations = [
  { name: '2026-11-25-04-00-00-create-shop-tables', up: createShopTables.up },
  { name: '2026-11-25-09-00-00-index-subject-lookups', up: indexSubjectLookups.up },
  { name: '2026-12-02-09-00-00-verified-addresses-and-staff-role', up: verifiedAddressesAndStaffRole.up },
];
type Migration = (typeof migrations)[number];

const tableName = 'shop_migrations';
const source: Knex.MigrationSource<Migration> = {
  getMigrations: async () => migrations,
  getMigrationName: (migration) => migration.name,
  getMigration: async (migration) => ({
    up: migration.up,
    down: async () => {
      throw new Error(`storefront: migrations only move forward; "${migration.name}" cannot be rolled back`);
    },
  }),
};

/**
 * The shop's own migrations, kept in `shop_migrations`, apart from the privacy module's.
 * Several instances may start at once on one database: the bookkeeping tables are created
 * tolerating a concurrent creator, and an instance that finds knex's lock taken waits its turn.
 */
export async function migrateShop(knex: Knex): Promise<void> {
  await ensureBookkeeping(knex);
  for (let attempt = 1; ; attempt++) {
    try {
      await knex.migrate.latest({ tableName, migrationSource: source });
      return;
    } catch (err) {
      if ((err as Error).name !== 'MigrationLocked') throw err;
      if (attempt >= 120) {
        throw new Error(
          `storefront: ${tableName}_lock stayed locked for a minute. If no other instance is migrating, set is_locked = 0 there and start again.`,
          { cause: err },
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 250 + Math.random() * 250));
    }
  }
}

/** knex's own check-then-create of these tables races between instances; this one does not. */
async function ensureBookkeeping(knex: Knex): Promise<void> {
  await createIfMissing(knex, tableName, (table) => {
    table.increments();
    table.string('name');
    table.integer('batch');
    table.timestamp('migration_time');
  });
  await createIfMissing(knex, `${tableName}_lock`, (table) => {
    table.increments('index').primary();
    table.integer('is_locked');
  });
  // Exactly one lock row: two would leave migrations locked for good.
  await knex(`${tableName}_lock`).insert({ index: 1, is_locked: 0 }).onConflict('index').ignore();
}

async function createIfMissing(knex: Knex, name: string, build: (table: Knex.CreateTableBuilder) => void): Promise<void> {
  if (await knex.schema.hasTable(name)) return;
  try {
    await knex.schema.createTable(name, build);
  } catch (err) {
    if (!(await knex.schema.hasTable(name))) throw err;
  }
}
