import express, { type Express } from 'express';
import type { Knex } from 'knex';
import { createPrivacy, type Privacy, type PrivacyOptions } from '../../index.js';
import { tempDir } from './databases.js';
import { testSecret } from './secret.js';
import { xpartsShop } from './shop-options.js';

/**
 * A host shop with just enough of a checkout to exercise the consent hooks the way a real
 * shop calls them: its own `orders` table, written in the same transaction as the hook.
 */
export async function createCheckoutHost(
  db: Knex,
  url: string,
  options: Partial<PrivacyOptions> = {},
): Promise<{ app: Express; privacy: Privacy; outbox: string }> {
  const outbox = tempDir('esp-checkout-outbox-');
  const privacy = createPrivacy({
    secret: testSecret,
    db: url,
    ...xpartsShop,
    publicUrl: 'http://shop.test',
    mailer: { outboxDir: outbox },
    ...options,
  });
  await privacy.migrate();
  if (!(await db.schema.hasTable('orders'))) {
    await db.schema.createTable('orders', (table) => {
      table.increments('id').primary();
      table.string('email', 254).notNullable();
      table.string('last_name', 40).notNullable();
      table.integer('total_cents').notNullable();
    });
  }
  const app = express();
  app.set('trust proxy', 'loopback');
  app.use(express.urlencoded({ extended: false }));
  app.use(privacy.middleware());
  app.use('/privacy', privacy.router());
  app.get('/checkout', (_req, res) => {
    res.send(
      `<form method="post" action="/checkout"><input name="email">${privacy.render.consentFields({ at: 'checkout', locale: res.locals.privacy.locale })}<button>Pay</button></form>`,
    );
  });
  app.post('/checkout', async (req, res) => {
    // The knex instance of the module is the shop's database here; a real shop passes its own.
    const order = await privacy.db.transaction(async (trx) => {
      const [id] = await trx('orders').insert({ email: req.body.email, last_name: 'Bērziņa', total_cents: 1999 });
      await privacy.hooks.orderCreated({ order: { id, email: req.body.email }, consents: req.body, req }, { trx });
      // A too-long name makes the shop's own insert fail after the hook: everything must roll back.
      if (req.body.fail) await trx('orders').insert({ email: req.body.email, last_name: 'x'.repeat(100), total_cents: null as never });
      return id;
    });
    res.status(201).json({ order });
  });
  // The failing order is expected in tests: answer 500 without express printing its stack (a
  // response already under way is left to express, which can only cut it short).
  app.use((err: unknown, _req: express.Request, res: express.Response, next: express.NextFunction) => {
    if (res.headersSent) return next(err);
    res.status(500).send('order failed');
  });
  return { app, privacy, outbox };
}
