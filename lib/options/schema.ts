import fs from 'node:fs';
import type { Request, Response } from 'express';
import type { Knex } from 'knex';
import type { SendMailOptions } from 'nodemailer';
import { z } from 'zod';
import type { DerivedOptions } from './resolved.js';
import { declaredCookie } from './cookies.js';
import { dataSourceList } from './sources.js';
import { retentionOptions } from './retention.js';
import { controller, localized, policy, policyTexts, purpose, recipient, supervisoryAuthority, text, timezone } from './policy-schema.js';
import { systemClock, type Clock } from '../store/time.js';
import type { Locale } from './locales.js';
import { defaultPolicy, defaultPurposes, defaultRecipients, defaultSecurityMeasures, defaultTimezone } from './defaults.js';

const fn = <T extends (...args: never[]) => unknown>(expected: string) =>
  z.custom<T>((value) => typeof value === 'function', { error: `expected a function ${expected}` });

const knexInstance = z.custom<Knex>(
  (value) => typeof value === 'function' && typeof (value as Partial<Knex>).schema === 'object' && 'client' in (value as object),
  { error: 'expected a knex instance or a database URL ("sqlite:<path>" or "mysql://user:pass@host:3306/db")' },
);
const databaseUrl = z.string().regex(/^(sqlite:.+|(mysql|mariadb):\/\/.+)$/, {
  error: 'expected a knex instance or a database URL ("sqlite:<path>" or "mysql://user:pass@host:3306/db")',
});

/** What the module sends its e-mails through: a nodemailer transport, or anything with its `sendMail(message)`. */
export interface MailTransport {
  sendMail(message: SendMailOptions): Promise<unknown>;
}

const mailTransport = z.custom<MailTransport>(
  (value) => typeof value === 'object' && value !== null && typeof (value as { sendMail?: unknown }).sendMail === 'function',
  { error: 'expected a nodemailer transport (the result of nodemailer.createTransport(...))' },
);

/** What the module logs through: `console`, or the shop's own logger (pino, winston…). Each call gets one line of text. */
export interface PrivacyLogger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/** Who is logged in, as the host's `currentCustomer(req)` says. */
export interface CurrentCustomer {
  id: string | number;
  email: string;
  /**
   * Whether the shop has proved the address is this customer's (a verification link). Without
   * it the module shows, exports, corrects and erases only what is linked to the customer id;
   * what was found by the address alone (guest orders, newsletter rows) waits for proof.
   */
  emailVerified?: boolean;
}

/** What the shop's `layout` function gets besides the page's HTML. */
export interface ShopLayoutContext {
  title: string;
  locale: Locale;
  /** This response's CSP nonce: the shop's own inline scripts carry it on the module's pages. */
  nonce: string;
  req: Request;
  res: Response;
  /** The module's stylesheet link: print it unescaped in <head>. */
  privacyHead: string;
  /** The cookie banner while a choice is due, else '': print it unescaped at the end of <body>. */
  privacyBanner: string;
}

/** The shop's layout for any view engine: the module's page (`html`) inside the shop's header and footer. */
export type ShopLayout = (html: string, context: ShopLayoutContext) => string | Promise<string>;

const layoutSource = text.refine((given) => (given.endsWith('.hbs') ? fs.existsSync(given) : /\{\{\{?\s*body\s*\}?\}\}/.test(given)), {
  error: 'expected the path of an existing .hbs layout, a handlebars layout with {{{body}}}, or a function (html, context) => page',
});

