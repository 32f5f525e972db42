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
 *   npx tsx bench/order-hook.ts [orders per run]     (`npm run bench:orders`)
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

async function measure(scratch: Scratch): Promise<{ engine: string; without: number; withHook: number; floor: number }> {
  const knex = connectDatabase(scratch.url);
  const privacy = createPrivacy({ db: knex, secret: 'bench-secret-0123456789abcdefghijklmnop', ...xpartsShop });
  try {
    await migrateShop(knex);
    await privacy.migrate();
    await seedCatalogue(knex);
    const hook = (trx: Knex.Transaction, id: number, email: string) =>
      privacy.hooks.orderCreated({ order: { id, email }, consents: { consent_social_advertising: id % 3 ? '' : 'yes' } }, { trx });
    const threeStatements = async (trx: Knex.Transaction) => {
      for (let i = 0; i < 3; i++) await trx.raw('select 1');
    };
    const without: number[] = [];
    const withHook: number[] = [];
    const floor: number[] = [];
    for (let round = 0; round < rounds; round++) {
      without.push(await run(knex, null, `plain${round}-`));
      withHook.push(await run(knex, hook, `hooked${round}-`));
      floor.push(await run(knex, threeStatements, `floor${round}-`));
    }
    return { engine: scratch.engine, without: Math.max(...without), withHook: Math.max(...withHook), floor: Math.max(...floor) };
  } finally {
    await privacy.close();
    await knex.destroy();
    await scratch.drop();
  }
}

/** Checkouts per second through the example shop's own POST /checkout, carts made ready first. */
async function checkouts(databaseUrl: string, withoutOrderHook: boolean, count: number): Promise<number> {
  const outboxDir = fs.mkdtempSync(path.join(os.tmpdir(), 'esp-bench-outbox-'));
  const settings = { databaseUrl, outboxDir, devOutbox: false };
  const shop = withoutOrderHook ? await shopWithout('order hook', settings) : await createShop(settings);
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
              email: `${withoutOrderHook ? 'bare' : 'hook'}${i}@example.lv`,
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
    return count / seconds(began);
  } finally {
    await shop.close();
    fs.rmSync(outboxDir, { recursive: true, force: true });
  }
}

async function wholeCheckout(make: () => Scratch | Promise<Scratch | null>): Promise<{ engine: string; without: number; withHook: number } | null> {
  const scratch = await make();
  if (!scratch) return null;
  try {
    const count = Math.min(perRun, 500);
    const without: number[] = [];
    const withHook: number[] = [];
    for (let round = 0; round < rounds; round++) {
      without.push(await checkouts(scratch.url, true, count));
      withHook.push(await checkouts(scratch.url, false, count));
    }
    return { engine: scratch.engine, without: Math.max(...without), withHook: Math.max(...withHook) };
  } finally {
    await scratch.drop();
  }
}

const results = [await measure(scratchSqlite())];
const mysql = await scratchMysql();
if (mysql) results.push(await measure(mysql));
const whole = [await wholeCheckout(scratchSqlite), await wholeCheckout(scratchMysql)].filter((r) => r !== null);
const line = (r: { engine: string; without: number; withHook: number }) =>
  `  ${r.engine.padEnd(8)} without ${Math.round(r.without).toString().padStart(6)}   with the hook ${Math.round(r.withHook).toString().padStart(6)}   ratio ${(r.withHook / r.without).toFixed(2)}${r.engine === 'MariaDB' ? '  (goal ≥ 0.85)' : ''}`;
console.log(`The bare transaction: ${perRun} orders per run, ${parallel} at a time, best of ${rounds} alternating runs (orders/s):`);
for (const r of results)
  console.log(
    `${line(r)}\n  ${''.padEnd(8)} three \`select 1\` in its place ${Math.round(r.floor).toString().padStart(6)}   ratio ${(r.floor / r.without).toFixed(2)}  (the floor for three statements)`,
  );
console.log(
  `The example shop's whole checkout: ${Math.min(perRun, 500)} checkouts per run, ${parallel} at a time, best of ${rounds} alternating runs (checkouts/s):`,
);
for (const r of whole) console.log(line(r));
