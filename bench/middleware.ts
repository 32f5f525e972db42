/**
 * What `privacy.middleware()` costs a page: requests per second of the example shop's catalogue
 * (16 products from the database, rendered with handlebars) with it and with fixed locals in its
 * place, measured with autocannon on loopback, alternating A/B runs so drift hits both.
 * Goal: ≥ 0.97 for a visitor who has chosen (the common case: no database query at all).
 *
 *   npx tsx bench/middleware.ts [seconds per run]     (`npm run bench:middleware`)
 */
import { fork } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import autocannon from 'autocannon';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Express } from 'express';
import request from 'supertest';
import { createShop } from '../examples/storefront/app.js';
import { csrfOf } from '../test/support/shop.js';
import { shopWithout } from './shop-without.js';
import { scratchSqlite } from './support.js';

const duration = Number(process.argv[2] ?? 5);
const rounds = 3;

async function listen(app: Express): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

async function rate(url: string, cookie?: string): Promise<number> {
  const result = await autocannon({ url, connections: 20, duration, headers: cookie ? { cookie } : {} });
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${url}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  return result.requests.average;
}

const median = (values: number[]) => [...values].sort((x, y) => x - y)[Math.floor(values.length / 2)] ?? Number.NaN;

/**
 * The apps run in a process of their own, so autocannon (here) and the server do not share one
 * event loop: in one process the load generator's own work would swamp what is measured.
 */
async function serve(): Promise<void> {
  const scratch = scratchSqlite();
  const outboxDir = fs.mkdtempSync(path.join(os.tmpdir(), 'esp-bench-outbox-'));
  // The example shop twice over one database: as it is, and built here with the middleware replaced by fixed locals.
  const real = await createShop({ databaseUrl: scratch.url, outboxDir, devOutbox: false });
  const bare = await shopWithout('privacy middleware', { databaseUrl: scratch.url, outboxDir, devOutbox: false });
  // A visitor who has chosen: the signed consent cookie the banner's answer sets.
  const agent = request.agent(real.app);
  const token = csrfOf((await agent.get('/privacy/cookies')).text, '/privacy/cookies');
  const answer = await agent.post('/privacy/cookies').type('form').send({ _csrf: token, choice: 'reject' });
  const consent = (answer.headers['set-cookie'] as unknown as string[]).map((c) => c.split(';')[0] ?? '').find((c) => c.startsWith('privacy_consent='));
  if (!consent) throw new Error('the banner answer set no consent cookie');
  const plain = await listen(bare.app);
  const wrapped = await listen(real.app);
  process.send?.({ plain: plain.url, wrapped: wrapped.url, consent });
  process.once('disconnect', async () => {
    await plain.close();
    await wrapped.close();
    await real.close();
    await bare.close();
    await scratch.drop();
    fs.rmSync(outboxDir, { recursive: true, force: true });
    process.exit(0);
  });
}

async function measure(): Promise<void> {
  const server = fork(new URL(import.meta.url).pathname, [], { env: { ...process.env, BENCH_ROLE: 'server' }, execArgv: ['--import', 'tsx'] });
  const { plain, wrapped, consent } = await new Promise<{ plain: string; wrapped: string; consent: string }>((resolve) =>
    server.once('message', (m) => resolve(m as never)),
  );
  const base: number[] = [];
  const chosen: number[] = [];
  const firstVisit: number[] = [];
  for (let round = 0; round < rounds; round++) {
    base.push(await rate(plain));
    chosen.push(await rate(wrapped, consent));
    firstVisit.push(await rate(wrapped));
  }
  server.disconnect();
  const b = median(base);
  console.log(`Page throughput, ${rounds} alternating runs of ${duration} s, 20 connections, server in its own process (median requests/s):`);
  console.log(`  without the middleware          ${Math.round(b)}`);
  console.log(`  with it, visitor has chosen     ${Math.round(median(chosen))}   ratio ${(median(chosen) / b).toFixed(3)}  (goal ≥ 0.97)`);
  console.log(`  with it, first visit (banner)   ${Math.round(median(firstVisit))}   ratio ${(median(firstVisit) / b).toFixed(3)}`);
}

await (process.env.BENCH_ROLE === 'server' ? serve() : measure());
