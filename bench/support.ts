import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { connectDatabase } from '../lib/store/database.js';

/** MariaDB for benchmarks: BENCH_MYSQL_URL, else the tests' server, else the machine's default. */
export const mysqlUrl = process.env.BENCH_MYSQL_URL ?? process.env.TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/test';

export interface Scratch {
  engine: 'SQLite' | 'MariaDB';
  url: string;
  drop(): Promise<void>;
}

/** An empty SQLite file in a temp folder. */
export function scratchSqlite(): Scratch {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'esp-bench-'));
  return { engine: 'SQLite', url: `sqlite:${path.join(dir, 'bench.sqlite')}`, drop: async () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** A new MariaDB database, dropped after; null (and a line saying why) when no server answers. */
export async function scratchMysql(): Promise<Scratch | null> {
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
    engine: 'MariaDB',
    url: url.toString(),
    async drop() {
      const cleanup = connectDatabase(mysqlUrl);
      await cleanup.raw(`DROP DATABASE IF EXISTS \`${name}\``).finally(() => cleanup.destroy());
    },
  };
}

/** Old guest orders for one address or many, inserted 500 at a time (SQLite's limit per statement). */
export async function insertOrders(
  knex: import('knex').Knex,
  count: number,
  email: (i: number) => string,
  created = new Date('2019-03-01T10:00:00Z'),
  prefix = 'B-',
): Promise<void> {
  for (let start = 0; start < count; start += 500) {
    const size = Math.min(500, count - start);
    await knex('orders').insert(
      Array.from({ length: size }, (_, i) => ({
        number: `${prefix}${start + i}`,
        customer_id: null,
        email: email(start + i),
        first_name: 'Vecs',
        last_name: 'Pircējs',
        phone: '+371 20 000 002',
        address: 'Ventspils',
        total_cents: 100,
        locale: 'lv',
        created_at: created,
      })),
    );
  }
}

export const seconds = (since: bigint) => Number(process.hrtime.bigint() - since) / 1e9;
