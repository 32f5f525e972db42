/**
 * Erasure cost as the shop grows: erasing one subject (3 orders, an account) from an orders
 * table of 1,000,000 rows against one of 10,000, on SQLite and MariaDB. The subject's rows are
 * found by indexed columns, so the ratio should stay near 1. Goal: ≤ 1.5.
 *
 *   npx tsx bench/erasure.ts [large rows]      (`npm run bench:erasure`; default 1000000)
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createShop } from '../examples/storefront/app.js';
import { insertOrders, scratchMysql, scratchSqlite, seconds, type Scratch } from './support.js';

const large = Number(process.argv[2] ?? 1_000_000);
const small = 10_000;
const subjects = 5;

async function erasureTime(scratch: Scratch, rows: number): Promise<number> {
  const outboxDir = fs.mkdtempSync(path.join(os.tmpdir(), 'esp-bench-outbox-'));
  const shop = await createShop({ databaseUrl: scratch.url, outboxDir, devOutbox: false });
  try {
    await insertOrders(shop.knex, rows, (i) => `buyer${i % 50_000}@example.lv`, new Date());
    const times: number[] = [];
    for (let s = 0; s < subjects; s++) {
      const email = `erase${s}@example.lv`;
      const [customerId] = await shop
        .knex('customers')
        .insert({ email, password_hash: 'x', first_name: 'Dzēšams', last_name: 'Klients', created_at: new Date(), last_login_at: new Date() });
      await insertOrders(shop.knex, 3, () => email, new Date(), `E${s}-`);
      await shop.knex('orders').where({ email }).update({ customer_id: customerId });
      const began = process.hrtime.bigint();
      await shop.privacy.eraseSubject(email);
      times.push(seconds(began));
    }
    const median = times.sort((a, b) => a - b)[Math.floor(subjects / 2)];
    if (median === undefined) throw new Error('no erasure was timed');
    return median;
  } finally {
    await shop.close();
    await scratch.drop();
    fs.rmSync(outboxDir, { recursive: true, force: true });
  }
}

const results: { engine: string; smallMs: number; largeMs: number }[] = [];
for (const make of [scratchSqlite, scratchMysql]) {
  const first = await make();
  if (!first) continue;
  const smallTime = await erasureTime(first, small);
  const second = await make();
  if (!second) throw new Error(`${first.engine} answered once and then not again`);
  const largeTime = await erasureTime(second, large);
  results.push({ engine: first.engine, smallMs: smallTime * 1000, largeMs: largeTime * 1000 });
}
console.log(`Erasure of one subject (an account, 3 orders), median of ${subjects}:`);
for (const r of results)
  console.log(
    `  ${r.engine.padEnd(8)} ${small} orders: ${r.smallMs.toFixed(1)} ms   ${large} orders: ${r.largeMs.toFixed(1)} ms   ratio ${(r.largeMs / r.smallMs).toFixed(2)}  (goal ≤ 1.5)`,
  );
