import type { Knex } from 'knex';
import * as createShopTables from './2026-11-25-04-00-00-create-shop-tables.js';

const migrations = [{ name: '2026-11-25-04-00-00-create-shop-tables', up: createShopTables.up }];

/** The shop's own migrations, kept in `shop_migrations`, apart from the privacy module's. */
export async function migrateShop(knex: Knex): Promise<void> {
  await knex.migrate.latest({
    tableName: 'shop_migrations',
    migrationSource: {
      getMigrations: async () => migrations,
      getMigrationName: (migration: (typeof migrations)[number]) => migration.name,
      getMigration: async (migration: (typeof migrations)[number]) => ({ up: migration.up, down: async () => undefined }),
    },
  });
}
