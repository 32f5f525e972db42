/**
 * The banner's consent write against c15t's (issue 20; the figure to keep: ours ≥ 2.1× c15t's
 * one write at a time and ≥ 2.8× 16 at a time, every write stored), side by side in one run, on
 * SQLite and MariaDB. Each side serves from a child process of its own, over real HTTP on
 * loopback, on its own fresh database of the same engine:
 * - ours: the module mounted as the README tells a shop (createPrivacy with the xparts.lv preset,
 *   `privacy.middleware()` and `privacy.router()` on Express), and the banner's "accept all" as its
 *   script sends it: POST /privacy/cookies, form-encoded, `Accept: application/json`, with the
 *   CSRF cookie pair and token of the visitor's own page. Every write is a new visitor, from an
 *   address of its own (`X-Forwarded-For`, the shop trusting a loopback proxy), so each passes the
 *   banner's per-IP limit, whose counter it writes, as a stranger's would.
 * - c15t: `@c15t/backend` 2.x from the npm registry as its self-host docs mount it
 *   (`c15tInstance` with `kyselyAdapter`, the Fetch handler served by `@hono/node-server`), its
 *   tables made by its own migrator, and its banner's "accept all" as c15t's browser client sends
 *   it: POST /subjects with a new client-made subject id (`sub_<base58>`), type `cookie_banner`,
 *   the three categories granted and `consentAction: 'all'`. Its logger at `error`, so that the
 *   line it logs per request (and the deprecation warning for `cookie_banner`) is not counted.
 * SQLite: better-sqlite3 on both sides in WAL mode with foreign keys on (ours also secure_delete);
 * MariaDB: mysql2 pools of 10 on both sides; c15t's adapter in `relationMode: 'fumadb'` there, as its
 * migration's foreign keys cannot be made on MySQL or MariaDB (printed with the figures).
 *
 * Not timed: each visitor's page load before the write (our CSRF pair, c15t's `/init`), done for
 * the whole run before it starts. Rounds alternate the order of the sides; after each run the
 * rows are counted on both sides (ours: one ledger row per category and visitor; c15t: one
 * consent and one subject row per write), and a write not stored is reported.
 *
 *   npx tsx bench/consent-vs-c15t.ts [writes per run] [rounds]
 */
import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import Database from 'better-sqlite3';
import express from 'express';
import { Kysely, MysqlDialect, SqliteDialect, sql } from 'kysely';
import { createPool } from 'mysql2';
import { serve as serveHono } from '@hono/node-server';
import { c15tInstance } from '@c15t/backend';
import { kyselyAdapter } from '@c15t/backend/db/adapters/kysely';
import { migrator } from '@c15t/backend/db/migrator';
import { DB } from '@c15t/backend/db/schema';
import { createPrivacy } from '../index.js';
import { csrfOf } from '../test/support/shop.js';
import { xpartsShop } from '../test/support/shop-options.js';
import { scratchMysql, scratchSqlite, type Scratch } from './support.js';

const writesPerRun = Number(process.argv[2] ?? 500);
const rounds = Number(process.argv[3] ?? 3);
const warmUp = 100;
const concurrency = 16;
const script = new URL(import.meta.url).pathname;

type Side = 'ours' | 'c15t';
const sides: Side[] = ['ours', 'c15t'];
type Mode = 'sequential' | '16 at a time';
const modes: Mode[] = ['sequential', '16 at a time'];

/** What each side's server counts: the writes it has stored. */
interface Stored {
  /** Writes stored: our distinct visitors in the ledger; c15t's consent rows. */
  writes: number;
  /** Rows behind them: our ledger rows; c15t's subject rows. */
  rows: number;
  /** c15t's audit log rows, for the record. */
  audit?: number;
}

// ---------------------------------------------------------------- the servers (child processes)

async function listen(server: http.Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** The module as a shop mounts it, on its own database. */
async function serveOurs(url: string): Promise<{ url: string; stored(): Promise<Stored>; close(): Promise<void> }> {
  const privacy = createPrivacy({ secret: 'bench-only-secret-0123456789abcdefghijklmnop', db: url, ...xpartsShop });
  await privacy.migrate();
  const app = express();
  app.set('trust proxy', 'loopback');
  app.use(privacy.middleware());
  app.use('/privacy', privacy.router());
  const server = http.createServer(app);
  return {
    url: await listen(server),
    async stored() {
      const [row] = await privacy
        .db('privacy_consent_events')
        .where({ source: 'banner' })
        .select(privacy.db.raw('count(*) as n_rows'), privacy.db.raw('count(distinct visitor_id) as n_visitors'));
      const counts = row as { n_rows: number | string; n_visitors: number | string };
      return { writes: Number(counts.n_visitors), rows: Number(counts.n_rows) };
    },
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await privacy.close();
    },
  };
}

