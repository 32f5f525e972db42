import { createHmac } from 'node:crypto';
import type { Knex } from 'knex';
import type { TableNames } from '../lib/store/tables.js';
import type { MigrationContext } from './context.js';

/**
 * The suppression list and erased people's requests kept a plain SHA-256 of the address, which a
 * list of likely addresses reverses. They keep an HMAC of it now, keyed from the module's secret:
 * an old hash is re-keyed as it stands, no address needed. Written out here as it was.
 */
export async function up(knex: Knex, tables: TableNames, context: MigrationContext): Promise<void> {
  const counted = async (table: string) => Number((await knex(table).count({ n: '*' }).first<{ n: number | string }>())?.n ?? 0);
  if ((await counted(tables.suppressions)) + (await counted(tables.requests)) === 0) return;
  if (!context.secret) {
    throw new Error(
      "express-shop-privacy: this migration re-keys the kept address hashes with the app's secret: run `shop-privacy migrate --config <the app's options>`, or start the app once",
    );
  }
  const key = createHmac('sha256', context.secret).update('express-shop-privacy/address-hash/v1').digest();
  const rekey = (old: string) => createHmac('sha256', key).update(old).digest('hex');
  for (const table of [tables.suppressions, tables.requests]) {
    for (let after = 0; ;) {
      const rows: { id: number; email_hash: string }[] = await knex(table).where('id', '>', after).orderBy('id').limit(500).select('id', 'email_hash');
      if (rows.length === 0) break;
      for (const row of rows) {
        await knex(table)
          .where({ id: row.id })
          .update({ email_hash: rekey(row.email_hash) });
        after = Number(row.id);
      }
    }
  }
}
