/**
 * Retention throughput: rows anonymised per second by `privacy.retention.run()`, on SQLite and
 * on MariaDB, measured side by side in one run over the example shop's orders table.
 *
 *   npx tsx bench/retention.ts [rows]        (default 100000; `npm run bench:retention`)
 *
 * MariaDB is reached at BENCH_MYSQL_URL (default mysql://root@127.0.0.1:3306/test); a scratch
 * database is created and dropped. Without a reachable MariaDB only SQLite is measured.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createShop } from '../examples/storefront/app.js';
import { connectDatabase } from '../lib/store/database.js';

const rows = Number(process.argv[2] ?? 100_000);
const mysqlUrl = process.env.BENCH_MYSQL_URL ?? process.env.TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/test';

interface Measured {
  engine: string;
  rowsPerSecond: number;
  seconds: number;
}

async function measure(engine: string, url: string, scratch: string): Promise<Measured> {
  const shop = await createShop({ databaseUrl: url, outboxDir: scratch, devOutbox: false });
  try {
    const created = new Date('2019-03-01T10:00:00Z');
    for (let start = 0; start < rows; start += 500) {
      const size = Math.min(500, rows - start);
      await shop.knex('orders').insert(Array.from({ length: size }, (_, i) => ({
        number: `B-${start + i}`, customer_id: null, email: `buyer${start + i}@example.lv`, first_name: 'Vecs', last_name: 'Pircējs',
        phone: '+371 20 000 002', address: 'Ventspils', total_cents: 100, locale: 'lv', created_at: created,
      })));
    }
    const began = process.hrtime.bigint();
    const report = await shop.privacy.retention.run();
    const seconds = Number(process.hrtime.bigint() - began) / 1e9;
    const done = report.rules.find((r) => r.rule === 'orders')!.anonymised;
    if (done !== rows) throw new Error(`${engine}: anonymised ${done} of ${rows} rows`);
    return { engine, rowsPerSecond: rows / seconds, seconds };
  } finally {
    await shop.close();
  }
}

async function scratchMysql(): Promise<{ url: string; drop(): Promise<void> } | null> {
  const name = `esp_bench_${randomBytes(4).toString('hex')}`;
  const admin = connectDatabase(mysqlUrl);
  try {
    await admin.raw(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  } catch (err) {
    console.log(`MariaDB not measured: ${(err as Error).message.split('\n')[0]}`);
    return null;
  } finally {
    await admin.destroy();
  }
  const url = new URL(mysqlUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const cleanup = connectDatabase(mysqlUrl);
      await cleanup.raw(`DROP DATABASE IF EXISTS \`${name}\``).finally(() => cleanup.destroy());
    },
  };
}

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'esp-bench-'));
try {
  const results = [await measure('SQLite', `sqlite:${path.join(scratch, 'bench.sqlite')}`, scratch)];
  const mysql = await scratchMysql();
  if (mysql) {
    try {
      results.push(await measure('MariaDB', mysql.url, scratch));
    } finally {
      await mysql.drop();
    }
  }
  console.log(`Retention: ${rows} expired orders anonymised in batches of 1000`);
  for (const r of results) console.log(`  ${r.engine.padEnd(8)} ${Math.round(r.rowsPerSecond).toString().padStart(8)} rows/s  (${r.seconds.toFixed(2)} s)`);
  if (results.length === 2) console.log(`  MariaDB / SQLite: ${(results[1]!.rowsPerSecond / results[0]!.rowsPerSecond).toFixed(2)}`);
} finally {
  fs.rmSync(scratch, { recursive: true, force: true });
}
