import { performance } from 'node:perf_hooks';
import fs from 'node:fs';
import path from 'node:path';
import knexModule, { type Knex } from 'knex';

/**
 * Opens a knex connection from a DATABASE_URL style string:
 *   sqlite:<path>            embedded database file (better-sqlite3); `sqlite::memory:` for tests
 *   mysql://user:pass@host:port/db   MySQL or MariaDB through mysql2 (`mariadb://` works too)
 * The caller owns the returned instance and must `destroy()` it.
 */
export function connectDatabase(url: string): Knex {
  if (url.startsWith('sqlite:')) return connectSqlite(url.slice('sqlite:'.length));
  if (/^(mysql|mariadb):\/\//.test(url)) return connectMysql(url);
  throw new Error(
    `express-shop-privacy: unsupported database URL "${redact(url)}". ` + 'Expected "sqlite:<path>" (embedded) or "mysql://user:password@host:3306/database".',
  );
}

function connectSqlite(filename: string): Knex {
  if (filename === '') throw new Error('express-shop-privacy: "sqlite:" needs a file path, e.g. "sqlite:data/shop.sqlite".');
  if (filename !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(filename)), { recursive: true });
  return knexModule({
    client: 'better-sqlite3',
    connection: { filename },
    useNullAsDefault: true,
    pool: {
      // One writer at a time is SQLite's model; WAL lets readers go on while it writes.
      afterCreate(conn: SqliteConnection, done: (err: Error | null, conn: unknown) => void) {
        conn.pragma('journal_mode = WAL');
        conn.pragma('foreign_keys = ON');
        // Erased and anonymised values are overwritten in the file, not left in its free pages.
        conn.pragma('secure_delete = ON');
        waitOnTimers(conn);
        done(null, conn);
      },
    },
  });
}

interface SqliteConnection {
  pragma(sql: string): unknown;
  prepare(sql: string): unknown;
}

/** What knex's better-sqlite3 client uses of a statement: `reader`, `safeIntegers`, and `run` and `all`, which it awaits. */
interface SqliteStatement {
  reader: boolean;
  safeIntegers(on?: boolean): unknown;
  run(...bindings: unknown[]): unknown;
  all(...bindings: unknown[]): unknown;
}

/** How long a statement waits for another connection's write lock on the file. */
const sqliteBusyMs = 5000;

/**
 * Waiting for the file, as a good neighbour. SQLite's own busy handler sleeps in the calling
 * thread: the whole process stops, and a second connection in the same process that holds the
 * lock across an await can never let it go (a five-second deadlock, then SQLITE_BUSY). So the
 * busy handler is off, and a statement refused with SQLITE_BUSY is tried again on timers — safe,
 * as a refused statement changed nothing, and a refused COMMIT stays pending until it succeeds.
 * Transactions begin IMMEDIATE, taking the write lock up front: a deferred one that reads and
 * then writes fails for good (SQLITE_BUSY_SNAPSHOT) when another connection wrote in between.
 * knex has no setting for either and begins every transaction with exactly "BEGIN;".
 */
function waitOnTimers(conn: SqliteConnection): void {
  conn.pragma('busy_timeout = 0');
  const prepare = conn.prepare.bind(conn) as (sql: string) => SqliteStatement;
  let begin: SqliteStatement | undefined;
  conn.prepare = (sql: string): SqliteStatement => {
    const statement = sql === 'BEGIN;' ? (begin ??= prepare('BEGIN IMMEDIATE;')) : prepare(sql);
    return {
      reader: statement.reader,
      safeIntegers(on?: boolean) {
        statement.safeIntegers(on);
        return this;
      },
      run: (...bindings) => patiently(() => statement.run(...bindings)),
      all: (...bindings) => patiently(() => statement.all(...bindings)),
    };
  };
}

function patiently<T>(work: () => T): T | Promise<T> {
  try {
    return work();
  } catch (err) {
    if (!isBusy(err)) throw err;
  }
  return retryOnTimers(work);
}

async function retryOnTimers<T>(work: () => T): Promise<T> {
  const deadline = performance.now() + sqliteBusyMs;
  for (let pause = 1; ; pause = Math.min(pause * 2, 50)) {
    await new Promise((resolve) => setTimeout(resolve, pause));
    try {
      return work();
    } catch (err) {
      if (!isBusy(err) || performance.now() >= deadline) throw err;
    }
  }
}

const isBusy = (err: unknown) => (err as { code?: string } | null)?.code === 'SQLITE_BUSY';

function connectMysql(url: string): Knex {
  const parsed = new URL(url);
  const database = decodeURIComponent(parsed.pathname.replace(/^\//, ''));
  if (!database) throw new Error(`express-shop-privacy: the MySQL URL "${redact(url)}" names no database, e.g. "mysql://root@127.0.0.1:3306/shop".`);
  return knexModule({
    client: 'mysql2',
    connection: {
      host: parsed.hostname,
      port: parsed.port ? Number(parsed.port) : 3306,
      user: decodeURIComponent(parsed.username),
      password: decodeURIComponent(parsed.password),
      database,
      // utf8mb4 so every Latvian letter (and any e-mail's IDN) round-trips; UTC so both engines agree on times.
      charset: 'utf8mb4',
      timezone: 'Z',
      supportBigNumbers: true,
    },
    pool: { min: 0, max: 10 },
  });
}

/** The URL without its password, safe for error messages and logs. */
export function redact(url: string): string {
  return url.replace(/(\/\/[^:/@]+:)[^@]*@/, '$1***@');
}

/** True when the knex instance talks to MySQL or MariaDB. */
export function isMysql(knex: Knex): boolean {
  const client = String(knex.client.config.client);
  return client === 'mysql' || client === 'mysql2';
}