/** c15t's backend as its self-host docs mount it, on its own database of the same engine. */
async function serveC15t(url: string): Promise<{ url: string; stored(): Promise<Stored>; close(): Promise<void> }> {
  const sqlite = url.startsWith('sqlite:');
  const db = sqlite
    ? new Kysely<unknown>({
        dialect: new SqliteDialect({
          database: () => {
            const file = new Database(url.slice('sqlite:'.length));
            file.pragma('journal_mode = WAL');
            file.pragma('foreign_keys = ON');
            file.pragma('busy_timeout = 5000');
            return Promise.resolve(file);
          },
        }),
      })
    : new Kysely<unknown>({ dialect: new MysqlDialect({ pool: createPool({ uri: url, connectionLimit: 10 }) }) });
  // On MySQL and MariaDB its migration's foreign keys fail (a `text` column referencing a `varchar(255)` id: errno 150,
  // "Foreign key constraint is incorrectly formed"), so there it runs on FumaDB's own relation engine, the adapter's other mode.
  const adapter = kyselyAdapter({ db, provider: sqlite ? 'sqlite' : 'mysql', ...(sqlite ? {} : { relationMode: 'fumadb' as const }) });
  // What `npx @c15t/cli migrate` runs: the migrator over the adapter, to the latest schema.
  const migration = await migrator({ db: DB.client(adapter), schema: 'latest' });
  if ('execute' in migration) await migration.execute();
  const c15t = c15tInstance({ appName: 'xparts', trustedOrigins: ['xparts.lv'], adapter, logger: { level: 'error' } });
  const server = serveHono({ fetch: c15t.handler, hostname: '127.0.0.1', port: 0 }) as http.Server;
  await new Promise<void>((resolve) => (server.listening ? resolve() : server.once('listening', () => resolve())));
  const count = async (table: string) => Number((await sql<{ n: number | string }>`select count(*) as n from ${sql.table(table)}`.execute(db)).rows[0]?.n ?? 0);
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    stored: async () => ({ writes: await count('consent'), rows: await count('subject'), audit: await count('auditLog') }),
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await db.destroy();
    },
  };
}

async function serve(): Promise<void> {
  const side = process.env.BENCH_SIDE as Side;
  const served = await (side === 'ours' ? serveOurs : serveC15t)(process.env.BENCH_DB_URL ?? '');
  process.on('message', (message: { stored?: boolean; cpu?: boolean }) => {
    if (message.cpu) {
      const { user, system } = process.cpuUsage();
      process.send?.({ cpu: (user + system) / 1e3 });
    }
    if (message.stored) void served.stored().then((stored) => process.send?.({ stored }));
  });
  process.once('disconnect', () => void served.close().then(() => process.exit(0)));
  process.send?.({ url: served.url });
}

// ---------------------------------------------------------------- the visitors (this process)

const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });

function send(
  target: string,
  method: string,
  headers: Record<string, string>,
  body?: string,
): Promise<{ status: number; headers: http.IncomingHttpHeaders; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      target,
      { method, headers: body === undefined ? headers : { ...headers, 'content-length': String(Buffer.byteLength(body)) }, agent },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString() }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** A visitor's own address, from the range set aside for benchmarks (198.18.0.0/15): new for every write. */
let visitors = 0;
const nextAddress = () => {
  const n = ++visitors;
  return `198.${18 + (n >> 16)}.${(n >> 8) & 255}.${n & 255}`;
};

const base58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
/** A subject id as c15t's browser client makes one: `sub_` and 20 bytes in base58. */
function subjectId(): string {
  let n = BigInt(`0x${randomBytes(20).toString('hex')}`);
  let id = '';
  while (n > 0n) {
    id = (base58[Number(n % 58n)] ?? '') + id;
    n /= 58n;
  }
  return `sub_${id}`;
}

/** One visitor's write, ready to send: the page load before it is done already. */
type Write = () => Promise<number>;

