import type { Knex } from 'knex';
import { driverRunner, hostTransaction, type HostQuery, type PrivacyTransaction } from './host-transaction.js';

/** What the adapters of a raw driver connection take besides it. */
export interface HostAdapterOptions {
  /**
   * Settles when the shop's transaction ends: fulfilled on commit, rejected on rollback. Only an
   * optimisation: with it the module's e-mails leave at once, without it at the mail worker's
   * next poll (`mailer.worker.pollSeconds`). Nothing is ever sent for a transaction rolled back.
   */
  committed?: PromiseLike<unknown>;
}

/** A knex transaction as it is: the module joins it directly. */
export function fromKnex(trx: Knex.Transaction): PrivacyTransaction {
  if ((trx as Partial<Knex.Transaction> | null)?.isTransaction !== true)
    throw new TypeError('express-shop-privacy: fromKnex() takes the transaction of knex.transaction(async (trx) => …), not the knex instance');
  return trx;
}

/** The parts of a mysql2 connection the module uses: the callback API's `query`. */
interface Mysql2Connection {
  query(options: object, values: unknown, callback: (...args: unknown[]) => void): unknown;
}

/**
 * A mysql2 connection, or pool connection, on which the shop ran BEGIN (`beginTransaction()`),
 * from the callback API or `mysql2/promise`. The shop commits or rolls back, and releases it.
 */
export function fromMysql2(connection: object, options: HostAdapterOptions = {}): PrivacyTransaction {
  return hostTransaction({ dialect: 'mysql2', run: driverRunner(mysql2Core(connection), asModuleReads), committed: options.committed });
}

/** mysql2/promise wraps the callback connection knex speaks to as `.connection`. */
export function mysql2Core(connection: object): Mysql2Connection {
  const wrapped = (connection as { connection?: unknown }).connection;
  const core = isMysql2(wrapped) && typeof (connection as { execute?: unknown }).execute === 'function' ? wrapped : connection;
  if (!isMysql2(core)) throw new TypeError('express-shop-privacy: expected a mysql2 connection (mysql2 or mysql2/promise), e.g. from pool.getConnection()');
  return core;
}

function isMysql2(value: unknown): value is Mysql2Connection {
  return typeof (value as { query?: unknown } | null)?.query === 'function' && typeof (value as { config?: unknown }).config === 'object';
}

/**
 * The module reads and writes times in UTC on its own connection (timezone 'Z'). The shop's
 * connection may be set otherwise (local time, an ORM's own type casts, named placeholders),
 * so each statement carries the module's settings, and times go as UTC text.
 */
export function asModuleReads(query: HostQuery): HostQuery {
  return {
    ...query,
    bindings: query.bindings?.map((value) => (value instanceof Date ? utcDatetime(value) : value)),
    options: {
      ...query.options,
      timezone: 'Z',
      dateStrings: false,
      supportBigNumbers: true,
      bigNumberStrings: false,
      namedPlaceholders: false,
      typeCast: (_field: unknown, next: () => unknown) => next(),
    },
  };
}

const utcDatetime = (date: Date) => date.toISOString().replace('T', ' ').replace('Z', '');

/** The parts of a better-sqlite3 Database the module uses. */
interface BetterSqlite3Database {
  prepare(sql: string): unknown;
  readonly inTransaction: boolean;
}

/**
 * A better-sqlite3 Database inside a transaction the shop began (`db.exec('BEGIN')`, or the
 * manual form of a synchronous `db.transaction()`, which cannot await the module). SQLite has
 * one connection: whatever else the process runs on it before COMMIT is in the same transaction.
 */
export function fromBetterSqlite3(database: object, options: HostAdapterOptions = {}): PrivacyTransaction {
  const db = database as Partial<BetterSqlite3Database>;
  if (typeof db.prepare !== 'function' || typeof db.inTransaction !== 'boolean')
    throw new TypeError('express-shop-privacy: fromBetterSqlite3() takes a better-sqlite3 Database');
  if (!db.inTransaction) throw new TypeError("express-shop-privacy: begin the shop's transaction first (db.exec('BEGIN')), so the module's rows join it");
  const inShopTransaction = (query: HostQuery): HostQuery => {
    // After the shop's COMMIT a statement would commit on its own: refuse it rather than split the transaction.
    if (!db.inTransaction) throw new Error("express-shop-privacy: the shop's SQLite transaction has already ended");
    // Numbers as the module's own connection reads them, even where the shop reads BigInts.
    return { ...query, options: { ...query.options, safeIntegers: false } };
  };
  return hostTransaction({ dialect: 'better-sqlite3', run: driverRunner(db, inShopTransaction), committed: options.committed });
}
