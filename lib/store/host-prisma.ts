/**
 * Prisma's interactive transaction. Prisma lends no driver connection: its driver adapters run
 * their own drivers (better-sqlite3, mariadb), and its `tx` runs SQL only through its raw
 * queries. So knex's own dialect compiles the module's statements as for any adapter, each goes
 * through the transaction's `$queryRawUnsafe` or `$executeRawUnsafe`, and the answer is handed
 * back to knex in the shape of the dialect's driver, read as the module's own connection reads it.
 * Prisma is not a dependency: only the two methods used here are named.
 */
import { asModuleReads, type HostAdapterOptions } from './host-raw.js';
import { hostTransaction, type HostDialect, type HostQuery, type PrivacyTransaction } from './host-transaction.js';

/** The parts of Prisma's transaction client (`tx`, or any client extended from it) the module uses. */
export interface PrismaRawClient {
  $queryRawUnsafe(query: string, ...values: unknown[]): PromiseLike<unknown>;
  $executeRawUnsafe(query: string, ...values: unknown[]): PromiseLike<number>;
}

/** What `fromPrisma()` takes besides the transaction. */
export interface PrismaAdapterOptions extends HostAdapterOptions {
  /**
   * The datasource's provider, as in the schema: `sqlite` (the better-sqlite3 driver adapter) or
   * `mysql` (the mariadb driver adapter). Read from the client when not given.
   */
  provider?: 'sqlite' | 'mysql';
}

const misuse = (message: string) => new TypeError(`express-shop-privacy: ${message}`);

/** The SQL dialect knex writes for each Prisma provider. */
const dialects = new Map<string, HostDialect>([
  ['sqlite', 'better-sqlite3'],
  ['mysql', 'mysql2'],
]);

/**
 * The `tx` of `prisma.$transaction(async (tx) => …)`, on SQLite or MySQL/MariaDB. Prisma reports
 * no commit to the transaction, so the module's e-mails leave at the mail worker's next poll, or
 * at once when `committed` is passed: the promise of `prisma.$transaction(…)` itself will do.
 */
export function fromPrisma(tx: PrismaRawClient, options: PrismaAdapterOptions = {}): PrivacyTransaction {
  const client = tx as Partial<PrismaRawClient> | null;
  if (typeof client?.$queryRawUnsafe !== 'function' || typeof client.$executeRawUnsafe !== 'function')
    throw misuse('fromPrisma() takes the tx of prisma.$transaction(async (tx) => …), inside it');
  // Prisma's transaction client has no $connect (nor $disconnect): the client itself would commit each statement on its own.
  if ('$connect' in client) throw misuse('fromPrisma() takes the tx of prisma.$transaction(async (tx) => …), not the client itself');
  // Every Prisma client carries its schema's provider; the option is for a client wrapped beyond recognition.
  const provider = options.provider ?? (tx as { _activeProvider?: unknown })._activeProvider;
  const dialect = dialects.get(String(provider));
  if (!dialect) throw misuse(`fromPrisma() supports the sqlite and mysql providers, not "${String(provider)}"; pass { provider } if the client hides it`);
  return hostTransaction({ dialect, run: dialect === 'mysql2' ? mysqlRunner(tx) : sqliteRunner(tx), committed: options.committed });
}

/** knex's builders that read rows; a raw statement reads rows when it starts as a query does, or returns rows. */
const readingMethods = new Set(['select', 'first', 'pluck', 'columnInfo']);
const readsRows = (query: HostQuery) =>
  readingMethods.has(String(query.method)) ||
  Boolean(query.returning) ||
  (!query.method || query.method === 'raw' ? /^\s*(select|with|pragma|values|show|describe|explain)\b|\breturning\b/i.test(query.sql) : false);
/** Where knex reads the new row's id: an insert, or a raw statement whose answer it hands on as it is. */
const wantsInsertId = (query: HostQuery) => query.method === 'insert' || !query.method || query.method === 'raw';

