import type { Knex } from 'knex';
import type { TableNames } from '../lib/store/tables.js';

/**
 * MySQL/MariaDB compare text by the server's collation, which ignores accents as well as case:
 * "ánna@…" would find "anna@…"'s subject. Addresses are stored normalised, so they compare
 * byte-wise (utf8mb4_bin). SQLite compares bytes already. Column shapes as they were.
 */
export async function up(knex: Knex, tables: TableNames): Promise<void> {
  if (!['mysql', 'mysql2'].includes(String(knex.client.config.client))) return;
  await knex.raw('ALTER TABLE ?? MODIFY ?? VARCHAR(254) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL', [tables.subjects, 'email']);
  await knex.raw('ALTER TABLE ?? MODIFY ?? VARCHAR(254) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NULL', [tables.requests, 'email']);
}
