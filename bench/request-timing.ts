/**
 * Whether an answer's timing tells who is a customer (issue 18): a guest's request on
 * /privacy/request and a newsletter sign-up, each for addresses the module knows (customers with
 * an order's consent, subscribers) and for addresses it does not, alternated one by one in one
 * run, on SQLite and MariaDB. Prints median and p90 times and the ratio known / unknown; the goal
 * is 1.00 within the noise (the page writes one outbox task either way; the worker does the rest).
 */
import express from 'express';
import request from 'supertest';
import { createPrivacy, type Privacy } from '../index.js';
import { scratchMysql, scratchSqlite, type Scratch } from './support.js';
import { xpartsShop } from '../test/support/shop-options.js';

const rounds = Number(process.env.BENCH_ROUNDS ?? 300);
const secret = 'bench-only-secret-0123456789abcdefghijklmnop';

const median = (values: number[]) => quantile(values, 0.5);
function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
}

async function timed(work: () => Promise<unknown>): Promise<number> {
  const start = process.hrtime.bigint();
  await work();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

async function measure(scratch: Scratch): Promise<void> {
  const privacy: Privacy = createPrivacy({
    db: scratch.url,
    secret,
    ...xpartsShop,
    publicUrl: 'http://shop.test',
    // Not sent: the worker's work comes after the answer and is not what is measured.
    mailer: { outboxDir: `${process.env.TMPDIR ?? '/tmp'}/esp-bench-timing-outbox`, worker: { enabled: false } },
    logger: { info: () => undefined, warn: () => undefined, error: () => undefined },
  });
  await privacy.migrate();
  const app = express();
  app.set('trust proxy', 'loopback');
  app.use('/privacy', privacy.router());
  for (let i = 0; i < rounds; i++) await privacy.consents.grant(`known${i}@example.lv`, 'newsletter', { source: 'account' });
  const agent = request.agent(app);
  const page = await agent.get('/privacy/request');
  const token = /name="_csrf" value="([^"]+)"/.exec(page.text)?.[1] ?? '';
  const times = { requestKnown: [] as number[], requestUnknown: [] as number[], signupKnown: [] as number[], signupUnknown: [] as number[] };
  for (let i = 0; i < rounds; i++) {
    // Each address from its own IP, so no limit is reached; known and unknown alternate.
    for (const known of [true, false]) {
      const email = `${known ? 'known' : 'unknown'}${i}@example.lv`;
      const ip = `10.${known ? 1 : 2}.${i >> 8}.${i & 255}`;
      const post = () => agent.post('/privacy/request').set('X-Forwarded-For', ip).type('form').send({ _csrf: token, type: 'access', email }).expect(200);
      (known ? times.requestKnown : times.requestUnknown).push(await timed(post));
      const signup = () => privacy.hooks.newsletterSignup({ email, req: { ip } as express.Request });
      (known ? times.signupKnown : times.signupUnknown).push(await timed(signup));
    }
  }
  await privacy.close();
  const line = (what: string, known: number[], unknown: number[]) =>
    console.log(
      `${scratch.engine.padEnd(8)} ${what.padEnd(22)} known ${median(known).toFixed(2)} ms (p90 ${quantile(known, 0.9).toFixed(2)}), unknown ${median(unknown).toFixed(2)} ms (p90 ${quantile(unknown, 0.9).toFixed(2)}): ratio ${(median(known) / median(unknown)).toFixed(2)}`,
    );
  line('guest request', times.requestKnown, times.requestUnknown);
  line('newsletter sign-up', times.signupKnown, times.signupUnknown);
}

console.log(`${rounds} answers each for known and unknown addresses, alternated`);
for (const make of [async () => scratchSqlite(), scratchMysql]) {
  const scratch = await make();
  if (!scratch) continue;
  try {
    await measure(scratch);
  } finally {
    await scratch.drop();
  }
}
