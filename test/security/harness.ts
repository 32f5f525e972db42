import { createHash } from 'node:crypto';
import { expect } from 'chai';
import type { Knex } from 'knex';
import type request from 'supertest';
import { allTables, engines, type TestDatabase } from '../support/databases.js';
import { csrfOf, shopper, startShop } from '../support/shop.js';

export type Shop = Awaited<ReturnType<typeof startShop>>;
export type Browser = ReturnType<typeof shopper>;

/** What every hostile case gets: the shop, a logged-in shopper, a stranger, and valid tokens where a case needs one. */
export interface Context {
  shop: Shop;
  db: TestDatabase;
  /** Logged in as anna@example.lv, who has an order and an account. */
  anna: Browser;
  /** A visitor with no session. */
  stranger: Browser;
  /** A valid CSRF token of the page `from` for the form posting to `action`, in `who`'s cookie jar. */
  token(who: Browser, from: string, action: string): Promise<string>;
}

export interface HostileCase {
  name: string;
  /** Sets up what the case needs (a used link, say) before the tables are fingerprinted. */
  prepare?(context: Context): Promise<unknown>;
  send(context: Context, prepared: unknown): Promise<request.Response>;
  /** The 4xx expected (one of them). */
  status: number | number[];
  /** The language the answer must be in; default Latvian, the shop's. */
  lang?: 'lv' | 'en';
}

/** Tables whose rows may change on a refused request by design: sessions, and the rate limits that count refusals. */
const volatile = new Set(['shop_sessions', 'privacy_rate_limits']);

/** A fingerprint of every row of every table: the same before and after means nothing changed. */
export async function fingerprint(knex: Knex): Promise<Record<string, string>> {
  const names = await allTables(knex);
  const prints: Record<string, string> = {};
  for (const name of names.filter((n) => !volatile.has(n)).sort()) {
    prints[name] = createHash('sha256')
      .update(JSON.stringify(await knex(name).select()))
      .digest('hex');
  }
  return prints;
}

/**
 * Declares the cases once per database engine, all against one shop (starting one per case
 * would take minutes): before each case every table is fingerprinted, after it compared.
 */
export function hostileSuite(title: string, cases: HostileCase[]): void {
  for (const engine of engines) {
    describe(`${title} [${engine.name}]`, function () {
      this.timeout(60_000);
      let context: Context;
      before(async function () {
        const db = await engine.create();
        const shop = await startShop(db.url);
        const anna = shopper(shop);
        await anna.addToCart(1);
        await anna
          .post('/checkout', { email: 'anna@example.lv', first_name: 'Anna', last_name: 'Bērziņa', phone: '+371 29 123 456', address: 'Rīga' })
          .expect(303);
        await anna.post('/signup', { email: 'anna@example.lv', first_name: 'Anna', last_name: 'Bērziņa', password: 'a long password' }).expect(303);
        const token = async (who: Browser, from: string, action: string) => csrfOf((await who.agent.get(from)).text, action);
        context = { shop, db, anna, stranger: shopper(shop), token };
      });
      after(async function () {
        await context?.shop.stop();
        await context?.db.drop();
      });
      for (const hostile of cases) {
        it(hostile.name, async function () {
          const prepared = await hostile.prepare?.(context);
          const unchanged = await fingerprint(context.db.knex);
          const res = await hostile.send(context, prepared);
          const allowed = Array.isArray(hostile.status) ? hostile.status : [hostile.status];
          expect(res.status, `${hostile.name}: ${res.text?.slice(0, 200)}`).to.be.oneOf(allowed);
          expect(res.status).to.be.within(400, 499);
          if (String(res.headers['content-type'] ?? '').startsWith('text/html')) {
            expect(res.text).to.contain(`<html lang="${hostile.lang ?? 'lv'}">`);
            expect(res.text).not.to.match(/<script>alert|onerror=alert/i);
          }
          expect(await fingerprint(context.db.knex), 'a refused request changed a row').to.deep.equal(unchanged);
        });
      }
    });
  }
}
