/**
 * What `privacy.hooks.orderCreated` costs a checkout, two ways, with the hook and without,
 * alternating runs, on SQLite and MariaDB (goal: ≥ 0.85 on MariaDB):
 * - the bare transaction: orders per second, 20 at a time, each an order and its line; beside
 *   it, the same transaction with three `select 1` in place of the hook, the least any hook that
 *   writes its own rows (subject, ledger, state: three statements) can cost;
 * - the example shop's whole checkout (POST /checkout: validation, the transaction, the order
 *   e-mail, the redirect), 20 at a time, the shop as it is and built here without the hook
 *   (bench/shop-without.ts).
 *
 *   npx tsx bench/order-hook.ts [orders per run] [whole]     (`npm run bench:orders`; `whole`: the whole checkout only)
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Knex } from 'knex';
import request from 'supertest';
import { createPrivacy } from '../index.js';
import { createShop } from '../examples/storefront/app.js';
import { csrfOf } from '../test/support/shop.js';
import { migrateShop } from '../examples/storefront/migrations/index.js';
import { seedCatalogue } from '../examples/storefront/seed.js';
import { connectDatabase } from '../lib/store/database.js';
import { shopWithout } from './shop-without.js';
import { scratchMysql, scratchSqlite, seconds, type Scratch } from './support.js';
import { xpartsShop } from '../test/support/shop-options.js';

const perRun = Number(process.argv[2] ?? 2000);
const parallel = 20;
/** Alternating runs of each kind; the best of each is compared (the machine's noise only ever slows a run). */
const rounds = 3;

async function run(knex: Knex, hook: ((trx: Knex.Transaction, id: number, email: string) => Promise<unknown>) | null, tag: string): Promise<number> {
  let next = 0;
  const began = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      for (let i = next++; i < perRun; i = next++) {
        const email = `${tag}${i}@example.lv`;
        await knex.transaction(async (trx) => {
          const [id] = await trx('orders').insert({
            customer_id: null,
            email,
            first_name: 'Pircējs',
            last_name: 'Testa',
            phone: '+371 20 000 000',
            address: 'Rīga',
            total_cents: 3890,
            locale: 'lv',
            created_at: new Date(),
          });
          await trx('order_lines').insert({ order_id: id, product_id: 1, sku: 'BP-TRW-GDB1550', name: 'Bremžu kluči', quantity: 1, unit_price_cents: 3890 });
          if (hook) await hook(trx, Number(id), email);
        });
      }
    }),
  );
  return perRun / seconds(began);
}

interface Bare {
  engine: string;
  without: number;
  withHook: number;
  deferred: number;
  floor: number;
  floorOne: number;
  /** Follow-ups per second, one worker draining them after the run. */
  followUps: number;
}

async function measure(scratch: Scratch): Promise<Bare> {
  const knex = connectDatabase(scratch.url);
  const outboxDir = fs.mkdtempSync(path.join(os.tmpdir(), 'esp-bench-outbox-'));
  // The worker is off while a run is timed: the shop's transaction is what is measured; the follow-ups are drained and timed apart.
  const privacy = createPrivacy({
    db: knex,
    secret: 'bench-secret-0123456789abcdefghijklmnop',
    ...xpartsShop,
    mailer: { outboxDir, worker: { enabled: false } },
  });
  try {
    await migrateShop(knex);
    await privacy.migrate();
    await seedCatalogue(knex);
    const hook = (trx: Knex.Transaction, id: number, email: string) =>
      privacy.hooks.orderCreated({ order: { id, email }, consents: { consent_social_advertising: id % 3 ? '' : 'yes' } }, { trx });
    // One statement in the shop's transaction; the follow-up runs after commit in the module's worker, as in production.
    const deferred = (trx: Knex.Transaction, id: number, email: string) =>
      privacy.hooks.orderCreated({ order: { id, email }, consents: { consent_social_advertising: id % 3 ? '' : 'yes' } }, { trx, deferred: true });
    const threeStatements = async (trx: Knex.Transaction) => {
      for (let i = 0; i < 3; i++) await trx.raw('select 1');
    };
    const oneStatement = (trx: Knex.Transaction) => trx.raw('select 1');
    const kinds = {
      without: [] as number[],
      withHook: [] as number[],
      deferred: [] as number[],
      floor: [] as number[],
      floorOne: [] as number[],
      followUps: [] as number[],
    };
    for (let round = 0; round < rounds; round++) {
      kinds.without.push(await run(knex, null, `plain${round}-`));
      kinds.withHook.push(await run(knex, hook, `hooked${round}-`));
      kinds.deferred.push(await run(knex, deferred, `deferred${round}-`));
      // The follow-ups of this run are done before the next run is timed: each run measures its own work.
      const drained = process.hrtime.bigint();
      await privacy.mail.drain();
      kinds.followUps.push(perRun / seconds(drained));
      kinds.floor.push(await run(knex, threeStatements, `floor${round}-`));
      kinds.floorOne.push(await run(knex, oneStatement, `one${round}-`));
    }
    const best = (xs: number[]) => Math.max(...xs);
    return {
      engine: scratch.engine,
      without: best(kinds.without),
      withHook: best(kinds.withHook),
      deferred: best(kinds.deferred),
      floor: best(kinds.floor),
      floorOne: best(kinds.floorOne),
      followUps: best(kinds.followUps),
    };
  } finally {
    await privacy.close();
    await knex.destroy();
    await scratch.drop();
    fs.rmSync(outboxDir, { recursive: true, force: true });
  }
}

