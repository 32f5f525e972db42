/**
 * Export cost: the JSON access answer of a subject with 10,000 orders against one with 1,000,
 * each in a process of its own so peak memory (max RSS) is the export's. Linear time and flat
 * memory are the goal: rows are read 500 at a time and written as they come.
 *
 *   npx tsx bench/export.ts          (`npm run bench:export`)
 */
import { fork } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createShop } from '../examples/storefront/app.js';
import { insertOrders, scratchSqlite, seconds } from './support.js';

interface Measured {
  orders: number;
  seconds: number;
  bytes: number;
  maxRssMb: number;
  baseRssMb: number;
}

async function child(orders: number): Promise<void> {
  const scratch = scratchSqlite();
  const outboxDir = fs.mkdtempSync(path.join(os.tmpdir(), 'esp-bench-outbox-'));
  const shop = await createShop({ databaseUrl: scratch.url, outboxDir, devOutbox: false });
  await insertOrders(shop.knex, orders, () => 'anna@example.lv', new Date());
  const orderIds: number[] = await shop.knex('orders').pluck('id');
  for (let start = 0; start < orderIds.length; start += 500) {
    await shop
      .knex('order_lines')
      .insert(
        orderIds
          .slice(start, start + 500)
          .map((id) => ({ order_id: id, product_id: 1, sku: 'BP-TRW-GDB1550', name: 'Bremžu kluči', quantity: 1, unit_price_cents: 3890 })),
      );
  }
  global.gc?.();
  const baseRssMb = process.memoryUsage().rss / 2 ** 20;
  const began = process.hrtime.bigint();
  let bytes = 0;
  let peak = baseRssMb;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss / 2 ** 20)), 5);
  for await (const piece of await shop.privacy.exportSubject('anna@example.lv', { format: 'json', actor: { type: 'staff', id: 'bench' } }))
    bytes += Buffer.byteLength(piece);
  const took = seconds(began);
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss / 2 ** 20);
  await shop.close();
  await scratch.drop();
  fs.rmSync(outboxDir, { recursive: true, force: true });
  process.send?.({ orders, seconds: took, bytes, maxRssMb: peak, baseRssMb } satisfies Measured);
}

function measure(orders: number): Promise<Measured> {
  const worker = fork(new URL(import.meta.url).pathname, [String(orders)], {
    env: { ...process.env, BENCH_ROLE: 'export' },
    execArgv: ['--import', 'tsx', '--expose-gc'],
  });
  return new Promise((resolve, reject) => {
    worker.once('message', (m) => resolve(m as Measured));
    worker.once('exit', (code) => code !== 0 && reject(new Error(`export bench exited ${code}`)));
  });
}

if (process.env.BENCH_ROLE === 'export') {
  await child(Number(process.argv[2]));
} else {
  const small = await measure(1000);
  const large = await measure(10_000);
  console.log('Export (JSON) of one subject, SQLite, each size in its own process:');
  for (const m of [small, large])
    console.log(
      `  ${String(m.orders).padStart(6)} orders: ${m.seconds.toFixed(2)} s, ${(m.bytes / 2 ** 20).toFixed(1)} MiB written, RSS ${m.baseRssMb.toFixed(0)} → peak ${m.maxRssMb.toFixed(0)} MiB`,
    );
  console.log(
    `  time 10k / 1k: ${(large.seconds / small.seconds).toFixed(1)} (linear: 10)   peak RSS growth 10k / 1k: ${((large.maxRssMb - large.baseRssMb) / Math.max(1, small.maxRssMb - small.baseRssMb)).toFixed(1)}`,
  );
}
