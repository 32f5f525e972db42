import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import cookieParser from 'cookie-parser';
import { doubleCsrf } from 'csrf-csrf';
import express, { type ErrorRequestHandler } from 'express';
import helmet from 'helmet';
import type { Knex } from 'knex';
import nodemailer, { type Transporter } from 'nodemailer';
import { connectDatabase, createPrivacy, outboxTransport, type Privacy } from '../../index.js';
import { shopPrivacyOptions } from './privacy-options.js';
import { t, type ShopLocale } from './messages.js';
import { migrateShop } from './migrations/index.js';
import { shopViews, shopLocale } from './render.js';
import { accountRoutes } from './routes/account.js';
import { cartRoutes } from './routes/cart.js';
import { catalogueRoutes } from './routes/catalogue.js';
import { checkoutRoutes } from './routes/checkout.js';
import { newsletterRoutes } from './routes/newsletter.js';
import { outboxRoutes } from './routes/outbox.js';
import { verifyEmailRoutes } from './routes/verify-email.js';
import { seedCatalogue } from './seed.js';
import { endCustomerSessions, shopSessions } from './sessions.js';

export interface ShopSettings {
  /** `sqlite:<path>` or `mysql://user:pass@host:3306/db`. */
  databaseUrl: string;
  /** The folder the dev mail transport writes sent e-mails into. */
  outboxDir: string;
  /**
   * A nodemailer transport URL (`smtps://user:password@mail.example.lv:465`): the shop and the
   * module send real mail through it. Without it, e-mails are written to `outboxDir`.
   */
  smtpUrl?: string;
  /** Signs the shop's session and CSRF cookies. Default: a development-only secret. */
  sessionSecret?: string;
  /** Signs the privacy module's consent cookie and CSRF tokens. Default: a development-only secret. */
  privacySecret?: string;
  /** Where shoppers reach the shop, for links in e-mails. Default: `http://localhost:3000`. */
  publicUrl?: string;
  /**
   * Lists sent e-mails at /dev/outbox, verification links included: for a developer's own machine
   * only (`DEV_OUTBOX=1` for `npm start`). Default: false.
   */
  devOutbox?: boolean;
}

/** Development only: `settingsFromEnv` refuses to start in production without real secrets. */
export const devSecret = 'xparts-dev-only-secret-do-not-use-in-production';

export interface Shop {
  app: express.Express;
  knex: Knex;
  privacy: Privacy;
  mail: Transporter;
  close(): Promise<void>;
}

const publicDir = fileURLToPath(new URL('./public', import.meta.url));

/** xparts.lv, a small auto-parts shop, mounting express-shop-privacy as the README tells integrators to. */
export async function createShop(options: ShopSettings): Promise<Shop> {
  const settings = {
    ...options,
    sessionSecret: options.sessionSecret ?? devSecret,
    privacySecret: options.privacySecret ?? `${devSecret}-privacy`,
    publicUrl: options.publicUrl ?? 'http://localhost:3000',
  };
  const knex = connectDatabase(settings.databaseUrl);
  try {
    return await openShop(knex, settings);
  } catch (err) {
    await knex.destroy();
    throw err;
  }
}

async function openShop(knex: Knex, settings: Required<Omit<ShopSettings, 'devOutbox' | 'smtpUrl'>> & ShopSettings): Promise<Shop> {
  const mail = shopMail(settings);
  const views = shopViews();
  const privacy = createPrivacy({
    ...shopPrivacyOptions({ db: knex, secret: settings.privacySecret, publicUrl: settings.publicUrl, mail }),
    // The module's pages in the shop's own header and footer.
    layout: views.privacyLayout,
  });
  await migrateShop(knex);
  await privacy.migrate();
  await seedCatalogue(knex);
  keepMailingListInStep(privacy, knex);
  endSessionsOfErased(privacy, knex);

  const app = express();
  app.set('trust proxy', 'loopback');
  views.use(app, privacy);
  app.use(express.static(publicDir, { maxAge: '1h' }));
  app.use(cookieParser());
  const sessions = shopSessions(knex, settings.sessionSecret);
  app.use(sessions.middleware);
  app.use(shopLocale);
  app.use(privacy.middleware());
  const { generateCsrfToken, doubleCsrfProtection } = doubleCsrf({
    getSecret: () => settings.sessionSecret,
    getSessionIdentifier: () => '',
    cookieName: 'shop_csrf',
    cookieOptions: { sameSite: 'lax', path: '/', secure: false, httpOnly: true },
    getCsrfTokenFromRequest: (req) => (req.body as { _csrf?: string } | undefined)?._csrf,
  });
  // Before the module's pages too: its pages show the shop's header and footer (the layout option), whose forms post to the shop.
  app.use((req, res, next) => {
    res.locals.csrfToken = generateCsrfToken(req, res);
    res.locals.customer = req.session.customer ?? null;
    res.locals.cartCount = Object.values(req.session.cart ?? {}).reduce((sum, n) => sum + n, 0);
    res.locals.path = req.path;
    next();
  });
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: { scriptSrc: ["'self'", (_req, res) => `'nonce-${(res as express.Response).locals.cspNonce}'`], upgradeInsecureRequests: null },
      },
    }),
  );
  app.use('/privacy', privacy.router());

  app.use(express.urlencoded({ extended: false, limit: '16kb' }));
  app.use(doubleCsrfProtection);

  app.use(catalogueRoutes(knex));
  app.use(cartRoutes(knex));
  app.use(checkoutRoutes({ knex, privacy, mail, publicUrl: settings.publicUrl }));
  app.use(accountRoutes({ knex, privacy, mail, publicUrl: settings.publicUrl }));
  app.use(verifyEmailRoutes({ knex, privacy, mail, publicUrl: settings.publicUrl }));
  app.use(newsletterRoutes(privacy));
  if (settings.devOutbox === true) app.use(outboxRoutes(settings.outboxDir));
  app.use((_req, res) => res.status(404).render('error', { title: t(res.locals.locale, 'error.notFound'), message: t(res.locals.locale, 'error.notFound') }));
  app.use(shopErrorPage);

  return {
    app,
    knex,
    privacy,
    mail,
    async close() {
      await sessions.close();
      await privacy.close();
      mail.close();
      await knex.destroy();
    },
  };
}

