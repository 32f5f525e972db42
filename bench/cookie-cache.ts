/**
 * What the verified-cookie cache saves a page (issue 20): the consent cookie's signature check
 * (HMAC-SHA256, cookie-signature) against a cache hit; `consentCookie().read` with 1, 1,000,
 * 5,000 and 20,000 visitors in rotation (cache 0, the default `cookies.verifiedCacheSize`, one
 * sized for them) and with 4,000 browsing visitors among 20,000 passers-by, beside the cache as
 * it was before (first in first out, 5,000); the memory a remembered cookie takes; then
 * whole-page throughput (privacy.middleware() on a bare page, autocannon, server in its own
 * process) at 20,000 visitors in rotation against one. All in one run.
 *
 *   npx tsx --expose-gc bench/cookie-cache.ts [seconds per HTTP run]
 */
import { fork } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Request } from 'express';
import express from 'express';
import autocannon from 'autocannon';
import { createPrivacy } from '../index.js';
import { readCookie } from '../lib/http/cookies.js';
import { decodeChoice, encodeChoice, newVisitorId, type CookieChoice } from '../lib/cookies/choice.js';
import { consentCookie } from '../lib/cookies/middleware.js';
import { verifiedCookies, type VerifiedCookies } from '../lib/cookies/verified-cache.js';
import { validateOptions } from '../lib/options/validate.js';
import { testSecret } from '../test/support/secret.js';
import { xpartsShop } from '../test/support/shop-options.js';
import { scratchSqlite } from './support.js';

const duration = Number(process.argv[2] ?? 5);
const rounds = 3;
const crowd = 20_000;
const sized = 25_000;
const now = new Date('2026-11-25T12:00:00Z');
const options = (verifiedCacheSize?: number) =>
  validateOptions({
    db: 'sqlite::memory:',
    secret: testSecret,
    ...xpartsShop,
    clock: () => now,
    policy: { version: '1', date: '2026-01-01' },
    cookies: { verifiedCacheSize },
  });
const defaultSize = options().cookies.verifiedCacheSize;

/** The consent cookie of `count` visitors who have chosen, as the banner's answer signs it. */
function visitors(count: number): string[] {
  return Array.from({ length: count }, () =>
    encodeChoice(
      { visitorId: newVisitorId(), analytics: false, marketing: false, policyVersion: '1', madeAt: now.getTime() / 1000 - 60, gpc: false },
      testSecret,
    ),
  );
}
const median = (values: number[]) => [...values].sort((x, y) => x - y)[Math.floor(values.length / 2)] ?? Number.NaN;

/** Microseconds per call of `run(i)`, over at least `minOps` calls after a warm-up. */
function micros(run: (i: number) => unknown, minOps = 200_000): number {
  for (let i = 0; i < 20_000; i++) run(i);
  const start = process.hrtime.bigint();
  for (let i = 0; i < minOps; i++) run(i);
  return Number(process.hrtime.bigint() - start) / 1e3 / minOps;
}

/** Page after page by 20,000 visitors: 4,000 browsing send 90% of them, the others pass by (a fixed pseudo-random sequence). */
function pattern(): number[] {
  let seed = 20;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  return Array.from({ length: 400_000 }, () => (random() < 0.9 ? Math.floor(random() * 4_000) : 4_000 + Math.floor(random() * (crowd - 4_000))));
}

/** The cache before issue 20, for comparison: a Map in insertion order, its first key evicted. */
function fifoCache(size: number): Pick<VerifiedCookies, 'get' | 'remember'> {
  const entries = new Map<string, CookieChoice>();
  return {
    get: (raw) => entries.get(raw),
    remember(raw, choice) {
      const oldest = entries.size >= size ? entries.keys().next().value : undefined;
      if (oldest !== undefined) entries.delete(oldest);
      entries.set(raw, choice);
    },
  };
}

