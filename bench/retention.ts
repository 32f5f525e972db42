/**
 * Retention throughput: rows anonymised per second by `privacy.retention.run()`, on SQLite and
 * on MariaDB, measured side by side in one run over the example shop's orders table.
 *
 *   npx tsx bench/retention.ts [rows]        (default 100000; `npm run bench:retention`)
 *
 * MariaDB is reached at BENCH_MYSQL_URL (default mysql://root@127.0.0.1:3306/test); a scratch
 * database is created and dropped. Without a reachable MariaDB only SQLite is measured.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createShop } from '../examples/storefront/app.js';
import { insertOrders, scratchMysql, seconds } from './support.js';

const rows = Number(process.argv[2] ?? 100_000);

interface Measured {
  engine: string;
  rowsPerSecond: number;
  seconds: number;
}

async function measure(engine: string, url: string, scratch: string): Promise<Measured> {
  const shop = await createShop({ databaseUrl: url, outboxDir: scratch, devOutbox: false });
  try {
    await insertOrders(shop.knex, rows, (i) => `buyer${i}@example.lv`);
    const began = process.hrtime.bigint();
    const report = await shop.privacy.retention.run();
    const took = seconds(began);
    const done = report.rules.find((r) => r.rule === 'orders')?.anonymised ?? 0;
    if (done !== rows) throw new Error(`${engine}: anonymised ${done} of ${rows} rows`);
    return { engine, rowsPerSecond: rows / took, seconds: took };
  } finally {
    await shop.close();
  }
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
  const [sqlite, mariadb] = results;
  if (sqlite && mariadb) console.log(`  MariaDB / SQLite: ${(mariadb.rowsPerSecond / sqlite.rowsPerSecond).toFixed(2)}`);
} finally {
  fs.rmSync(scratch, { recursive: true, force: true });
}
