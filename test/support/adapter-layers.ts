import { createRequire } from 'node:module';
import type { Knex } from 'knex';
import { fromBetterSqlite3, fromKnex, fromMysql2, type PrivacyTransaction } from '../../index.js';
import type { TestDatabase } from './databases.js';

/**
 * A shop's data layer as a test drives it: one transaction of the shop's own, in which it
 * inserts an order and hands the module its adapter; the transaction commits when `work`
 * returns and rolls back when it throws, as the data layer's own transaction helper does.
 */
export interface ShopLayer {
  transaction(work: (shop: { insertOrder(email: string): Promise<number>; trx: PrivacyTransaction }) => Promise<void>): Promise<void>;
  /** Counts the shop's orders through the data layer itself: it still works after what went before. */
  countOrders(): Promise<number>;
  close(): Promise<void>;
}

export interface LayerFactory {
  name: string;
  /** The engines the data layer runs on: a raw driver runs on its own one only. */
  engines: string[];
  open(db: TestDatabase): Promise<ShopLayer>;
}

export const requireHere = createRequire(import.meta.url);

/** The SQLite file of a test database's `sqlite:` URL. */
export const sqliteFile = (db: TestDatabase) => db.url.slice('sqlite:'.length);

/** The shop's own orders table, as a shop created it before adopting the module. */
export async function createOrders(knex: Knex): Promise<void> {
  await knex.schema.createTable('orders', (table) => {
    table.increments('id').primary();
    table.string('email', 254).notNullable();
    table.integer('total_cents').notNullable();
  });
}

export const knexLayer: LayerFactory = {
  name: 'knex (fromKnex)',
  engines: ['SQLite', 'MariaDB'],
  async open(db) {
    return {
      transaction: (work) =>
        db.knex.transaction(async (trx) => {
          await work({ insertOrder: async (email) => Number((await trx('orders').insert({ email, total_cents: 1999 }))[0]), trx: fromKnex(trx) });
        }),
      countOrders: async () => Number((await db.knex('orders').count({ n: '*' }))[0]?.n),
      close: async () => undefined,
    };
  },
};

interface Mysql2Pool {
  getConnection(): Promise<Mysql2PoolConnection>;
  query(sql: string): Promise<[unknown, unknown]>;
  end(): Promise<void>;
}
interface Mysql2PoolConnection {
  beginTransaction(): Promise<void>;
  commit(): Promise<void>;
  rollback(): Promise<void>;
  release(): void;
  query(sql: string, values?: unknown[]): Promise<[{ insertId: number } & { n?: number }[], unknown]>;
}

/** mysql2/promise with its defaults (local time zone, no big numbers): the module must not rely on the shop's settings. */
export const mysql2Layer: LayerFactory = {
  name: 'mysql2 (fromMysql2)',
  engines: ['MariaDB'],
  async open(db) {
    const mysql = requireHere('mysql2/promise') as { createPool(url: string): Mysql2Pool };
    const pool = mysql.createPool(db.url);
    return {
      async transaction(work) {
        const connection = await pool.getConnection();
        try {
          await connection.beginTransaction();
          await work({
            insertOrder: async (email) => (await connection.query('INSERT INTO orders (email, total_cents) VALUES (?, ?)', [email, 1999]))[0].insertId,
            trx: fromMysql2(connection),
          });
          await connection.commit();
        } catch (err) {
          await connection.rollback();
          throw err;
        } finally {
          connection.release();
        }
      },
      countOrders: async () => Number(((await pool.query('SELECT COUNT(*) AS n FROM orders'))[0] as { n: number }[])[0]?.n),
      close: () => pool.end(),
    };
  },
};

export interface BetterSqlite3Database {
  exec(sql: string): void;
  prepare(sql: string): { run(...values: unknown[]): { lastInsertRowid: number | bigint }; get(): unknown };
  close(): void;
  readonly inTransaction: boolean;
}

export const openBetterSqlite3 = (file: string) => {
  const Database = requireHere('better-sqlite3') as new (file: string) => BetterSqlite3Database;
  return new Database(file);
};

export const betterSqlite3Layer: LayerFactory = {
  name: 'better-sqlite3 (fromBetterSqlite3)',
  engines: ['SQLite'],
  async open(db) {
    const database = openBetterSqlite3(sqliteFile(db));
    return {
      async transaction(work) {
        database.exec('BEGIN IMMEDIATE');
        try {
          await work({
            insertOrder: async (email) => Number(database.prepare('INSERT INTO orders (email, total_cents) VALUES (?, ?)').run(email, 1999).lastInsertRowid),
            trx: fromBetterSqlite3(database),
          });
          database.exec('COMMIT');
        } catch (err) {
          database.exec('ROLLBACK');
          throw err;
        }
      },
      countOrders: async () => (database.prepare('SELECT COUNT(*) AS n FROM orders').get() as { n: number }).n,
      close: async () => database.close(),
    };
  },
};