/** A read through the cache before issue 20, as consentCookie().read did it. */
function fifoRead(requests: Request[], visitor: (i: number) => number): (i: number) => unknown {
  const cache = fifoCache(5000);
  return (i) => {
    const raw = readCookie(requests[visitor(i)]?.headers.cookie, 'privacy_consent') ?? '';
    const known = cache.get(raw);
    if (known) return known;
    const choice = decodeChoice(raw, testSecret);
    if (choice) cache.remember(raw, choice);
    return choice;
  };
}

function hitRate(cache: Pick<VerifiedCookies, 'get' | 'remember'>): string {
  const browsing = pattern();
  const choice = decodeChoice(visitors(1)[0], testSecret);
  let hits = 0;
  for (const visitor of browsing) {
    const raw = `visitor-${visitor}`;
    if (cache.get(raw)) hits++;
    else if (choice) cache.remember(raw, choice);
  }
  return `${((100 * hits) / browsing.length).toFixed(1)}%`;
}

function inProcess(): void {
  const cookies = visitors(crowd);
  const requests = cookies.map((value) => ({ headers: { cookie: `shop_sid=abc; privacy_consent=${encodeURIComponent(value)}` } }) as Request);
  const fmt = (us: number) => `${us.toFixed(2).padStart(6)} µs`;
  const miss: number[] = [];
  const hit: number[] = [];
  const reads = new Map<string, number[]>();
  const add = (label: string, us: number) => void reads.set(label, [...(reads.get(label) ?? []), us]);
  const browsing = pattern();
  for (let round = 0; round < rounds; round++) {
    miss.push(micros((i) => decodeChoice(cookies[i % crowd], testSecret)));
    const one = verifiedCookies(defaultSize);
    const first = decodeChoice(cookies[0], testSecret);
    if (first) one.remember(cookies[0] ?? '', first);
    const other = cookies[1] ?? '';
    if (first) one.remember(other, first);
    // Two visitors alternating: every hit moves its entry to the end, the dearer case.
    hit.push(micros((i) => one.get(i % 2 === 0 ? (cookies[0] ?? '') : other)));
    // The cache as it was before issue 20: the Map's own order, first in first out, 5,000 entries.
    add(`${crowd} in rotation, before (FIFO 5000)`, micros(fifoRead(requests, (i) => i % crowd)));
    // Browsing visitors and passers-by: 4,000 of the 20,000 send 90% of the pages.
    add(`browsing + passers-by, before (FIFO 5000)`, micros(fifoRead(requests, (i) => browsing[i % browsing.length] ?? 0)));
    for (const size of [5_000, defaultSize]) {
      const cookie = consentCookie(options(size));
      add(
        `browsing + passers-by, cache ${size}`,
        micros((i) => cookie.read(requests[browsing[i % browsing.length] ?? 0] as Request)),
      );
    }
    for (const count of [1, 1_000, 5_000, crowd]) {
      for (const size of count > defaultSize ? [0, defaultSize, sized] : [defaultSize]) {
        const label = `${count} in rotation, cache ${size}`;
        const cookie = consentCookie(options(size));
        let accepted = 0;
        add(
          label,
          micros((i) => (cookie.read(requests[i % count] as Request).choice ? accepted++ : 0)),
        );
        if (accepted === 0) throw new Error(`${label}: no cookie was accepted`);
      }
    }
  }
  console.log(`Consent cookie, in process (median of ${rounds} rounds):`);
  console.log(`  a miss: the signature check (HMAC-SHA256) and decoding   ${fmt(median(miss))}`);
  console.log(`  a hit: the cache look-up, moved to most recent           ${fmt(median(hit))}   (miss / hit ${(median(miss) / median(hit)).toFixed(0)}×)`);
  console.log(`  consentCookie().read, per page (cache 0: every page checked):`);
  for (const [label, values] of reads) console.log(`    ${label.padEnd(42)} ${fmt(median(values))}`);
  const [fifo, lru5, lru] = [hitRate(fifoCache(5000)), hitRate(verifiedCookies(5000)), hitRate(verifiedCookies(defaultSize))];
  console.log(`  hit rate, browsing + passers-by: before (FIFO 5000) ${fifo}, LRU 5000 ${lru5}, LRU ${defaultSize} ${lru}`);
  memory(cookies);
}