/** The shop's mailing list mirrors the module's consent: what a real shop does for its mailing provider. */
function keepMailingListInStep(privacy: Privacy, knex: Knex): void {
  privacy.on('consent.granted', async ({ email, purpose, source, at }) => {
    if (purpose === 'newsletter') await knex('newsletter_subscribers').insert({ email, source, created_at: at }).onConflict('email').ignore();
  });
  privacy.on('consent.withdrawn', async ({ email, purpose }) => {
    if (purpose === 'newsletter') await knex('newsletter_subscribers').where({ email }).delete();
  });
}

/**
 * An erased customer is logged out everywhere (GDPR Art. 17): the module ends the session of
 * the browser that asked; this ends the others, which still hold the person's name and address.
 */
function endSessionsOfErased(privacy: Privacy, knex: Knex): void {
  privacy.on('subject.erased', async ({ customerId }) => {
    if (customerId !== null) await endCustomerSessions(knex, Number(customerId));
  });
}

const shopErrorPage: ErrorRequestHandler = (err, _req, res, next) => {
  if (res.headersSent) return next(err);
  const locale: ShopLocale = res.locals.locale ?? 'lv';
  const csrf = (err as { code?: string }).code === 'EBADCSRFTOKEN';
  const status = csrf ? 403 : typeof (err as { status?: number }).status === 'number' ? (err as { status: number }).status : 500;
  if (status >= 500)
    console.error(
      `[storefront] ${(err as Error).name}: ${String((err as Error).stack ?? '')
        .split('\n')
        .slice(1, 4)
        .join(' ')}`,
    );
  res.status(status).render('error', { title: t(locale, 'error.title'), message: t(locale, csrf ? 'error.csrf' : 'error.text') });
};

/** Where the shop's and the module's e-mails go: the SMTP server `smtpUrl` names, else the outbox folder. */
export function shopMail(settings: Pick<ShopSettings, 'outboxDir' | 'smtpUrl'>): Transporter {
  return settings.smtpUrl ? nodemailer.createTransport(settings.smtpUrl) : outboxTransport(settings.outboxDir);
}

/** The shop's database, as `npm start` and `npm run staff` read it: DATABASE_URL, default the embedded SQLite file. */
export function databaseUrlFromEnv(env: NodeJS.ProcessEnv): string {
  return env.DATABASE_URL ?? 'sqlite:data/shop.sqlite';
}

/** Settings from the environment, for `npm start`. */
export function settingsFromEnv(env: NodeJS.ProcessEnv, port: number): ShopSettings {
  if (env.NODE_ENV === 'production' && (!env.SESSION_SECRET || !env.PRIVACY_SECRET)) {
    throw new Error('Set SESSION_SECRET and PRIVACY_SECRET (32+ random characters each) in production.');
  }
  const outboxDir = env.OUTBOX_DIR ?? 'data/outbox';
  fs.mkdirSync(path.resolve(outboxDir), { recursive: true });
  return {
    databaseUrl: databaseUrlFromEnv(env),
    outboxDir,
    smtpUrl: env.SMTP_URL || undefined,
    sessionSecret: env.SESSION_SECRET || undefined,
    privacySecret: env.PRIVACY_SECRET || undefined,
    publicUrl: env.PUBLIC_URL || `http://localhost:${port}`,
    // Anyone who can open /dev/outbox can follow anyone's links: never on unless asked for.
    devOutbox: env.DEV_OUTBOX === '1' && env.NODE_ENV !== 'production',
  };
}