export const optionsSchema = z.strictObject({
  db: z.union([knexInstance, databaseUrl]).default('sqlite:data/privacy.sqlite'),
  tablePrefix: z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_]{0,20}$/, { error: 'expected letters, digits and "_" (at most 21), e.g. "privacy_"' })
    .default('privacy_'),
  secret: z
    .string({ error: 'expected a secret of at least 32 random characters, the same on every instance, e.g. process.env.PRIVACY_SECRET' })
    .min(32, { error: 'expected at least 32 random characters (it signs the consent cookie and CSRF tokens)' }),
  /** Secrets the audit chain's HMAC keys derive from, newest first: new rows use the first, older rows verify under any. Default: [secret]. */
  auditSecrets: z
    .array(z.string().min(32, { error: 'expected at least 32 random characters, kept out of the database' }))
    .min(1)
    .optional(),
  /**
   * Under NODE_ENV=production a published example secret (`exampleSecrets`: the README's, the
   * example shop's) as `secret` or in `auditSecrets` is refused, since everyone can read it; `true`
   * lets it through, for a demo that runs as production but guards nothing. Default: false.
   */
  allowExampleSecret: z.boolean().default(false),
  /**
   * An address outside the shop's database (the operator's, an archive mailbox) that each
   * retention run mails the audit head to, so a cut or rewritten chain shows against it.
   */
  auditHeadTo: z.email({ error: 'expected an e-mail address' }).optional(),
  cookies: z
    .strictObject({
      /** Ask again after this many days, as well as whenever the policy version changes. */
      reaskAfterDays: z
        .number()
        .int()
        .min(1)
        .max(395, { error: 'expected at most 395 days (13 months), the longest a consent choice should be kept without asking again' })
        .default(365),
      name: z
        .string()
        .regex(/^[A-Za-z0-9_-]{1,64}$/, { error: 'expected a cookie name of letters, digits, "_" and "-"' })
        .default('privacy_consent'),
      /** The shop's own cookies and its tags', each with its purpose, lifetime and provider (ePrivacy 5(3)); the module declares its own. */
      declarations: z.array(declaredCookie).default([]),
      /** How many verified consent cookies each instance remembers (least recently used first out): about the visitors active at once. */
      verifiedCacheSize: z
        .number({ error: 'expected a whole number of consent cookies to remember, e.g. 10000' })
        .int({ error: 'expected a whole number of consent cookies to remember, e.g. 10000' })
        .min(0, { error: 'expected 0 (check every cookie) or more' })
        .max(1_000_000, { error: 'expected at most 1000000 (each remembered cookie takes about 350 bytes)' })
        .default(10_000),
    })
    .prefault({}),
  publicUrl: z.url({ error: 'expected the shop\'s public address for links in e-mails, e.g. "https://xparts.lv"' }).optional(),
  mountPath: z
    .string()
    .regex(/^\/[A-Za-z0-9/_-]*$/, { error: 'expected the path the router is mounted at, e.g. "/privacy"' })
    .default('/privacy'),
  // The shop's own, always: a default would publish another company as the controller.
  controller,
  // An empty version or date is settled from the published text at start (privacy.migrate()).
  policy: policy
    .partial()
    .prefault({})
    .transform((given) => ({ version: given.version ?? '', date: given.date ?? '', locales: given.locales ?? defaultPolicy.locales })),
  purposes: z.array(purpose).min(1, { error: 'expected at least one purpose' }).prefault(defaultPurposes),
  recipients: z.array(recipient).prefault(defaultRecipients),
  supervisoryAuthority,
  /** The technical and organisational security measures, for the records of processing (Art. 30(1)(g)). */
  securityMeasures: z.array(localized).min(1, { error: 'expected at least one security measure' }).prefault(defaultSecurityMeasures),
  /** The shop's own wording of the policy's descriptive paragraphs; the rest are the module's neutral texts. */
  policyTexts: policyTexts.prefault({}),
  currentCustomer: fn<(req: Request) => CurrentCustomer | null | Promise<CurrentCustomer | null>>('(req) => ({ id, email }) | null').default(() => () => null),
  isStaff: fn<(req: Request) => boolean | Promise<boolean>>('(req) => boolean').default(() => () => false),
  /** The shopper's language as the shop knows it (e.g. from the customer's profile): "lv", "en", or undefined to let the request decide. */
  locale: fn<(req: Request, res: Response) => string | null | undefined>('(req, res) => "lv" | "en" | undefined').optional(),
  /** Who the staff member is, for the audit trail and a request's "handled by" (no name needed: an id will do). */
  staffId: fn<(req: Request) => string | number | null | undefined | Promise<string | number | null | undefined>>('(req) => staff member id').default(
    () => () => null,
  ),
  mailer: z
    .strictObject({
      transport: mailTransport.optional(),
      from: text.optional(),
      /** Without a transport, e-mails are written to this folder (development). */
      outboxDir: text.default('data/outbox'),
      /** The worker that sends what the outbox table holds; see docs/operations.md. */
      worker: z
        .strictObject({
          enabled: z.boolean().default(true),
          pollSeconds: z.number().int().min(1).max(3600).default(15),
          maxAttempts: z.number().int().min(1).max(30).default(12),
          sendTimeoutSeconds: z.number().int().min(1).max(600).default(30),
        })
        .prefault({}),
    })
    .prefault({}),
  /** The shop's currency (ISO 4217), for amounts a data source gives in cents. */
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/, { error: 'expected a three-letter currency code, e.g. "EUR"' })
    .default('EUR'),
  /** Where the shop keeps personal data: one declaration per table or outside store. */
  dataSources: dataSourceList.default([]),
  /** How long the module keeps its own records, and the optional in-process schedule of retention runs. */
  retention: retentionOptions.prefault({}),
  /** The time zone of every date the module shows (pages, e-mails, the export, the policy date) and of its schedule. */
  timezone: timezone.default(defaultTimezone),
  /** What the module calls "now" (see store/time.ts); tests hand it a clock of their own. */
  clock: fn<Clock>('() => Date').default(() => systemClock),
  /** Where the module's log lines go (default: console); they never hold personal data. */
  logger: z
    .custom<PrivacyLogger>(
      (value) =>
        typeof value === 'object' &&
        value !== null &&
        ['info', 'warn', 'error'].every((level) => typeof (value as Record<string, unknown>)[level] === 'function'),
      { error: 'expected a logger with info, warn and error methods, e.g. console or a pino logger' },
    )
    .default(() => console),
  /** The shop's own layout around the module's pages: a .hbs file, its source, or a function for any engine (docs/options.md#layout). */
  layout: z
    .union([layoutSource, fn<ShopLayout>('(html, { title, locale, nonce, req, res, privacyHead, privacyBanner }) => page')], {
      error: 'expected the path of a .hbs layout, a handlebars layout with {{{body}}}, or a function (html, context) => page',
    })
    .optional(),
  views: text
    .refine((dir) => fs.existsSync(dir) && fs.statSync(dir).isDirectory(), {
      error: "expected an existing folder of .hbs templates that override the module's",
    })
    .optional(),
});

export type PrivacyOptions = z.input<typeof optionsSchema>;
/** The options as every part of the module reads them: validated, defaults filled in, and what is derived from them. */
export type ResolvedOptions = z.output<typeof optionsSchema> & DerivedOptions;

export { consentPlaces, eeaCountries, legalBases } from './policy-schema.js';
export type {
  ConsentPlace,
  ControllerInput,
  LegalBasis,
  PolicyTextName,
  PolicyTextsInput,
  Purpose,
  PurposeInput,
  Recipient,
  RecipientInput,
  SupervisoryAuthorityInput,
} from './policy-schema.js';
