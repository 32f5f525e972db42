import knexModule, { type Knex } from 'knex';

/**
 * A transaction the module's SQL runs in: a knex transaction, or the shop's own transaction of
 * another data layer joined by an adapter (`fromTypeORM(manager)`, `fromMysql2(connection)`…).
 * Pass it as `{ trx }` to the hooks: the module's rows then commit or roll back with the shop's.
 */
export type PrivacyTransaction = Knex.Transaction;

/** The drivers whose SQL dialect knex speaks for the module: what `client.config.client` reports. */
export type HostDialect = 'mysql2' | 'better-sqlite3' | 'sqlite3';

/** One statement as knex hands it to a driver, and gets it back with the driver's answer. */
export interface HostQuery {
  sql: string;
  bindings?: unknown[];
  options?: Record<string, unknown>;
  method?: string;
  returning?: unknown;
  response?: unknown;
  context?: unknown;
}

/** What knex's own dialect client does with a driver connection, and what the host's client changes. */
interface DialectClient extends Knex.Client {
  transacting: boolean;
  _query(connection: unknown, query: HostQuery): Promise<HostQuery>;
  _stream(connection: unknown, query: HostQuery, stream: unknown, options: unknown): Promise<unknown>;
}
type DialectClass = new (config: Knex.Config) => DialectClient;

/** knex's own dialect client running one statement on a driver connection, and reading its answer. */
export type DriverQuery = (raw: unknown, query: HostQuery) => Promise<HostQuery>;

/** Runs one statement in the shop's transaction: on the driver's connection (`driverQuery`), or through the ORM's query function. */
export type HostRunner = (query: HostQuery, driverQuery: DriverQuery) => Promise<HostQuery>;

export interface HostTransactionOptions {
  dialect: HostDialect;
  run: HostRunner;
  /**
   * Settles when the shop's transaction ends: fulfilled on commit, rejected on rollback. It only
   * hurries the module's mail worker (after-commit is never needed for correctness); without it
   * the worker sends what the transaction queued at its next poll.
   */
  committed?: PromiseLike<unknown> | undefined;
}

const dialectClasses = new Map<HostDialect, DialectClass>();

/** knex's own client class for a dialect; a knex given no connection opens nothing, it only lends the class. */
function dialectClass(dialect: HostDialect): DialectClass {
  let found = dialectClasses.get(dialect);
  if (!found) {
    found = knexModule({ client: dialect, useNullAsDefault: true }).client.constructor as DialectClass;
    dialectClasses.set(dialect, found);
  }
  return found;
}

/**
 * A knex transaction whose statements go to the shop's open transaction. knex's own dialect
 * client compiles them and reads the answers, so insert ids, affected rows and RETURNING rows
 * are what the module gets from its own connection. The shop owns the transaction: no BEGIN,
 * COMMIT or ROLLBACK is ever sent, and the connection is never released nor closed; a nested
 * `trx.transaction()` is a SAVEPOINT inside it, as in any knex transaction.
 */
export function hostTransaction({ dialect, run, committed }: HostTransactionOptions): PrivacyTransaction {
  const Base = dialectClass(dialect);
  // knex passes a connection to each query; this token is ours, so nothing is ever set on the shop's object.
  const connection = { hostTransaction: dialect };
  class HostClient extends Base {
    override acquireConnection() {
      return Promise.resolve(connection);
    }
    override releaseConnection() {
      return Promise.resolve();
    }
    override _query(_connection: unknown, query: HostQuery) {
      return run(query, (raw, adjusted) => Base.prototype._query.call(this, raw, adjusted));
    }
    override _stream() {
      return Promise.reject(new Error("express-shop-privacy: streaming a query is not supported in the shop's own transaction"));
    }
  }
  const knex = knexModule({ client: HostClient as unknown as typeof Knex.Client, useNullAsDefault: true });
  const client = knex.client as DialectClient;
  // The module picks SQL by this name (lib/store/database.ts isMysql), as for its own connection.
  client.config = { ...client.config, client: dialect };
  // Already in a transaction: knex opens a nested one with SAVEPOINT, never BEGIN.
  client.transacting = true;
  const executionPromise = new Promise<void>((resolve, reject) => {
    committed?.then(
      () => resolve(),
      (err: unknown) => reject(err instanceof Error ? err : new Error('the transaction was rolled back')),
    );
  });
  executionPromise.catch(() => undefined);
  const refuse = () => Promise.reject(new Error("express-shop-privacy: the shop's own data layer commits or rolls back this transaction, not the module"));
  return Object.assign(knex, {
    isTransaction: true,
    executionPromise,
    userParams: {},
    commit: refuse,
    rollback: refuse,
    savepoint: knex.transaction.bind(knex),
    isCompleted: () => false,
  }) as unknown as PrivacyTransaction;
}

/** A driver connection of the dialect: knex's own client runs each statement on it. */
export function driverRunner(raw: unknown, adjust: (query: HostQuery) => HostQuery = (query) => query): HostRunner {
  return async (query, driverQuery) => driverQuery(raw, adjust(query));
}