/** Prisma reads each value by its column's type (BigInt, boolean, Decimal, bytes, Date): what the drivers give the module's own connection instead. */
function asDriverValue(value: unknown, decimal: (text: string) => unknown): unknown {
  // BIGINT and SQLite's COUNT(*) come as BigInt: a number while exact, as mysql2 (supportBigNumbers) gives it, else text.
  if (typeof value === 'bigint') return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
  // Both drivers read BOOLEAN (TINYINT(1) on MySQL) as 0 or 1.
  if (typeof value === 'boolean') return Number(value);
  if (value instanceof Uint8Array) return Buffer.isBuffer(value) ? value : Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  // A time stays a Date, as mysql2 reads it in UTC; on SQLite the module reads a Date, milliseconds or text alike.
  if (value === null || typeof value !== 'object' || value instanceof Date) return value;
  // Prisma.Decimal: mysql2 reads DECIMAL as text, better-sqlite3 as a number.
  const { toFixed } = value as { toFixed?: unknown };
  return typeof toFixed === 'function' ? decimal(String(value)) : value;
}

function driverRows(rows: unknown, decimal: (text: string) => unknown): Record<string, unknown>[] {
  if (!Array.isArray(rows)) return [];
  return rows.map((row: Record<string, unknown>) => {
    const read: Record<string, unknown> = {};
    for (const [column, value] of Object.entries(row)) read[column] = asDriverValue(value, decimal);
    return read;
  });
}

/** A binding as the dialect's driver would send it (knex's better-sqlite3 client: times as milliseconds, booleans as 0 or 1). */
const sqliteBinding = (value: unknown) => (value instanceof Date ? value.valueOf() : typeof value === 'boolean' ? Number(value) : value);

/** better-sqlite3's answers: rows for a statement that reads, else `{ changes, lastInsertRowid }`. */
function sqliteRunner(tx: PrismaRawClient) {
  return async (query: HostQuery): Promise<HostQuery> => {
    const bindings = (query.bindings ?? []).map(sqliteBinding);
    if (readsRows(query)) return { ...query, response: driverRows(await tx.$queryRawUnsafe(query.sql, ...bindings), Number) };
    const changes = await tx.$executeRawUnsafe(query.sql, ...bindings);
    // SQLite has one connection per transaction: the id is the statement's just run, as better-sqlite3 reports it.
    const lastID = wantsInsertId(query) ? await lastInsertId(tx, 'SELECT last_insert_rowid() AS id') : undefined;
    return { ...query, response: { changes, lastInsertRowid: lastID }, context: { lastID, changes } };
  };
}

/** mysql2's answers: `[rows, fields]` for a statement that reads, else `[{ affectedRows, insertId }, undefined]`. */
function mysqlRunner(tx: PrismaRawClient) {
  return async (query: HostQuery): Promise<HostQuery> => {
    // Times go as UTC text, as on the module's own connection (timezone 'Z').
    const bindings = (asModuleReads(query).bindings ?? []).map((value) => (typeof value === 'boolean' ? Number(value) : value));
    if (readsRows(query)) return { ...query, response: [driverRows(await tx.$queryRawUnsafe(query.sql, ...bindings), String), undefined] };
    const affectedRows = await tx.$executeRawUnsafe(query.sql, ...bindings);
    // The transaction holds one connection, whose LAST_INSERT_ID() is this statement's (also with `id = last_insert_id(id)`).
    const insertId = wantsInsertId(query) ? await lastInsertId(tx, 'SELECT LAST_INSERT_ID() AS id') : 0;
    return { ...query, response: [{ affectedRows, insertId }, undefined] };
  };
}

async function lastInsertId(tx: PrismaRawClient, sql: string): Promise<number> {
  const [row] = driverRows(await tx.$queryRawUnsafe(sql), Number);
  return Number(row?.id);
}
