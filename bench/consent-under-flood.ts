/**
 * A logged-in shopper's consent change under an anonymous flood, against the same change without
 * it (issue 18; goal: ≤ 1.5× for the median and the p95), on SQLite and MariaDB. The example
 * shop runs in a child process; the shopper (here), a customer whose address is proven, changes
 * a consent on the privacy account page again and again, one change at a time, grant and
 * withdraw in turn, and each POST /privacy/account/consents is timed. The flood runs in a third
 * process (autocannon), 8 clients for 10 s: 4 send cookieless `GET /` with `Sec-GPC: 1`, 4 post
 * the banner's answer reusing one CSRF token and cookie pair. The shop trusts a loopback proxy
 * (`trust proxy`), so each flood client sends an `X-Forwarded-For` address of its own (new ones
 * each round): a distributed flood, 8 machines, as the per-IP limits see it. The yardstick: the
 * same 8 clients flooding the same two pages without asking for a write, which tells what any
 * flood costs on this machine from what the anonymous writes add. Each round runs the shopper
 * alone, then under each flood; 3 rounds, medians across rounds are compared.
 *
 * Also printed, for each window: the rows the flood added (audit trail, consent ledger,
 * rate-limit counters, subjects, the shop's sessions), and where the shop's time went: the
 * machine's and the shop process's CPU, event-loop delay, waits for a database connection, the
 * statements by table, MariaDB's row-lock waits, and the shopper's POST inside the shop (waiting
 * for a connection, in statements, the rest). BENCH_PROFILE=<folder> also writes a CPU profile
 * of the shop for each window.
 *
 *   npx tsx bench/consent-under-flood.ts [flood seconds] [baseline changes]     (`npm run bench:flood`)
 */
import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import inspector from 'node:inspector';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { AsyncLocalStorage } from 'node:async_hooks';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import autocannon from 'autocannon';
import type { Knex } from 'knex';
import { createShop } from '../examples/storefront/app.js';
import { formOf } from '../test/support/shop.js';
import { awaitMail, pathOfLink } from '../test/support/outbox.js';
import { scratchMysql, scratchSqlite, type Scratch } from './support.js';

const floodSeconds = Number(process.argv[2] ?? 10);
const baselineChanges = Number(process.argv[3] ?? 200);
const rounds = 3;
const floodClients = 8;
const script = new URL(import.meta.url).pathname;

/** Rows the flood may add: what the server counts before and after each run. */
interface Counts {
  audit: number;
  auditShopper: number;
  ledger: number;
  ledgerShopper: number;
  rateLimits: number;
  subjects: number;
  sessions: number;
}

/** The server process over a window: CPU used (1 = one core busy), event-loop delay, and the mean wait for a database connection. */
interface ServerStats {
  wallMs: number;
  cpu: number;
  /** The machine's CPU over the window, 1 = every core busy (the shopper, the shop, the flood, MariaDB and whatever else runs). */
  machine?: number;
  loopP50: number;
  loopP99: number;
  acquires: number;
  poolWaitMs: number;
  /** MariaDB only: row-lock waits in the window and the time spent in them, server-wide. */
  rowLockWaits?: number;
  rowLockMs?: number;
  /** Statements run in the window, by kind: how many, and their time in all. */
  statements: Partial<Record<StatementKind, { count: number; ms: number; maxMs: number }>>;
  /** Medians of the shopper's POSTs inside the server. */
  shopper: Omit<Probe, 'began'>;
}

interface Probe {
  began: bigint;
  totalMs: number;
  poolMs: number;
  dbMs: number;
  queries: number;
}

type StatementKind = 'rate-limit counter' | 'ledger' | 'audit' | 'session' | 'transaction' | 'other';
const statementKinds: StatementKind[] = ['rate-limit counter', 'ledger', 'audit', 'session', 'transaction', 'other'];
const statementKind = (sql: string): StatementKind =>
  /rate_limits/.test(sql)
    ? 'rate-limit counter'
    : /consent_events|privacy_consents\b/.test(sql)
      ? 'ledger'
      : /privacy_audit/.test(sql)
        ? 'audit'
        : /shop_sessions/.test(sql)
          ? 'session'
          : /^\s*(begin|commit|rollback|savepoint|release)/i.test(sql)
            ? 'transaction'
            : 'other';