/** Our visitors: each loads the preference centre (its CSRF pair and token), then posts "accept all" as the banner's script does. */
async function ourWrites(url: string, count: number): Promise<Write[]> {
  const writes: Write[] = [];
  for (let i = 0; i < count; i++) {
    const address = nextAddress();
    const page = await send(`${url}/privacy/cookies`, 'GET', { 'x-forwarded-for': address });
    const cookie = ((page.headers['set-cookie'] ?? []) as string[]).map((c) => c.split(';')[0]).join('; ');
    const body = new URLSearchParams({ _csrf: csrfOf(page.text, '/privacy/cookies'), choice: 'accept', return_to: '/' }).toString();
    const headers = { accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded', cookie, 'x-forwarded-for': address };
    writes.push(async () => (await send(`${url}/privacy/cookies`, 'POST', headers, body)).status);
  }
  return writes;
}

/** c15t's visitors: each a new subject id, posting "accept all" as c15t's client does after its banner. */
function c15tWrites(url: string, count: number): Write[] {
  return Array.from({ length: count }, () => {
    const headers = { accept: 'application/json', 'content-type': 'application/json', 'x-forwarded-for': nextAddress(), 'accept-language': 'lv' };
    const body = JSON.stringify({
      type: 'cookie_banner',
      subjectId: subjectId(),
      domain: 'xparts.lv',
      preferences: { necessary: true, measurement: true, marketing: true },
      givenAt: Date.now(),
      jurisdiction: 'GDPR',
      jurisdictionModel: 'opt-in',
      uiSource: 'banner',
      consentAction: 'all',
    });
    return async () => (await send(`${url}/subjects`, 'POST', headers, body)).status;
  });
}

/** Runs the writes `parallel` at a time; writes per second, and the answers that were not 200. */
async function run(writes: Write[], parallel: number): Promise<{ rate: number; failed: Record<number, number> }> {
  const failed: Record<number, number> = {};
  let next = 0;
  const began = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (next < writes.length) {
        const status = await (writes[next++] as Write)();
        if (status !== 200) failed[status] = (failed[status] ?? 0) + 1;
      }
    }),
  );
  return { rate: writes.length / (Number(process.hrtime.bigint() - began) / 1e9), failed };
}

interface Server {
  url: string;
  process: ChildProcess;
  stored(): Promise<Stored>;
  /** The server process's CPU time so far, in ms. */
  cpu(): Promise<number>;
}

async function start(side: Side, scratch: Scratch): Promise<Server> {
  const child = fork(script, [], { env: { ...process.env, BENCH_ROLE: 'server', BENCH_SIDE: side, BENCH_DB_URL: scratch.url }, execArgv: ['--import', 'tsx'] });
  const answer = <T>(key: string) =>
    new Promise<T>((resolve, reject) => {
      const stopped = (code: number | null) => reject(new Error(`the ${side} server stopped (${code})`));
      const listener = (message: Record<string, unknown>) => {
        if (!(key in message)) return;
        child.off('message', listener);
        child.off('exit', stopped);
        resolve(message[key] as T);
      };
      child.on('message', listener);
      child.once('exit', stopped);
    });
  const url = await answer<string>('url');
  return {
    url,
    process: child,
    stored() {
      const stored = answer<Stored>('stored');
      child.send({ stored: true });
      return stored;
    },
    cpu() {
      const cpu = answer<number>('cpu');
      child.send({ cpu: true });
      return cpu;
    },
  };
}

async function stop(server: Server): Promise<void> {
  const exited = new Promise((resolve) => server.process.once('exit', resolve));
  server.process.disconnect();
  await exited;
}

interface Measured {
  rates: Record<Side, Record<Mode, number[]>>;
  /** The server's CPU time per write, in ms: what the machine's load disturbs least. */
  cpu: Record<Side, Record<Mode, number[]>>;
  problems: string[];
}