/** Checkouts per second through the example shop's own POST /checkout, carts made ready first. */
type Checkout = 'without' | 'inTransaction' | 'deferred';

async function checkouts(databaseUrl: string, kind: Checkout, count: number): Promise<number> {
  const outboxDir = fs.mkdtempSync(path.join(os.tmpdir(), 'esp-bench-outbox-'));
  const settings = { databaseUrl, outboxDir, devOutbox: false };
  const shop =
    kind === 'without'
      ? await shopWithout('order hook', settings)
      : kind === 'deferred'
        ? await shopWithout('order hook work in the transaction', settings)
        : await createShop(settings);
  try {
    const ready = await Promise.all(
      Array.from({ length: count }, async (_, i) => {
        const agent = request.agent(shop.app);
        const home = await agent.get('/');
        await agent
          .post('/cart/add')
          .type('form')
          .send({ _csrf: csrfOf(home.text, '/cart/add'), productId: String((i % 16) + 1), quantity: '1' });
        return { agent, token: csrfOf((await agent.get('/checkout')).text, '/checkout'), i };
      }),
    );
    let next = 0;
    const began = process.hrtime.bigint();
    await Promise.all(
      Array.from({ length: parallel }, async () => {
        for (let n = next++; n < count; n = next++) {
          const shopper = ready[n];
          if (!shopper) break;
          const { agent, token, i } = shopper;
          const res = await agent
            .post('/checkout')
            .type('form')
            .send({
              _csrf: token,
              email: `${kind}${i}@example.lv`,
              first_name: 'Pircējs',
              last_name: 'Testa',
              phone: '+371 20 000 000',
              address: 'Rīga',
              consent_social_advertising: i % 3 ? '' : 'yes',
            });
          if (res.status !== 303) throw new Error(`checkout answered ${res.status}`);
        }
      }),
    );
    // The follow-ups the checkouts left are part of their cost: the clock stops once they are done too.
    await shop.privacy.mail.drain();
    return count / seconds(began);
  } finally {
    await shop.close();
    fs.rmSync(outboxDir, { recursive: true, force: true });
  }
}

async function wholeCheckout(
  make: () => Scratch | Promise<Scratch | null>,
): Promise<{ engine: string; without: number; withHook: number; deferred: number } | null> {
  const scratch = await make();
  if (!scratch) return null;
  try {
    const count = Math.min(perRun, 500);
    const runs: Record<Checkout, number[]> = { without: [], inTransaction: [], deferred: [] };
    for (let round = 0; round < rounds; round++)
      for (const kind of ['without', 'inTransaction', 'deferred'] as const) runs[kind].push(await checkouts(scratch.url, kind, count));
    return { engine: scratch.engine, without: Math.max(...runs.without), withHook: Math.max(...runs.inTransaction), deferred: Math.max(...runs.deferred) };
  } finally {
    await scratch.drop();
  }
}

// `whole` as the second argument: the whole checkout only.
const onlyWhole = process.argv[3] === 'whole';
const results = onlyWhole ? [] : [await measure(scratchSqlite())];
const mysql = onlyWhole ? null : await scratchMysql();
if (mysql) results.push(await measure(mysql));
const whole = [await wholeCheckout(scratchSqlite), await wholeCheckout(scratchMysql)].filter((r) => r !== null);
const line = (r: { engine: string; without: number; withHook: number }) =>
  `  ${r.engine.padEnd(8)} without ${Math.round(r.without).toString().padStart(6)}   with the hook ${Math.round(r.withHook).toString().padStart(6)}   ratio ${(r.withHook / r.without).toFixed(2)}${r.engine === 'MariaDB' ? '  (goal ≥ 0.85)' : ''}`;
console.log(`The bare transaction: ${perRun} orders per run, ${parallel} at a time, best of ${rounds} alternating runs (orders/s):`);
const pad = (n: number) => Math.round(n).toString().padStart(6);
for (const r of results)
  console.log(
    [
      line(r),
      `  ${''.padEnd(8)} { deferred: true } ${pad(r.deferred)}   ratio ${(r.deferred / r.without).toFixed(2)}   against one \`select 1\` ${(r.deferred / r.floorOne).toFixed(2)}  (goal ≥ 0.8)`,
      `  ${''.padEnd(8)} its follow-ups after commit, one worker ${pad(r.followUps)}/s`,
      `  ${''.padEnd(8)} one \`select 1\` in its place ${pad(r.floorOne)}   ratio ${(r.floorOne / r.without).toFixed(2)}  (the floor for one statement)`,
      `  ${''.padEnd(8)} three \`select 1\` in its place ${pad(r.floor)}   ratio ${(r.floor / r.without).toFixed(2)}  (the floor for three statements)`,
    ].join('\n'),
  );
console.log(
  `The example shop's whole checkout: ${Math.min(perRun, 500)} checkouts per run, ${parallel} at a time, best of ${rounds} alternating runs (checkouts/s):`,
);
for (const r of whole)
  console.log(
    `${line(r)}\n  ${''.padEnd(8)} { deferred: true } ${pad(r.deferred)}   ratio ${(r.deferred / r.without).toFixed(2)}  (follow-ups in the same process, drained before the clock stops)`,
  );