const loopResolutionMs = 5;
const sinceMs = (began: bigint) => Number(process.hrtime.bigint() - began) / 1e6;

interface Stats {
  counts: Counts;
  server: ServerStats;
}

type FloodKind = 'anonymous writes' | 'reads only';
const floodKinds: FloodKind[] = ['anonymous writes', 'reads only'];
/** After the flood, for the requests the shop had already received to be answered before its rows are counted. */
const settleMs = 500;

interface FloodResult {
  pages: { requests: number; statusCodes: Record<string, number>; errors: number };
  posts: { requests: number; statusCodes: Record<string, number>; errors: number };
}

// ---------------------------------------------------------------- the shop (child process)

async function serve(): Promise<void> {
  const databaseUrl = process.env.BENCH_DB_URL ?? '';
  const outboxDir = process.env.BENCH_OUTBOX ?? '';
  const shop = await createShop({ databaseUrl, outboxDir, devOutbox: false });
  // The shopper's own POSTs, timed inside the server: from the request's arrival to its answer, the part spent
  // waiting for a database connection (the only one, on SQLite), and the part spent in the database's statements.
  const probing = new AsyncLocalStorage<Probe>();
  let probes: Probe[] = [];
  const server = http.createServer((req, res) => {
    if (req.method !== 'POST' || !req.url?.startsWith('/privacy/account/consents')) return void shop.app(req, res);
    const probe: Probe = { began: process.hrtime.bigint(), totalMs: 0, poolMs: 0, dbMs: 0, queries: 0 };
    res.once('finish', () => {
      probe.totalMs = sinceMs(probe.began);
      probes.push(probe);
    });
    probing.run(probe, () => shop.app(req, res));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const count = async (table: string, where?: (q: Knex.QueryBuilder) => void) => {
    const query = shop.knex(table);
    where?.(query);
    return Number((await query.count({ n: '*' }))[0]?.n ?? 0);
  };
  // Every statement of the window, by the table it touches: on SQLite (better-sqlite3 is synchronous) its time is time the event loop stood still.
  const statements = new Map<string, { began: bigint; probe: Probe | undefined; kind: StatementKind }>();
  let byKind: ServerStats['statements'] = {};
  shop.knex.on('query', (q: { __knexQueryUid: string; sql: string }) => {
    statements.set(q.__knexQueryUid, { began: process.hrtime.bigint(), probe: probing.getStore(), kind: statementKind(q.sql) });
  });
  const answered = (_: unknown, q: { __knexQueryUid: string }) => {
    const statement = statements.get(q.__knexQueryUid);
    if (!statement) return;
    statements.delete(q.__knexQueryUid);
    const took = sinceMs(statement.began);
    const sum = (byKind[statement.kind] ??= { count: 0, ms: 0, maxMs: 0 });
    sum.count++;
    sum.ms += took;
    sum.maxMs = Math.max(sum.maxMs, took);
    if (!statement.probe) return;
    statement.probe.dbMs += took;
    statement.probe.queries++;
  };
  shop.knex.on('query-response', answered);
  shop.knex.on('query-error', answered);
  // Where any request can wait in this process: the event loop (CPU), and knex's pool (one connection on SQLite, 10 on MariaDB).
  const loop = monitorEventLoopDelay({ resolution: loopResolutionMs });
  loop.enable();
  const pool = (shop.knex.client as { pool: { on(event: string, listener: (id: number) => void): void } }).pool;
  const asked = new Map<number, { began: bigint; probe: Probe | undefined }>();
  let acquired = { count: 0, waitMs: 0 };
  pool.on('acquireRequest', (id) => asked.set(id, { began: process.hrtime.bigint(), probe: probing.getStore() }));
  pool.on('acquireSuccess', (id) => {
    const request = asked.get(id);
    asked.delete(id);
    if (!request) return;
    const waited = sinceMs(request.began);
    acquired = { count: acquired.count + 1, waitMs: acquired.waitMs + waited };
    if (request.probe) request.probe.poolMs += waited;
  });
  // MariaDB's own count of row-lock waits (the audit head's FOR UPDATE, a rate-limit counter's row…), server-wide.
  const mysql = !databaseUrl.startsWith('sqlite:');
  const rowLocks = async () => {
    if (!mysql) return { waits: 0, ms: 0 };
    const [rows] = (await shop.knex.raw(`show global status like 'Innodb_row_lock_%'`)) as [{ Variable_name: string; Value: string }[]];
    const value = (name: string) => Number(rows.find((r) => r.Variable_name === name)?.Value ?? 0);
    return { waits: value('Innodb_row_lock_waits'), ms: value('Innodb_row_lock_time') };
  };
  let locks = await rowLocks();
  let window = { began: process.hrtime.bigint(), cpu: process.cpuUsage() };
  const profiler = await startProfiler();
  process.on('message', (message: { stats?: boolean; label?: string }) => {
    if (!message.stats) return;
    void (async () => {
      await profiler?.save(message.label);
      // The window's figures first, before the counting queries below add to them.
      const wallUs = Number(process.hrtime.bigint() - window.began) / 1e3;
      const cpu = process.cpuUsage(window.cpu);
      const server: ServerStats = {
        wallMs: wallUs / 1e3,
        cpu: (cpu.user + cpu.system) / wallUs,
        loopP50: Math.max(0, loop.percentile(50) / 1e6 - loopResolutionMs),
        loopP99: Math.max(0, loop.percentile(99) / 1e6 - loopResolutionMs),
        statements: {},
        acquires: acquired.count,
        poolWaitMs: acquired.count > 0 ? acquired.waitMs / acquired.count : 0,
        shopper: {
          totalMs: median(probes.map((p) => p.totalMs)),
          poolMs: median(probes.map((p) => p.poolMs)),
          dbMs: median(probes.map((p) => p.dbMs)),
          queries: probes.reduce((sum, p) => sum + p.queries, 0) / Math.max(1, probes.length),
        },
      };
      probes = [];
      server.statements = byKind;
      byKind = {};
      const nowLocks = await rowLocks();
      if (mysql) Object.assign(server, { rowLockWaits: nowLocks.waits - locks.waits, rowLockMs: nowLocks.ms - locks.ms });
      const counts: Counts = {
        audit: await count('privacy_audit'),
        auditShopper: await count('privacy_audit', (q) => void q.where({ actor_type: 'shopper' })),
        ledger: await count('privacy_consent_events'),
        ledgerShopper: await count('privacy_consent_events', (q) => void q.where({ source: 'account' })),
        rateLimits: await count('privacy_rate_limits'),
        subjects: await count('privacy_subjects'),
        sessions: await count('shop_sessions'),
      };
      locks = await rowLocks();
      byKind = {};
      loop.reset();
      acquired = { count: 0, waitMs: 0 };
      window = { began: process.hrtime.bigint(), cpu: process.cpuUsage() };
      process.send?.({ stats: { counts, server } });
    })();
  });
  process.send?.({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` });
  process.once('disconnect', async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await shop.close();
    process.exit(0);
  });
}

/**
 * With BENCH_PROFILE=<folder>, a CPU profile of the shop's process for each window that is
 * given a label (<engine>-<round>-<what>.cpuprofile), to open in Chrome's DevTools.
 */
async function startProfiler(): Promise<{ save(label: string | undefined): Promise<void> } | null> {
  const folder = process.env.BENCH_PROFILE;
  if (!folder) return null;
  fs.mkdirSync(folder, { recursive: true });
  const session = new inspector.Session();
  session.connect();
  const post = (method: string) => new Promise<unknown>((resolve, reject) => session.post(method, (err, result) => (err ? reject(err) : resolve(result))));
  await post('Profiler.enable');
  await post('Profiler.start');
  return {
    async save(label) {
      const { profile } = (await post('Profiler.stop')) as { profile: unknown };
      if (label) fs.writeFileSync(path.join(folder, `${label}.cpuprofile`), JSON.stringify(profile));
      await post('Profiler.start');
    },
  };
}

// ---------------------------------------------------------------- the flood (child process)

/** What the flood process is told: where, which flood, the banner's CSRF pair, and the round (for its addresses). */
interface FloodPlan {
  url: string;
  kind: FloodKind;
  csrfCookie: string;
  csrfToken: string;
  round: number;
}

/**
 * `anonymous writes`: 4 clients of cookieless GPC pages, 4 of banner posts with one CSRF pair.
 * `reads only`, the yardstick: the same 8 clients on the same two pages, asking nothing to be
 * written (the home page without GPC, the preference centre opened), to tell what any flood of 8
 * clients costs the shopper on this machine from what the anonymous writes add.
 * Each client sends an X-Forwarded-For address of its own.
 */
async function flood(): Promise<void> {
  // One process for every flood of an engine, started before any measuring, so that no start-up runs during one.
  process.on('message', (plan: FloodPlan) => void floodOnce(plan).then((result) => process.send?.(result)));
  process.send?.({ ready: true });
}

async function floodOnce({ url, kind, csrfCookie, csrfToken, round }: FloodPlan): Promise<FloodResult> {
  let client = 0;
  // Each round its own addresses (198.18.0.0/15 is for benchmarks), so every run starts with fresh per-IP allowances.
  const address = () => `198.18.${kind === 'reads only' ? 100 + round : round}.${++client}`;
  const connections = floodClients / 2;
  const run = (target: string, headers: Record<string, string>, more: Partial<autocannon.Options> = {}) =>
    autocannon({
      url: `${url}${target}`,
      connections,
      duration: floodSeconds,
      headers,
      setupClient: (c) => c.setHeaders({ ...headers, 'x-forwarded-for': address() }),
      ...more,
    });
  const [pages, posts] =
    kind === 'anonymous writes'
      ? await Promise.all([
          run('/', { 'sec-gpc': '1' }),
          run(
            '/privacy/cookies',
            { 'content-type': 'application/x-www-form-urlencoded', cookie: csrfCookie },
            { method: 'POST', body: new URLSearchParams({ _csrf: csrfToken, choice: 'accept' }).toString() },
          ),
        ])
      : await Promise.all([run('/', {}), run('/privacy/cookies', {})]);
  const summary = (r: autocannon.Result) => ({
    requests: r.requests.total,
    errors: r.errors,
    statusCodes: Object.fromEntries(Object.entries(r.statusCodeStats ?? {}).map(([code, stat]) => [code, stat.count ?? 0])),
  });
  return { pages: summary(pages), posts: summary(posts) };
}

// ---------------------------------------------------------------- the shopper (this process)

interface Reply {
  status: number;
  location: string | undefined;
  body: string;
}

/** A browser without JavaScript over one keep-alive connection: a cookie jar, GET and form POST. */
function browser(base: string) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const jar = new Map<string, string>();
  const send = (method: 'GET' | 'POST', target: string, form?: Record<string, string>) =>
    new Promise<Reply>((resolve, reject) => {
      const body = form ? new URLSearchParams(form).toString() : undefined;
      const headers: Record<string, string> = {};
      if (jar.size > 0) headers.cookie = [...jar].map(([name, value]) => `${name}=${value}`).join('; ');
      if (body !== undefined) headers['content-type'] = 'application/x-www-form-urlencoded';
      const req = http.request(new URL(target, base), { method, agent, headers }, (res) => {
        for (const line of res.headers['set-cookie'] ?? []) {
          const [pair = ''] = line.split(';');
          const at = pair.indexOf('=');
          const name = pair.slice(0, at);
          const value = pair.slice(at + 1);
          if (/expires=Thu, 01 Jan 1970/i.test(line) || value === '') jar.delete(name);
          else jar.set(name, value);
        }
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, location: res.headers.location, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(body);
    });
  /** Opens `from` and posts its form to `action`, as the shopper presses the button. */
  const submit = async (from: string, action: string, form: Record<string, string>) => {
    const { target, token } = formOf((await send('GET', from)).body, action);
    return send('POST', target, { _csrf: token, ...form });
  };
  return { send, submit, jar, close: () => agent.destroy() };
}

type Browser = ReturnType<typeof browser>;

/** A customer with an account whose address is proven (the e-mailed link followed), logged in. */
async function customer(base: string, outboxDir: string, email: string): Promise<Browser> {
  const shopper = browser(base);
  const signedUp = await shopper.submit('/signup', '/signup', { email, first_name: 'Anna', last_name: 'Bērziņa', password: 'a long password for the bench' });
  if (signedUp.status !== 303) throw new Error(`signup answered ${signedUp.status}`);
  const mail = await awaitMail(outboxDir, (m) => m.to.includes(email) && m.text.includes('/account/verify?token='));
  const link = pathOfLink(mail, '/account/verify');
  const verified = await shopper.submit(link, '/account/verify', { token: new URL(link, base).searchParams.get('token') ?? '' });
  if (verified.status !== 303) throw new Error(`following the verification link answered ${verified.status}`);
  return shopper;
}

/**
 * One consent change as the shopper makes it: the account page's form, posted, timed from the
 * POST to its answer (the redirect back to the page, which the next change opens, untimed).
 */
function changer(shopper: Browser) {
  let page = '/privacy/account';
  let grant = true;
  return async (): Promise<number> => {
    const { target, token } = formOf((await shopper.send('GET', page)).body, '/privacy/account/consents');
    const began = process.hrtime.bigint();
    const res = await shopper.send('POST', target, { _csrf: token, purpose: 'social_advertising', answer: grant ? 'grant' : 'withdraw' });
    const ms = Number(process.hrtime.bigint() - began) / 1e6;
    if (res.status !== 303 || !res.location?.includes('saved=1'))
      throw new Error(`the consent change answered ${res.status} ${res.location ?? res.body.slice(0, 200)}`);
    page = res.location;
    grant = !grant;
    return ms;
  };
}

const quantile = (values: number[], q: number) => {
  const sorted = [...values].sort((x, y) => x - y);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
};
const median = (values: number[]) => quantile(values, 0.5);

function ask<T>(child: ChildProcess, message: object, key: string): Promise<T> {
  return new Promise((resolve) => {
    const listen = (m: Record<string, unknown>) => {
      if (!(key in m)) return;
      child.off('message', listen);
      resolve(m[key] as T);
    };
    child.on('message', listen);
    child.send(message);
  });
}

/** The flood process: each `run` starts one flood and resolves with its figures. */
async function floodProcess(): Promise<{ run(plan: FloodPlan): Promise<FloodResult>; stop(): void }> {
  const child = fork(script, [String(floodSeconds)], { env: { ...process.env, BENCH_ROLE: 'flood' }, execArgv: ['--import', 'tsx'] });
  await new Promise<void>((resolve, reject) => {
    child.once('message', () => resolve());
    child.once('error', reject);
  });
  return {
    run: (plan) =>
      new Promise((resolve) => {
        child.once('message', (m) => resolve(m as FloodResult));
        child.send(plan);
      }),
    stop: () => child.disconnect(),
  };
}

interface Run {
  median: number;
  p95: number;
  changes: number;
  server: ServerStats;
}

const runOf = (ms: number[], server: ServerStats): Run => ({ median: median(ms), p95: quantile(ms, 0.95), changes: ms.length, server });

interface Flooded {
  run: Run;
  flood: FloodResult;
  /** Rows added during the flood. */
  added: Counts;
}

interface EngineResult {
  engine: string;
  baseline: Run[];
  floods: Record<FloodKind, Flooded[]>;
}

const difference = (after: Counts, before: Counts) =>
  Object.fromEntries(Object.entries(after).map(([k, v]) => [k, v - before[k as keyof Counts]])) as unknown as Counts;

async function measure(scratch: Scratch): Promise<EngineResult> {
  const outboxDir = fs.mkdtempSync(path.join(os.tmpdir(), 'esp-bench-outbox-'));
  const server = fork(script, [], {
    env: { ...process.env, BENCH_ROLE: 'server', BENCH_DB_URL: scratch.url, BENCH_OUTBOX: outboxDir },
    execArgv: ['--import', 'tsx'],
  });
  try {
    const url = await ask<string>(server, {}, 'url');
    let cpus = machineCpu();
    /** The server's figures since the last call; `label` names the window just ended, for BENCH_PROFILE. */
    const stats = async (label?: string) => {
      const answer = await ask<Stats>(server, { stats: true, label: label && `${scratch.engine}-${label}` }, 'stats');
      const now = machineCpu();
      answer.server.machine = (now.busy - cpus.busy) / (now.total - cpus.total);
      cpus = now;
      return answer;
    };
    const shopper = await customer(url, outboxDir, 'anna@example.lv');
    const change = changer(shopper);
    // The flood's CSRF pair: one cookieless visit to the preference centre, reused for every post.
    const visitor = browser(url);
    const { token: csrfToken } = formOf((await visitor.send('GET', '/privacy/cookies')).body, '/privacy/cookies');
    const csrfCookie = [...visitor.jar].map(([name, value]) => `${name}=${value}`).join('; ');
    visitor.close();
    const floods = await floodProcess();
    for (let i = 0; i < 20; i++) await change(); // warm-up: JIT, statement caches, pools
    const result: EngineResult = { engine: scratch.engine, baseline: [], floods: { 'anonymous writes': [], 'reads only': [] } };
    for (let round = 1; round <= rounds; round++) {
      await stats();
      const base: number[] = [];
      for (let i = 0; i < baselineChanges; i++) base.push(await change());
      result.baseline.push(runOf(base, (await stats(`${round}-baseline`)).server));
      for (const kind of floodKinds) {
        const before = await stats();
        let done = false;
        const flooding = floods.run({ url, kind, csrfCookie, csrfToken, round }).finally(() => (done = true));
        const under: number[] = [];
        while (!done) under.push(await change());
        const flood = await flooding;
        // What the shop had already received when the flood's clients stopped is still answered, and counted.
        await new Promise((resolve) => setTimeout(resolve, settleMs));
        const after = await stats(`${round}-${kind.replace(' ', '-')}`);
        result.floods[kind].push({ run: runOf(under, after.server), flood, added: difference(after.counts, before.counts) });
      }
    }
    shopper.close();
    floods.stop();
    return result;
  } finally {
    server.disconnect();
    await new Promise((resolve) => server.once('exit', resolve));
    fs.rmSync(outboxDir, { recursive: true, force: true });
    await scratch.drop();
  }
}

/** CPU time of every core so far: busy and in all. */
function machineCpu(): { busy: number; total: number } {
  let busy = 0;
  let total = 0;
  for (const { times } of os.cpus()) {
    busy += times.user + times.nice + times.sys + times.irq;
    total += times.user + times.nice + times.sys + times.irq + times.idle;
  }
  return { busy, total };
}

const ms = (n: number) => `${n.toFixed(1)} ms`;
const load = (s: ServerStats) =>
  `machine CPU ${((s.machine ?? 0) * 100).toFixed(0)} % of ${os.cpus().length} cores, the shop's process ${(s.cpu * 100).toFixed(0)} % of one; ` +
  `event-loop delay p50 ${ms(s.loopP50)} p99 ${ms(s.loopP99)}; mean wait for a DB connection ${s.poolWaitMs.toFixed(2)} ms over ${s.acquires} acquires` +
  (s.rowLockWaits === undefined ? '' : `; InnoDB row-lock waits ${s.rowLockWaits} (${s.rowLockMs ?? 0} ms)`) +
  `\n      statements: ${statementKinds
    .filter((k) => s.statements[k])
    .map((k) => {
      const { count = 0, ms: total = 0, maxMs = 0 } = s.statements[k] ?? {};
      return `${k} ${count} × ${(total / Math.max(1, count)).toFixed(2)} ms (max ${maxMs.toFixed(0)})`;
    })
    .join(
      ', ',
    )}; in all ${(Object.values(s.statements).reduce((sum, k) => sum + k.ms, 0) / 1e3).toFixed(2)} s of the window's ${(s.wallMs / 1e3).toFixed(1)} s` +
  `\n` +
  `      the shopper's POST inside the shop (medians): ${ms(s.shopper.totalMs)}, of which waiting for a DB connection ${ms(s.shopper.poolMs)}, ` +
  `in ${s.shopper.queries.toFixed(1)} statements ${ms(s.shopper.dbMs)}, the rest (own code, waiting for the event loop) ${ms(s.shopper.totalMs - s.shopper.poolMs - s.shopper.dbMs)}`;

function report(r: EngineResult): void {
  const baseMedian = median(r.baseline.map((run) => run.median));
  const baseP95 = median(r.baseline.map((run) => run.p95));
  console.log(`\n${r.engine}`);
  console.log(
    `  baseline            ${r.baseline.map((b) => b.changes).join('/')} changes   median ${ms(baseMedian)}   p95 ${ms(baseP95)}   ` +
      `(${load(r.baseline[r.baseline.length - 1]?.server as ServerStats)})`,
  );
  for (const kind of floodKinds) {
    const runs = r.floods[kind];
    const floodMedian = median(runs.map((f) => f.run.median));
    const floodP95 = median(runs.map((f) => f.run.p95));
    const mRatio = floodMedian / baseMedian;
    const pRatio = floodP95 / baseP95;
    const goal = kind === 'anonymous writes' ? `   (goal ≤ 1.5: ${mRatio <= 1.5 && pRatio <= 1.5 ? 'met' : 'missed'})` : '   (yardstick)';
    console.log(
      `  ${`under ${kind}`.padEnd(24)}${runs.map((f) => f.run.changes).join('/')} changes   median ${ms(floodMedian)} (${mRatio.toFixed(2)}×)   p95 ${ms(floodP95)} (${pRatio.toFixed(2)}×)${goal}`,
    );
    for (const [i, f] of runs.entries()) {
      const codes = (s: FloodResult['pages']) =>
        Object.entries(s.statusCodes)
          .map(([code, n]) => `${n}×${code}`)
          .join(' ') + (s.errors > 0 ? ` ${s.errors} errors` : '');
      const [pages, posts] = kind === 'anonymous writes' ? ['GPC pages', 'banner posts'] : ['home pages', 'preference centres'];
      console.log(
        `    round ${i + 1}: shopper median ${ms(f.run.median)} p95 ${ms(f.run.p95)}; ${pages} ${(f.flood.pages.requests / floodSeconds).toFixed(0)}/s (${codes(f.flood.pages)}), ` +
          `${posts} ${(f.flood.posts.requests / floodSeconds).toFixed(0)}/s (${codes(f.flood.posts)})`,
      );
      const a = f.added;
      console.log(
        `      rows the flood added: audit ${a.audit - a.auditShopper}, ledger ${a.ledger - a.ledgerShopper}, rate-limit counters ${a.rateLimits}, subjects ${a.subjects}, sessions ${a.sessions}` +
          ` (the shopper's own meanwhile: audit ${a.auditShopper}, ledger ${a.ledgerShopper})`,
      );
      console.log(`      ${load(f.run.server)}`);
    }
  }
  // What the module's writes add to the shopper's wait beyond what any flood of the same pages costs the shop's CPU.
  const of = (kind: FloodKind, pick: (run: Run) => number) => median(r.floods[kind].map((f) => pick(f.run)));
  const addedMedian = of('anonymous writes', (run) => run.median) / of('reads only', (run) => run.median);
  const addedP95 = of('anonymous writes', (run) => run.p95) / of('reads only', (run) => run.p95);
  console.log(
    `  the anonymous writes over reads only: median ${addedMedian.toFixed(2)}×, p95 ${addedP95.toFixed(2)}×   (≤ 1.5: ${addedMedian <= 1.5 && addedP95 <= 1.5 ? 'met' : 'missed'})`,
  );
}

async function main(): Promise<void> {
  console.log(
    `A logged-in shopper's consent change (POST /privacy/account/consents, one at a time, grant and withdraw in turn): ${baselineChanges} changes alone, ` +
      `then as many as fit while ${floodClients} clients flood for ${floodSeconds} s, ${rounds} alternating rounds, medians of the rounds' median and p95.`,
  );
  console.log(
    `Anonymous writes: 4 clients of cookieless GET / with Sec-GPC: 1, 4 of banner POSTs reusing one CSRF pair; reads only: GET / and GET /privacy/cookies. One X-Forwarded-For address per client.`,
  );
  report(await measure(scratchSqlite()));
  const mysql = await scratchMysql();
  if (mysql) report(await measure(mysql));
}

const role = process.env.BENCH_ROLE;
await (role === 'server' ? serve() : role === 'flood' ? flood() : main());