async function measure(engine: string, ours: Scratch, theirs: Scratch): Promise<Measured> {
  const servers: Record<Side, Server> = { ours: await start('ours', ours), c15t: await start('c15t', theirs) };
  const writes = (side: Side, count: number) => (side === 'ours' ? ourWrites(servers.ours.url, count) : Promise.resolve(c15tWrites(servers.c15t.url, count)));
  const expected: Record<Side, number> = { ours: 0, c15t: 0 };
  const perMode = (): Record<Side, Record<Mode, number[]>> => ({ ours: { sequential: [], '16 at a time': [] }, c15t: { sequential: [], '16 at a time': [] } });
  const result: Measured = { rates: perMode(), cpu: perMode(), problems: [] };
  /** After each run: every write answered 200 and stored, ours as two ledger rows (analytics and marketing), c15t's as a consent and a subject. */
  const verify = async (side: Side, label: string, failed: Record<number, number>) => {
    const stored = await servers[side].stored();
    const rowsPerWrite = side === 'ours' ? 2 : 1;
    if (Object.keys(failed).length > 0) result.problems.push(`${engine} ${side} ${label}: answers not 200: ${JSON.stringify(failed)}`);
    if (stored.writes !== expected[side] || stored.rows !== expected[side] * rowsPerWrite)
      result.problems.push(
        `${engine} ${side} ${label}: ${stored.writes} writes and ${stored.rows} rows stored, ${expected[side]} and ${expected[side] * rowsPerWrite} expected`,
      );
    return stored;
  };
  try {
    for (const side of sides) {
      for (const mode of modes) {
        const { failed } = await run(await writes(side, warmUp), mode === 'sequential' ? 1 : concurrency);
        expected[side] += warmUp;
        await verify(side, `warm-up ${mode}`, failed);
      }
    }
    for (let round = 1; round <= rounds; round++) {
      for (const mode of modes) {
        // Each round the other side first, so that drift over the run falls on both.
        for (const side of round % 2 === 1 ? sides : [...sides].reverse()) {
          const ready = await writes(side, writesPerRun);
          const cpuBefore = await servers[side].cpu();
          const { rate, failed } = await run(ready, mode === 'sequential' ? 1 : concurrency);
          const cpuPerWrite = ((await servers[side].cpu()) - cpuBefore) / writesPerRun;
          result.cpu[side][mode].push(cpuPerWrite);
          expected[side] += writesPerRun;
          const stored = await verify(side, `round ${round} ${mode}`, failed);
          result.rates[side][mode].push(rate);
          console.log(
            `  ${engine} round ${round} ${mode.padEnd(12)} ${side.padEnd(4)} ${rate.toFixed(0).padStart(5)} writes/s, server CPU ${cpuPerWrite.toFixed(2)} ms a write   (stored so far: ${stored.writes} writes, ${stored.rows} rows${stored.audit === undefined ? '' : `, ${stored.audit} audit log rows`})`,
          );
        }
      }
    }
    return result;
  } finally {
    await stop(servers.ours);
    await stop(servers.c15t);
  }
}

const median = (values: number[]) => [...values].sort((x, y) => x - y)[Math.floor(values.length / 2)] ?? Number.NaN;

function report(engine: string, m: Measured): void {
  console.log(`\n${engine}`);
  for (const mode of modes) {
    const ours = median(m.rates.ours[mode]);
    const theirs = median(m.rates.c15t[mode]);
    const goal = mode === 'sequential' ? 2.1 : 2.8;
    const ourCpu = median(m.cpu.ours[mode]);
    const theirCpu = median(m.cpu.c15t[mode]);
    console.log(
      `  ${mode.padEnd(12)}  ours ${ours.toFixed(0).padStart(5)} writes/s   c15t ${theirs.toFixed(0).padStart(5)} writes/s   ours/c15t ${(ours / theirs).toFixed(2)}×   (goal ≥ ${goal}: ${ours / theirs >= goal ? 'met' : 'missed'})`,
    );
    console.log(
      `  ${''.padEnd(12)}  server CPU a write: ours ${ourCpu.toFixed(2)} ms, c15t ${theirCpu.toFixed(2)} ms, c15t/ours ${(theirCpu / ourCpu).toFixed(2)}×`,
    );
  }
  console.log(m.problems.length === 0 ? `  every write answered 200 and stored on both sides` : `  NOT every write stored:\n    ${m.problems.join('\n    ')}`);
}

async function main(): Promise<void> {
  console.log(
    `The banner's "accept all", each write a new visitor: ${writesPerRun} writes one at a time, then ${writesPerRun} ${concurrency} at a time, per side and round; ` +
      `${rounds} rounds alternating the sides' order after ${warmUp} warm-up writes each; medians of the rounds. ` +
      `Ours: POST /privacy/cookies on Express; c15t: @c15t/backend POST /subjects on @hono/node-server.`,
  );
  const load = () => `load average ${os.loadavg()[0]?.toFixed(1)} on ${os.cpus().length} cores`;
  console.log(`At the start: ${load()}.`);
  process.once('beforeExit', () => console.log(`\nAt the end: ${load()}.`));
  const sqliteOurs = scratchSqlite();
  const sqliteTheirs = scratchSqlite();
  try {
    report('SQLite', await measure('SQLite', sqliteOurs, sqliteTheirs));
  } finally {
    await sqliteOurs.drop();
    await sqliteTheirs.drop();
  }
  const mysqlOurs = await scratchMysql();
  const mysqlTheirs = mysqlOurs && (await scratchMysql());
  if (!mysqlOurs || !mysqlTheirs) return;
  console.log(
    `\nMariaDB: c15t's kysely adapter in relationMode 'fumadb' (FumaDB's own relation checks): in its default mode its migration fails here, ` +
      `its foreign keys joining \`text\` columns to \`varchar(255)\` ids (errno 150, "Foreign key constraint is incorrectly formed").`,
  );
  try {
    report('MariaDB', await measure('MariaDB', mysqlOurs, mysqlTheirs));
  } finally {
    await mysqlOurs.drop();
    await mysqlTheirs.drop();
  }
  agent.destroy();
}

await (process.env.BENCH_ROLE === 'server' ? serve() : main());