/** Heap taken per remembered cookie, with 20,000 remembered (needs --expose-gc to be exact). */
function memory(cookies: string[]): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) return void console.log('  memory per remembered cookie: run with --expose-gc to measure');
  gc();
  const before = process.memoryUsage().heapUsed;
  const cache = verifiedCookies(crowd);
  // Fresh strings and choices, as each request's header parse makes them: what the cache keeps alive.
  for (const cookie of cookies) {
    const raw = `${cookie} `.trimEnd();
    const choice = decodeChoice(raw, testSecret);
    if (choice) cache.remember(raw, choice);
  }
  gc();
  console.log(`  memory per remembered cookie (key, choice, Map entry): ~${Math.round((process.memoryUsage().heapUsed - before) / crowd)} bytes`);
  if (cache.size !== crowd) throw new Error('cache lost entries');
}

/** The bare page behind privacy.middleware(), in a process of its own, at the default cache size and at one sized for the crowd. */
async function serve(): Promise<void> {
  const scratch = scratchSqlite();
  const servers: http.Server[] = [];
  const urls: string[] = [];
  const closers: (() => Promise<void>)[] = [];
  for (const size of [defaultSize, sized]) {
    const privacy = createPrivacy({
      db: scratch.url,
      secret: testSecret,
      ...xpartsShop,
      clock: () => now,
      policy: { version: '1', date: '2026-01-01' },
      cookies: { verifiedCacheSize: size },
    });
    await privacy.migrate();
    const app = express();
    app.use(privacy.middleware());
    app.get('/', (_req, res) => void res.send(res.locals.privacy.allows('analytics') ? 'tags' : 'page'));
    const server = http.createServer(app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    servers.push(server);
    urls.push(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    closers.push(() => privacy.close());
  }
  process.send?.({ urls });
  process.once('disconnect', async () => {
    for (const server of servers) await new Promise((resolve) => server.close(resolve));
    for (const close of closers) await close();
    await scratch.drop();
    process.exit(0);
  });
}

async function rate(url: string, cookies: string[]): Promise<number> {
  let next = 0;
  const result = await autocannon({
    url,
    connections: 20,
    duration,
    requests: [
      {
        setupRequest: (req) => ({
          ...req,
          headers: { ...req.headers, cookie: `privacy_consent=${encodeURIComponent(cookies[next++ % cookies.length] ?? '')}` },
        }),
      },
    ],
  });
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${url}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  return result.requests.average;
}

async function overHttp(): Promise<void> {
  const server = fork(new URL(import.meta.url).pathname, [], { env: { ...process.env, BENCH_ROLE: 'server' }, execArgv: ['--import', 'tsx'] });
  const { urls } = await new Promise<{ urls: [string, string] }>((resolve) => server.once('message', (m) => resolve(m as never)));
  const [byDefault, bySize] = urls;
  const cookies = visitors(crowd);
  const one: number[] = [];
  const manyDefault: number[] = [];
  const manySized: number[] = [];
  for (let round = 0; round < rounds; round++) {
    one.push(await rate(byDefault, cookies.slice(0, 1)));
    manyDefault.push(await rate(byDefault, cookies));
    manySized.push(await rate(bySize, cookies));
  }
  server.disconnect();
  const base = median(one);
  console.log(`Bare page behind privacy.middleware(), ${rounds} alternating runs of ${duration} s, 20 connections (median requests/s):`);
  console.log(`  1 visitor, cache ${defaultSize}                      ${Math.round(base)}`);
  console.log(
    `  ${crowd} visitors in rotation, cache ${defaultSize}     ${Math.round(median(manyDefault))}   ratio ${(median(manyDefault) / base).toFixed(3)}`,
  );
  console.log(`  ${crowd} visitors in rotation, cache ${sized}     ${Math.round(median(manySized))}   ratio ${(median(manySized) / base).toFixed(3)}`);
}

if (process.env.BENCH_ROLE === 'server') await serve();
else {
  inProcess();
  await overHttp();
}
