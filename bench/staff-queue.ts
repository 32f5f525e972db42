/**
 * The staff queue's first page with 100, 10,000 and 100,000 open requests, on SQLite and
 * MariaDB side by side: each size in a process of its own (the example shop, a staff member
 * logged in over HTTP), so the memory measured is that page's. Seeding is bulk inserts of 500
 * rows; the sizes then take turns, one request each, 30 rounds, and the median is reported, with
 * RSS sampled every 5 ms. The goal: 100k / 100 ≤ 2× the time, memory that does not grow with the rows.
 *
 *   npx tsx bench/staff-queue.ts
 */
import { fork } from 'node:child_process';
import type { Knex } from 'knex';
import { startShop } from '../test/support/shop.js';
import { staffBrowser } from '../test/support/staff.js';
import { scratchMysql, scratchSqlite, seconds } from './support.js';

const sizes = [100, 10_000, 100_000];
const runs = 30;
const day = 24 * 60 * 60 * 1000;
const types = ['access', 'rectification', 'erasure', 'restriction', 'objection', 'withdrawal'];

interface Measured {
  engine: string;
  open: number;
  medianMs: number;
  secondPageMs: number;
  bytes: number;
  rows: number;
  baseRssMb: number;
  peakRssMb: number;
  seedSeconds: number;
}

/** `count` open requests, due over 60 days at whole seconds (many share a due date), 500 a statement, one transaction. */
async function seed(db: Knex, count: number): Promise<void> {
  const start = Date.UTC(2026, 11, 1, 9);
  await db.transaction(async (knex) => {
    for (let from = 0; from < count; from += 500) {
      await knex('privacy_requests').insert(
        Array.from({ length: Math.min(500, count - from) }, (_, k) => {
          const i = from + k;
          const due = new Date(start + (i % 60) * day);
          return {
            type: types[i % types.length],
            subject_id: null,
            email: `person${i}@example.lv`,
            email_hash: 'bench',
            locale: 'lv',
            status: i % 5 === 0 ? 'in_progress' : 'open',
            channel: 'account',
            details: null,
            received_at: new Date(due.getTime() - 30 * day),
            due_at: due,
            closed_at: null,
            updated_at: due,
          };
        }),
      );
    }
  });
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

/**
 * One size, in its own process: seeds, logs a staff member in, warms the page up, then answers
 * the parent's "page" messages one request at a time, so the sizes are measured turn about and a
 * busy machine slows all of them alike. RSS is sampled every 5 ms from the first measured request.
 */
async function child(engine: string, open: number): Promise<void> {
  const scratch = engine === 'MariaDB' ? await scratchMysql() : scratchSqlite();
  if (!scratch) return void process.send?.({ ready: false });
  const shop = await startShop(scratch.url);
  const staff = await staffBrowser(shop);
  const seeding = process.hrtime.bigint();
  await seed(shop.knex, open);
  const seedSeconds = seconds(seeding);
  let page = await staff.agent.get('/privacy/staff').expect(200);
  for (let i = 0; i < 5; i++) page = await staff.agent.get('/privacy/staff').expect(200);
  const next = /<a href="([^"]+)" rel="next">/.exec(page.text)?.[1]?.replace(/&amp;/g, '&') ?? '/privacy/staff';
  global.gc?.();
  const baseRssMb = process.memoryUsage().rss / 2 ** 20;
  let peak = baseRssMb;
  let sampler: NodeJS.Timeout | undefined;
  const times: number[] = [];
  const secondTimes: number[] = [];
  process.on('message', async (what: string) => {
    sampler ??= setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss / 2 ** 20)), 5);
    if (what === 'done') {
      clearInterval(sampler);
      peak = Math.max(peak, process.memoryUsage().rss / 2 ** 20);
      const rows = (page.text.match(/<th scope="row">/g) ?? []).length;
      const measured: Measured = {
        engine,
        open,
        medianMs: median(times),
        secondPageMs: median(secondTimes),
        bytes: Buffer.byteLength(page.text),
        rows,
        baseRssMb,
        peakRssMb: peak,
        seedSeconds,
      };
      process.send?.(measured);
      await shop.stop();
      await scratch.drop();
      return process.disconnect();
    }
    const began = process.hrtime.bigint();
    if (what === 'first') page = await staff.agent.get('/privacy/staff').expect(200);
    else await staff.agent.get(next).expect(200);
    (what === 'first' ? times : secondTimes).push(seconds(began) * 1000);
    process.send?.('measured');
  });
  process.send?.({ ready: true });
}

