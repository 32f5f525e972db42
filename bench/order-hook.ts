/**
 * What `privacy.hooks.orderCreated` costs a checkout: orders per second, 20 at a time, each one
 * transaction (order, its line) with the hook inside and without it, alternating runs, on MariaDB
 * and SQLite. Goal: ≥ 0.85 on MariaDB.
 *
 *   npx tsx bench/order-hook.ts [orders per run]     (`npm run bench:orders`)
 */
import type { Knex } from 'knex';
import { createPrivacy } from '../index.js';
import { migrateShop } from '../examples/storefront/migrations/index.js';
import { seedCatalogue } from '../examples/storefront/seed.js';
import { connectDatabase } from '../lib/store/database.js';
import { scratchMysql, scratchSqlite, seconds, type Scratch } from './support.js';

const perRun = Number(process.argv[2] ?? 2000);
const parallel = 20;

async function run(knex: Knex, hook: ((trx: Knex.Transaction, id: number, email: string) => Promise<unknown>) | null, tag: string): Promise<number> {
  let next = 0;
  const began = process.hrtime.bigint();
  await Promise.all(Array.from({ length: parallel }, async () => {
    for (let i = next++; i < perRun; i = next++) {
      const email = `${tag}${i}@example.lv`;
      await knex.transaction(async (trx) => {
        const [id] = await trx('orders').insert({ customer_id: null, email, first_name: 'Pircējs', last_name: 'Testa', phone: '+371 20 000 000', address: 'Rīga', total_cents: 3890, locale: 'lv', created_at: new Date() });
        await trx('order_lines').insert({ order_id: id, product_id: 1, sku: 'BP-TRW-GDB1550', name: 'Bremžu kluči', quantity: 1, unit_price_cents: 3890 });
        if (hook) await hook(trx, Number(id), email);
      });
    }
  }));
  return perRun / seconds(began);
}

async function measure(scratch: Scratch): Promise<{ engine: string; without: number; withHook: number }> {
  const knex = connectDatabase(scratch.url);
  const privacy = createPrivacy({ db: knex, secret: 'bench-secret-0123456789abcdefghijklmnop', controller: { email: 'info@xparts.lv' } });
  try {
    await migrateShop(knex);
    await privacy.migrate();
    await seedCatalogue(knex);
    const hook = (trx: Knex.Transaction, id: number, email: string) => privacy.hooks.orderCreated({ order: { id, email }, consents: { consent_social_advertising: id % 3 ? '' : 'yes' } }, { trx });
    const without: number[] = [];
    const withHook: number[] = [];
    for (let round = 0; round < 2; round++) {
      without.push(await run(knex, null, `plain${round}-`));
      withHook.push(await run(knex, hook, `hooked${round}-`));
    }
    return { engine: scratch.engine, without: Math.max(...without), withHook: Math.max(...withHook) };
  } finally {
    await privacy.close();
    await knex.destroy();
    await scratch.drop();
  }
}

const results = [await measure(scratchSqlite())];
const mysql = await scratchMysql();
if (mysql) results.push(await measure(mysql));
console.log(`Checkouts: ${perRun} orders per run, ${parallel} at a time, best of 2 alternating runs (orders/s):`);
for (const r of results) console.log(`  ${r.engine.padEnd(8)} without ${Math.round(r.without).toString().padStart(6)}   with the hook ${Math.round(r.withHook).toString().padStart(6)}   ratio ${(r.withHook / r.without).toFixed(2)}${r.engine === 'MariaDB' ? '  (goal ≥ 0.85)' : ''}`);
