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
    `express-shop-privacy: unsupported database URL "${redact(url)}". ` +
      'Expected "sqlite:<path>" (embedded) or "mysql://user:password@host:3306/database".',
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
        conn.pragma(`busy_timeout = ${sqliteBusyMs}`);
        beginImmediate(conn);
        done(null, conn);
      },
    },
  });
}

interface SqliteConnection {
  pragma(sql: string): unknown;
  prepare(sql: string): unknown;
}

/** How long a transaction waits for another connection's write lock on the file. */
const sqliteBusyMs = 5000;

/**
 * Transactions take SQLite's write lock when they begin, not at their first write. A deferred
 * transaction that reads and then writes (the audit head, a request's status) fails at once
 * with SQLITE_BUSY when another connection (the CLI's purge beside the app) wrote in between;
 * one that begins IMMEDIATE waits its turn. It waits with timers, not in SQLite's busy handler,
 * which would stop the whole process (and any other connection in it) while it sleeps. knex
 * has no setting for this and begins every transaction with exactly "BEGIN;".
 */
function beginImmediate(conn: SqliteConnection): void {
  const prepare = conn.prepare.bind(conn);
  let begin: { run(): unknown } | undefined;
  conn.prepare = (sql: string) => {
    if (sql !== 'BEGIN;') return prepare(sql);
    begin ??= prepare('BEGIN IMMEDIATE;') as { run(): unknown };
    // What knex's better-sqlite3 client uses of a statement: `reader`, and a `run` it awaits.
    return { reader: false, run: () => beginWhenFree(conn, begin!) };
  };
}

async function beginWhenFree(conn: SqliteConnection, begin: { run(): unknown }): Promise<unknown> {
  const deadline = Date.now() + sqliteBusyMs;
  for (let pause = 1; ; pause = Math.min(pause * 2, 50)) {
    conn.pragma('busy_timeout = 0');
    try {
      return begin.run();
    } catch (err) {
      if ((err as { code?: string }).code !== 'SQLITE_BUSY' || Date.now() >= deadline) throw err;
    } finally {
      conn.pragma(`busy_timeout = ${sqliteBusyMs}`);
    }
    await new Promise((resolve) => setTimeout(resolve, pause));
  }
}

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