interface Worker {
  ask(what: 'first' | 'next'): Promise<void>;
  finish(): Promise<Measured>;
}

/** Starts one size's process and waits until it is seeded and warm; null when its database is not there. */
function start(engine: string, open: number): Promise<Worker | null> {
  const worker = fork(new URL(import.meta.url).pathname, [engine, String(open)], {
    env: { ...process.env, BENCH_ROLE: 'staff-queue' },
    execArgv: ['--import', 'tsx', '--expose-gc'],
  });
  worker.once('exit', (code) => code !== 0 && code !== null && console.log(`staff queue bench (${engine}, ${open}) exited ${code}`));
  const reply = <T>() => new Promise<T>((resolve) => worker.once('message', (m) => resolve(m as T)));
  return reply<{ ready: boolean }>().then(({ ready }) =>
    ready
      ? {
          ask: (what) => {
            const answered = reply<string>().then(() => undefined);
            worker.send(what);
            return answered;
          },
          finish: () => {
            const answered = reply<Measured>();
            worker.send('done');
            return answered;
          },
        }
      : null,
  );
}

if (process.env.BENCH_ROLE === 'staff-queue') {
  await child(String(process.argv[2]), Number(process.argv[3]));
} else {
  console.log(`Staff queue, first page (50 rows): median of ${runs} requests per size, the sizes taking turns; each size in its own process:`);
  for (const engine of ['SQLite', 'MariaDB']) {
    const workers: Worker[] = [];
    for (const open of sizes) {
      const worker = await start(engine, open);
      if (worker) workers.push(worker);
    }
    if (workers.length < sizes.length) {
      console.log(`  ${engine}: not measured`);
      continue;
    }
    for (let i = 0; i < runs; i++) for (const worker of workers) await worker.ask('first');
    for (let i = 0; i < 10; i++) for (const worker of workers) await worker.ask('next');
    const results: Measured[] = [];
    for (const worker of workers) results.push(await worker.finish());
    for (const m of results)
      console.log(
        `  ${engine.padEnd(7)} ${String(m.open).padStart(7)} open: ${m.medianMs.toFixed(2)} ms (next page ${m.secondPageMs.toFixed(2)} ms), ` +
          `${(m.bytes / 1024).toFixed(1)} KiB, ${m.rows} rows, RSS ${m.baseRssMb.toFixed(0)} → peak ${m.peakRssMb.toFixed(0)} MiB (+${(m.peakRssMb - m.baseRssMb).toFixed(1)}), seeded in ${m.seedSeconds.toFixed(1)} s`,
      );
    const [small, , large] = results;
    if (small && large)
      console.log(
        `  ${engine} 100k / 100: time ${(large.medianMs / small.medianMs).toFixed(2)}× (goal ≤ 2), next page ${(large.secondPageMs / small.secondPageMs).toFixed(2)}×, ` +
          `peak RSS ${(large.peakRssMb / small.peakRssMb).toFixed(2)}× (growth over the requests +${(large.peakRssMb - large.baseRssMb).toFixed(1)} MiB against +${(small.peakRssMb - small.baseRssMb).toFixed(1)} MiB), ` +
          `HTML ${(large.bytes / small.bytes).toFixed(2)}×`,
      );
  }
}
