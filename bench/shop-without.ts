import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import cookieParser from 'cookie-parser';
import { doubleCsrf } from 'csrf-csrf';
import express from 'express';
import helmet from 'helmet';
import type { Knex } from 'knex';
import { connectDatabase, createPrivacy, outboxTransport } from '../index.js';
import { devSecret, type Shop, type ShopSettings } from '../examples/storefront/app.js';
import { t } from '../examples/storefront/messages.js';
import { migrateShop } from '../examples/storefront/migrations/index.js';
import { shopPrivacyOptions } from '../examples/storefront/privacy-options.js';
import { shopLocale, useShopViews } from '../examples/storefront/render.js';
import { accountRoutes } from '../examples/storefront/routes/account.js';
import { cartRoutes } from '../examples/storefront/routes/cart.js';
import { catalogueRoutes } from '../examples/storefront/routes/catalogue.js';
import { checkoutRoutes } from '../examples/storefront/routes/checkout.js';
import { newsletterRoutes } from '../examples/storefront/routes/newsletter.js';
import { verifyEmailRoutes } from '../examples/storefront/routes/verify-email.js';
import { seedCatalogue } from '../examples/storefront/seed.js';
import { shopSessions } from '../examples/storefront/sessions.js';
import { checkoutWithoutHook } from './checkout-without-hook.js';

/** What a benchmark takes out of the shop to measure what it costs. */
export type Piece = 'privacy middleware' | 'order hook' | 'order hook work in the transaction';

const publicDir = fileURLToPath(new URL('../examples/storefront/public', import.meta.url));

/**
 * The example shop with one piece of the module taken out, to run beside `createShop()` in one
 * benchmark. The example is what integrators copy, so it has no switches for this: the same app
 * is put together here from the example's own parts, in the order examples/storefront/app.ts
 * mounts them (keep the two in step), with only that piece replaced. No dev outbox, as the
 * benchmarks build the real shop without it too.
 */
export async function shopWithout(piece: Piece, settings: ShopSettings): Promise<Shop> {
  const knex = connectDatabase(settings.databaseUrl);
  try {
    return await openShopWithout(piece, knex, settings);
  } catch (err) {
    await knex.destroy();
    throw err;
  }
}

async function openShopWithout(piece: Piece, knex: Knex, settings: ShopSettings): Promise<Shop> {
  const sessionSecret = settings.sessionSecret ?? devSecret;
  const publicUrl = settings.publicUrl ?? 'http://localhost:3000';
  const mail = outboxTransport(settings.outboxDir);
  const privacy = createPrivacy(shopPrivacyOptions({ db: knex, secret: settings.privacySecret ?? `${devSecret}-privacy`, publicUrl, mail }));
  await migrateShop(knex);
  await privacy.migrate();
  await seedCatalogue(knex);

  const app = express();
  app.set('trust proxy', 'loopback');
  useShopViews(app, privacy);
  app.use(express.static(publicDir, { maxAge: '1h' }));
  app.use(cookieParser());
  const sessions = shopSessions(knex, sessionSecret);
  app.use(sessions.middleware);
  app.use(shopLocale);
  app.use(piece === 'privacy middleware' ? fixedPrivacyLocals : privacy.middleware());
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: { scriptSrc: ["'self'", (_req, res) => `'nonce-${(res as express.Response).locals.cspNonce}'`], upgradeInsecureRequests: null },
      },
    }),
  );
  app.use('/privacy', privacy.router());

  const { generateCsrfToken, doubleCsrfProtection } = doubleCsrf({
    getSecret: () => sessionSecret,
    getSessionIdentifier: () => '',
    cookieName: 'shop_csrf',
    cookieOptions: { sameSite: 'lax', path: '/', secure: false, httpOnly: true },
    getCsrfTokenFromRequest: (req) => (req.body as { _csrf?: string } | undefined)?._csrf,
  });
  app.use(express.urlencoded({ extended: false, limit: '16kb' }));
  app.use(doubleCsrfProtection);
  app.use((req, res, next) => {
    res.locals.csrfToken = generateCsrfToken(req, res);
    res.locals.customer = req.session.customer ?? null;
    res.locals.cartCount = Object.values(req.session.cart ?? {}).reduce((sum, n) => sum + n, 0);
    res.locals.path = req.path;
    next();
  });

  app.use(catalogueRoutes(knex));
  app.use(cartRoutes(knex));
  // 'order hook work in the transaction' swaps the example's hook for the one-statement one (`deferred: true`).
  if (piece === 'order hook') app.use(checkoutWithoutHook({ knex, mail, publicUrl }));
  if (piece === 'order hook work in the transaction') app.use(checkoutWithoutHook({ knex, mail, publicUrl, deferredTo: privacy }));
  app.use(checkoutRoutes({ knex, privacy, mail, publicUrl }));
  app.use(accountRoutes({ knex, privacy, mail, publicUrl }));
  app.use(verifyEmailRoutes({ knex, privacy, mail, publicUrl }));
  app.use(newsletterRoutes(privacy));
  app.use((_req, res) => res.status(404).render('error', { title: t(res.locals.locale, 'error.notFound'), message: t(res.locals.locale, 'error.notFound') }));

  return {
    app,
    knex,
    privacy,
    mail,
    async close() {
      await sessions.close();
      await privacy.close();
      await knex.destroy();
    },
  };
}

/** What the templates need from the module, fixed: "no banner, nothing but the necessary allowed". */
const fixedPrivacyLocals: express.RequestHandler = (_req, res, next) => {
  // Without the module the shop would make its own CSP nonce, as helmet's policy needs one.
  res.locals.cspNonce ??= randomBytes(16).toString('base64');
  res.locals.privacy = {
    locale: res.locals.locale ?? 'lv',
    policyUrl: '/privacy/policy',
    cookiesUrl: '/privacy/cookies',
    requestUrl: '/privacy/request',
    allows: (category: string) => category === 'necessary',
    banner: '',
    stylesheetUrl: '/privacy/assets/privacy.css',
    nonce: res.locals.cspNonce,
    gpc: false,
  };
  next();
};
