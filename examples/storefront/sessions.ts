import connectSessionKnex from 'connect-session-knex';
import type { RequestHandler } from 'express';
import session from 'express-session';
import type { Knex } from 'knex';

/** What the shop keeps in a shopper's session. */
declare module 'express-session' {
  interface SessionData {
    cart?: Record<string, number>;
    /** `emailVerified`: the customer followed the link e-mailed to this address (absent in sessions from before the shop asked). */
    customer?: { id: number; email: string; firstName: string; emailVerified?: boolean };
    /** Only the number: a session row must not hold the shopper's address after they are erased. */
    lastOrder?: { number: string; confirmNewsletter?: boolean };
  }
}

const table = 'shop_sessions';
const maxAge = 14 * 24 * 3600 * 1000;
const sweepEvery = 10 * 60 * 1000;

/**
 * Shoppers' sessions (cart, login) in the shop's own database, table `shop_sessions`, so that
 * several instances share them. The table is created by the shop's migrations; expired rows
 * are swept here rather than by the store's own timer, which could still be querying after
 * the shop closed its database.
 */
export function shopSessions(knex: Knex, secret: string): { middleware: RequestHandler; close(): Promise<void> } {
  const KnexStore = connectSessionKnex(session);
  const store = new KnexStore({ knex, tablename: table, createtable: false, disableDbCleanup: true });
  const middleware = session({
    name: 'shop_session',
    secret,
    store,
    resave: false,
    saveUninitialized: false,
    // 'auto': Secure whenever the request came over HTTPS (through the proxy the app trusts), so it never travels in clear there.
    cookie: { httpOnly: true, sameSite: 'lax', secure: 'auto', maxAge },
  });

  let sweeping: Promise<unknown> = Promise.resolve();
  const sweep = () => {
    const now = new Date();
    // connect-session-knex keeps ISO text on SQLite and a DATETIME (UTC) on MySQL/MariaDB.
    const expired =
      knex.client.dialect === 'sqlite3' ? knex(table).whereRaw('datetime(expired) < datetime(?)', [now.toISOString()]) : knex(table).where('expired', '<', now);
    sweeping = expired.delete().catch((err: Error) => console.error(`[storefront] could not remove expired sessions: ${err.message}`));
  };
  const timer = setInterval(sweep, sweepEvery).unref();

  return {
    middleware,
    async close() {
      clearInterval(timer);
      await sweeping;
    },
  };
}

/**
 * Ends every session of a customer, on every device and instance: after an erasure, so that
 * a second browser is logged out and no session row keeps the person's name or address. The
 * store keeps each session as the JSON of SessionData above; SQLite and MySQL/MariaDB both
 * read into it with json_extract. Returns how many sessions ended.
 */
export async function endCustomerSessions(knex: Knex, customerId: number): Promise<number> {
  return knex(table).whereRaw("json_extract(sess, '$.customer.id') = ?", [customerId]).delete();
}
