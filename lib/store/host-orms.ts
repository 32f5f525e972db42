/**
 * Adapters for the shop's ORM: each finds the driver connection the ORM's open transaction runs
 * on, and hands it to the raw adapters, so the module's SQL shares the transaction exactly. The
 * ORMs are not dependencies: only the shapes used here are named, and checked with a clear error.
 */
import { asModuleReads, fromBetterSqlite3, fromMysql2, mysql2Core, type HostAdapterOptions } from './host-raw.js';
import { hostTransaction, driverRunner, type PrivacyTransaction } from './host-transaction.js';

const misuse = (message: string) => new TypeError(`express-shop-privacy: ${message}`);

interface TypeOrmQueryRunner {
  isTransactionActive: boolean;
  connect(): Promise<unknown>;
}
interface TypeOrmDataSource {
  options: { type: string };
  subscribers: TypeOrmSubscriber[];
}
interface TypeOrmSubscriber {
  afterTransactionCommit?(event: { queryRunner: TypeOrmQueryRunner }): void;
  afterTransactionRollback?(event: { queryRunner: TypeOrmQueryRunner }): void;
}

/** Per query runner, what its outermost commit or rollback settles (a WeakMap: a finished runner leaves nothing behind). */
const typeOrmEnds = new WeakMap<TypeOrmQueryRunner, { resolve(): void; reject(err: Error): void }[]>();
const watchedSources = new WeakSet<TypeOrmDataSource>();

/** TypeORM tells a data source's subscribers of every commit and rollback; one subscriber, once, listens for the module. */
function typeOrmCommitted(dataSource: TypeOrmDataSource, runner: TypeOrmQueryRunner): Promise<void> {
  if (!watchedSources.has(dataSource)) {
    watchedSources.add(dataSource);
    const settle = (event: { queryRunner: TypeOrmQueryRunner }, outcome: (end: { resolve(): void; reject(err: Error): void }) => void) => {
      // A savepoint's release or rollback leaves the transaction open: only the outermost end counts.
      if (event.queryRunner.isTransactionActive) return;
      const ends = typeOrmEnds.get(event.queryRunner);
      typeOrmEnds.delete(event.queryRunner);
      ends?.forEach(outcome);
    };
    dataSource.subscribers.push({
      afterTransactionCommit: (event) => settle(event, (end) => end.resolve()),
      afterTransactionRollback: (event) => settle(event, (end) => end.reject(new Error('the transaction was rolled back'))),
    });
  }
  return new Promise((resolve, reject) => {
    const ends = typeOrmEnds.get(runner) ?? [];
    ends.push({ resolve, reject });
    typeOrmEnds.set(runner, ends);
  });
}

/**
 * The EntityManager of `dataSource.transaction(async (manager) => …)` (or of a QueryRunner the
 * shop started a transaction on), with the mysql2 (`mysql`, `mariadb`) or better-sqlite3 driver.
 * The module's e-mails leave as soon as TypeORM reports the commit.
 */
export function fromTypeORM(manager: object): PrivacyTransaction {
  const { queryRunner, dataSource } = manager as { queryRunner?: TypeOrmQueryRunner; dataSource?: TypeOrmDataSource };
  if (!queryRunner?.isTransactionActive || !dataSource)
    throw misuse('fromTypeORM() takes the manager of dataSource.transaction(async (manager) => …), inside it');
  const type = dataSource.options.type;
  const committed = typeOrmCommitted(dataSource, queryRunner);
  if (type === 'mysql' || type === 'mariadb')
    return hostTransaction({
      dialect: 'mysql2',
      // The runner holds its pool connection from the transaction's start to its end.
      run: async (query, driverQuery) => driverQuery(mysql2Core((await queryRunner.connect()) as object), asModuleReads(query)),
      committed,
    });
  if (type === 'better-sqlite3') return fromBetterSqlite3(sqliteOf(queryRunner), { committed });
  throw misuse(`fromTypeORM() supports the mysql, mariadb and better-sqlite3 drivers, not "${type}"`);
}

/** TypeORM's SQLite runner opens its one connection before the transaction begins; it is at hand synchronously. */
function sqliteOf(queryRunner: TypeOrmQueryRunner): object {
  const { driver } = queryRunner as { driver?: { databaseConnection?: object } };
  if (!driver?.databaseConnection) throw misuse("fromTypeORM() could not find the better-sqlite3 database of TypeORM's transaction");
  return driver.databaseConnection;
}

interface SequelizeTransaction {
  connection?: object;
  sequelize?: { getDialect(): string };
  afterCommit(fn: () => void): void;
}

/**
 * A Sequelize transaction (`sequelize.transaction(async (t) => …)`), dialect `mysql` (mysql2)
 * or `sqlite` (the sqlite3 package). Its afterCommit hook lets the module's e-mails leave at once.
 */
export function fromSequelize(transaction: object, sequelize?: { getDialect(): string }): PrivacyTransaction {
  const t = transaction as Partial<SequelizeTransaction>;
  if (typeof t.afterCommit !== 'function' || !t.connection)
    throw misuse('fromSequelize() takes the transaction of sequelize.transaction(async (t) => …), inside it');
  const dialect = (sequelize ?? t.sequelize)?.getDialect();
  const committed = new Promise<void>((resolve) => t.afterCommit?.(() => resolve()));
  if (dialect === 'mysql') return fromMysql2(t.connection, { committed });
  if (dialect === 'sqlite') return hostTransaction({ dialect: 'sqlite3', run: driverRunner(t.connection), committed });
  throw misuse(`fromSequelize() supports the mysql and sqlite dialects, not "${String(dialect)}"`);
}

/**
 * Drizzle: the `tx` of `db.transaction(async (tx) => …)` with the mysql2 driver. With
 * better-sqlite3 Drizzle's transactions are synchronous and cannot await the module: begin one
 * by hand on the database (`db.run(sql\`begin\`)`), pass `db`, and commit or roll back by hand.
 */
export function fromDrizzle(txOrDb: object, options: HostAdapterOptions = {}): PrivacyTransaction {
  const { $client, session } = txOrDb as { $client?: unknown; session?: { client?: unknown } };
  const sqlite = ($client ?? session?.client) as { inTransaction?: unknown } | undefined;
  if (typeof sqlite?.inTransaction === 'boolean') return fromBetterSqlite3(sqlite, options);
  if (session?.client && !$client) return fromMysql2(session.client, options);
  throw misuse(
    'fromDrizzle() takes the tx of db.transaction(async (tx) => …) (mysql2), or a better-sqlite3 drizzle database inside a transaction begun by hand',
  );
}
