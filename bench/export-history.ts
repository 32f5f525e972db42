/**
 * Export cost by consent history: the JSON access answer of a shopper with 100,000 consent
 * events of their own against one with 1,000, on SQLite and MariaDB. The history is seeded first;
 * each export then runs in a process of its own that does nothing else, so its peak memory (RSS,
 * sampled every 5 ms) is the export's. Goal: the 100,000-event peak within 20 MiB of the 1,000-event
 * one, the history being read 500 events at a time and written as it is read.
 *
 * On SQLite part of the peak is SQLite's own page cache, which fills as a long history is read:
 * better-sqlite3 builds SQLite with cache_size -16000, up to 16 MB per connection, whatever the
 * history's length. A third size (300000) shows where growth stops.
 *
 *   npx tsx bench/export-history.ts [sizes…]     (default 1000 100000; each compared with the first)
 */
import { fork } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createShop } from '../examples/storefront/app.js';
import { scratchMysql, scratchSqlite, seconds, type Scratch } from './support.js';

const email = 'anna@example.lv';
const userAgent = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';

interface Measured {
  seconds: number;
  bytes: number;
  baseRssMb: number;
  maxRssMb: number;
  /** JS heap in use before the export and after it, both after a full collection: what the export kept. */
  heapBeforeMb: number;
  heapAfterMb: number;
}

const outbox = () => fs.mkdtempSync(path.join(os.tmpdir(), 'esp-bench-outbox-'));

/** The shopper, one consent given through the module, then `events` more of their own in the ledger, 500 a statement (SQLite's limit). */
async function seed(url: string, events: number): Promise<void> {
  const outboxDir = outbox();
  const shop = await createShop({ databaseUrl: url, outboxDir, devOutbox: false });
  try {
    await shop.privacy.consents.grant(email, 'social_advertising', { source: 'account' });
    const subject = await shop.knex(shop.privacy.tables.subjects).where({ email }).first('id');
    const at = new Date('2026-01-05T08:00:00Z').getTime();
    for (let start = 0; start < events; start += 500) {
      const size = Math.min(500, events - start);
      await shop.knex(shop.privacy.tables.consentEvents).insert(
        Array.from({ length: size }, (_, i) => ({
          receipt_id: `00000000-0000-4000-8000-${String(start + i).padStart(12, '0')}`,
          subject_id: subject.id,
          visitor_id: null,
          purpose: 'social_advertising',
          event: (start + i) % 2 === 0 ? 'withdrawn' : 'granted',
          granted: (start + i) % 2 === 1,
          policy_version: '2023-03-08',
          wording_hash: 'a'.repeat(64),
          source: 'banner',
          locale: 'lv',
          ip: '192.0.2.1',
          user_agent: userAgent,
          created_at: new Date(at + (start + i) * 1000),
        })),
      );
    }
  } finally {
    await shop.close();
    fs.rmSync(outboxDir, { recursive: true, force: true });
  }
}

/** In the child: open the shop on the seeded database, export, report. */
async function child(url: string): Promise<void> {
  const outboxDir = outbox();
  const shop = await createShop({ databaseUrl: url, outboxDir, devOutbox: false });
  global.gc?.();
  const baseRssMb = process.memoryUsage().rss / 2 ** 20;
  const heapBeforeMb = process.memoryUsage().heapUsed / 2 ** 20;
  let peak = baseRssMb;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss / 2 ** 20)), 5);
  const began = process.hrtime.bigint();
  let bytes = 0;
  for await (const piece of await shop.privacy.exportSubject(email, { format: 'json', actor: { type: 'staff', id: 'bench' } }))
    bytes += Buffer.byteLength(piece);
  const took = seconds(began);
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss / 2 ** 20);
  global.gc?.();
  const heapAfterMb = process.memoryUsage().heapUsed / 2 ** 20;
  await shop.close();
  fs.rmSync(outboxDir, { recursive: true, force: true });
  process.send?.({ seconds: took, bytes, baseRssMb, maxRssMb: peak, heapBeforeMb, heapAfterMb } satisfies Measured);
}

function measure(url: string): Promise<Measured> {
  const worker = fork(new URL(import.meta.url).pathname, [url], {
    env: { ...process.env, BENCH_ROLE: 'export-history' },
    execArgv: ['--import', 'tsx', '--expose-gc'],
  });
  return new Promise((resolve, reject) => {
    worker.once('message', (m) => resolve(m as Measured));
    worker.once('exit', (code) => code !== 0 && reject(new Error(`export bench exited ${code}`)));
  });
}

if (process.env.BENCH_ROLE === 'export-history') {
  await child(String(process.argv[2]));
} else {
  const sizes = process.argv.length > 2 ? process.argv.slice(2).map(Number) : [1000, 100_000];
  for (const make of [async () => scratchSqlite(), scratchMysql]) {
    const results: { events: number; m: Measured }[] = [];
    let engine = '';
    for (const events of sizes) {
      const scratch: Scratch | null = await make();
      if (!scratch) break;
      engine = scratch.engine;
      try {
        await seed(scratch.url, events);
        results.push({ events, m: await measure(scratch.url) });
      } finally {
        await scratch.drop();
      }
    }
    const [small, ...larger] = results;
    if (!small || results.length < sizes.length) continue;
    console.log(`Export (JSON) of one shopper by own consent events, ${engine}, each export in its own process:`);
    for (const { events, m } of results)
      console.log(
        `  ${String(events).padStart(7)} events: ${m.seconds.toFixed(2)} s, ${(m.bytes / 2 ** 20).toFixed(1)} MiB written, RSS ${m.baseRssMb.toFixed(0)} → peak ${m.maxRssMb.toFixed(0)} MiB, heap kept ${(m.heapAfterMb - m.heapBeforeMb).toFixed(1)} MiB`,
      );
    for (const large of larger) {
      const over = large.m.maxRssMb - small.m.maxRssMb;
      console.log(
        `  time ${large.events / 1000}k / ${small.events / 1000}k: ${(large.m.seconds / small.m.seconds).toFixed(1)}   peak RSS ${large.events / 1000}k − ${small.events / 1000}k: ${over.toFixed(1)} MiB (goal ≤ 20: ${over <= 20 ? 'met' : 'NOT met'})`,
      );
    }
  }
}
