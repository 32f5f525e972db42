import { fromDrizzle, fromSequelize, fromTypeORM } from '../../index.js';
import { openBetterSqlite3, requireHere, sqliteFile, type LayerFactory } from './adapter-layers.js';
import type { TestDatabase } from './databases.js';

/** The ORMs a shop may run on, each through its own transaction helper, as their docs show it. */

interface TypeOrmManager {
  query(sql: string, values?: unknown[]): Promise<unknown>;
}
interface TypeOrmDataSource {
  initialize(): Promise<unknown>;
  destroy(): Promise<void>;
  transaction(work: (manager: TypeOrmManager) => Promise<void>): Promise<void>;
  query(sql: string): Promise<{ n: number | string }[]>;
}

const typeOrmOptions = (db: TestDatabase) =>
  db.engine === 'SQLite' ? { type: 'better-sqlite3', database: sqliteFile(db) } : { type: 'mysql', url: db.url, charset: 'utf8mb4_unicode_ci' };

export const typeOrmLayer: LayerFactory = {
  name: 'TypeORM (fromTypeORM)',
  engines: ['SQLite', 'MariaDB'],
  async open(db) {
    const { DataSource } = requireHere('typeorm') as { DataSource: new (options: object) => TypeOrmDataSource };
    const source = new DataSource(typeOrmOptions(db));
    await source.initialize();
    return {
      transaction: (work) =>
        source.transaction(async (manager) => {
          await work({
            insertOrder: async (email) => {
              await manager.query('INSERT INTO orders (email, total_cents) VALUES (?, ?)', [email, 1999]);
              const [row] = (await manager.query(db.engine === 'SQLite' ? 'SELECT last_insert_rowid() AS id' : 'SELECT LAST_INSERT_ID() AS id')) as {
                id: number;
              }[];
              return Number(row?.id);
            },
            trx: fromTypeORM(manager),
          });
        }),
      countOrders: async () => Number((await source.query('SELECT COUNT(*) AS n FROM orders'))[0]?.n),
      close: () => source.destroy(),
    };
  },
};

interface SequelizeInstance {
  transaction(work: (t: object) => Promise<void>): Promise<void>;
  query(sql: string, options?: object): Promise<[unknown, unknown]>;
  close(): Promise<void>;
}

export const sequelizeLayer: LayerFactory = {
  name: 'Sequelize (fromSequelize)',
  engines: ['SQLite', 'MariaDB'],
  async open(db) {
    const { Sequelize } = requireHere('sequelize') as { Sequelize: new (...args: [string, object] | [object]) => SequelizeInstance };
    const sequelize =
      db.engine === 'SQLite'
        ? new Sequelize({ dialect: 'sqlite', storage: sqliteFile(db), logging: false })
        : new Sequelize(db.url, { dialect: 'mysql', logging: false });
    return {
      transaction: (work) =>
        sequelize.transaction(async (t) => {
          await work({
            insertOrder: async (email) => {
              const [, meta] = await sequelize.query('INSERT INTO orders (email, total_cents) VALUES (?, ?)', { replacements: [email, 1999], transaction: t });
              return Number((meta as { lastID?: number } | number | undefined) && typeof meta === 'object' ? (meta as { lastID: number }).lastID : meta);
            },
            trx: fromSequelize(t),
          });
        }),
      countOrders: async () => Number(((await sequelize.query('SELECT COUNT(*) AS n FROM orders'))[0] as { n: number }[])[0]?.n),
      close: () => sequelize.close(),
    };
  },
};

interface DrizzleMysql {
  transaction(work: (tx: { execute(query: unknown): Promise<unknown> }) => Promise<void>): Promise<void>;
  execute(query: unknown): Promise<[{ n: number }[], unknown]>;
  $client: { end(): Promise<void> };
}

export const drizzleLayer: LayerFactory = {
  name: 'Drizzle (fromDrizzle)',
  engines: ['SQLite', 'MariaDB'],
  async open(db) {
    const { sql } = requireHere('drizzle-orm') as { sql: (strings: TemplateStringsArray, ...values: unknown[]) => unknown };
    if (db.engine === 'SQLite') {
      // better-sqlite3's transactions are synchronous: an async one is begun and ended by hand, as fromDrizzle's docs say.
      const { drizzle } = requireHere('drizzle-orm/better-sqlite3') as { drizzle: (client: unknown) => { run(query: unknown): { lastInsertRowid: number } } };
      const client = openBetterSqlite3(sqliteFile(db));
      const orm = drizzle(client);
      return {
        async transaction(work) {
          orm.run(sql`BEGIN IMMEDIATE`);
          try {
            await work({
              insertOrder: async (email) => Number(orm.run(sql`INSERT INTO orders (email, total_cents) VALUES (${email}, 1999)`).lastInsertRowid),
              trx: fromDrizzle(orm),
            });
            orm.run(sql`COMMIT`);
          } catch (err) {
            orm.run(sql`ROLLBACK`);
            throw err;
          }
        },
        countOrders: async () => (client.prepare('SELECT COUNT(*) AS n FROM orders').get() as { n: number }).n,
        close: async () => client.close(),
      };
    }
    const { drizzle } = requireHere('drizzle-orm/mysql2') as { drizzle: (url: string) => DrizzleMysql };
    const orm = drizzle(db.url);
    return {
      transaction: (work) =>
        orm.transaction(async (tx) => {
          await work({
            insertOrder: async (email) =>
              ((await tx.execute(sql`INSERT INTO orders (email, total_cents) VALUES (${email}, 1999)`)) as [{ insertId: number }])[0].insertId,
            trx: fromDrizzle(tx),
          });
        }),
      countOrders: async () => Number((await orm.execute(sql`SELECT COUNT(*) AS n FROM orders`))[0][0]?.n),
      close: () => orm.$client.end(),
    };
  },
};
