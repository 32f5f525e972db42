import fs from 'node:fs';
import type { Request, Response } from 'express';
import type { Knex } from 'knex';
import { z } from 'zod';
import { cookieCategories } from '../cookies/choice.js';
import { declaredCookie } from '../cookies/options.js';
import { dataSource } from '../sources/schema.js';
import { retentionOptions } from '../retention/options.js';
import { supportedLocales } from './locales.js';
import { systemClock, type Clock } from '../store/time.js';
import {
  defaultController,
  defaultPolicy,
  defaultPurposes,
  defaultRecipients,
  defaultSecurityMeasures,
  defaultSupervisoryAuthority,
} from './defaults.js';

const text = z.string().trim().min(1, { error: 'expected a non-empty text' });
const localized = z.strictObject({ lv: text.optional(), en: text.optional() });
const locale = z.enum(supportedLocales);

/** GDPR Art. 6(1) (a)–(f). */
export const legalBases = ['consent', 'contract', 'legal_obligation', 'vital_interests', 'public_task', 'legitimate_interests'] as const;
export type LegalBasis = (typeof legalBases)[number];

/** Where a consent box for a purpose can be shown. */
export const consentPlaces = ['checkout', 'signup', 'newsletter'] as const;

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'expected a date as YYYY-MM-DD, e.g. "2023-03-08"' })
  .refine((value) => !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value), {
    error: 'expected a real calendar date as YYYY-MM-DD',
  });

const fn = <T extends (...args: never[]) => unknown>(expected: string) =>
  z.custom<T>((value) => typeof value === 'function', { error: `expected a function ${expected}` });

const controller = z.strictObject({
  name: text,
  regNo: text,
  address: text,
  email: z.email({ error: 'expected the e-mail address shoppers write to about their data' }),
  website: text,
  phone: text.optional(),
});

const policy = z.strictObject({
  /** What consents and acknowledgements name; default: the day this text was first published (policy/version.ts). */
  version: text.max(64, { error: 'expected at most 64 characters' }),
  /** The date shown as "last changed"; default: the day this text was first published. */
  date: isoDate,
  locales: z.array(locale, { error: `expected a list of languages from ${supportedLocales.map((l) => `"${l}"`).join(', ')}` })
    .min(1, { error: 'expected at least one language' })
    .refine((list) => new Set(list).size === list.length, { error: 'expected each language once' }),
});

const purpose = z.strictObject({
  id: z.string().regex(/^[a-z][a-z0-9_]{0,47}$/, { error: 'expected an id of lower-case letters, digits and "_", e.g. "newsletter"' }),
  title: localized,
  description: localized,
  legalBasis: z.enum(legalBases),
  legalBasisNote: localized.optional(),
  dataCategories: z.array(localized).min(1, { error: 'expected at least one category of personal data' }),
  retention: localized,
  /** Whose data this is, for the records of processing (Art. 30(1)(c)); default: the shop's customers and visitors. */
  subjectCategories: z.array(localized).optional(),
  /** Where the short notice (GDPR Art. 13) states this purpose, for purposes not based on consent. */
  noticeAt: z.array(z.enum(consentPlaces)).default([]),
  /** Carried out on the shop's premises (video surveillance): a printable sign for the entrance is served at GET /premises-notice. */
  premisesNotice: z.boolean().default(false),
  consent: z.strictObject({
    offeredAt: z.array(z.enum(consentPlaces)).default([]),
    cookieCategory: z.enum(cookieCategories).optional(),
    /** The exact words beside the box, in each language; their hash is kept with every answer. */
    label: localized.optional(),
  }).optional(),
});

/** The EU member states and Iceland, Liechtenstein and Norway: no transfer safeguard needed within them (GDPR Art. 44). */
export const eeaCountries: readonly string[] = [
  'AT', 'BE', 'BG', 'CY', 'CZ', 'DE', 'DK', 'EE', 'ES', 'FI', 'FR', 'GR', 'HR', 'HU', 'IE', 'IT', 'LT', 'LU', 'LV', 'MT', 'NL', 'PL', 'PT', 'RO', 'SE', 'SI', 'SK',
  'IS', 'LI', 'NO',
];
const regionNames = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });
const notCountries = new Set(['EU', 'EZ', 'UN', 'ZZ', 'QO']);
const country = z.string().refine((code) => /^[A-Z]{2}$/.test(code) && !notCountries.has(code) && regionNames.of(code) !== undefined, {
  error: 'expected a country as its ISO 3166 code in capitals, e.g. "LV", "IE" or "US"',
});

const recipient = z.strictObject({
  id: z.string().regex(/^[a-z][a-z0-9_]{0,47}$/, { error: 'expected an id of lower-case letters, digits and "_"' }),
  /** What kind of recipient it is, e.g. "E-mail delivery service". */
  name: localized,
  /** The company that receives the data, e.g. "Postmark (ActiveCampaign, LLC)"; without it the policy says it is not named and how to ask. */
  provider: text.optional(),
  purposes: z.array(z.string()).min(1, { error: 'expected the ids of the purposes this recipient serves' }),
  /** Where the recipient processes the data, as ISO 3166 codes, e.g. ["IE", "US"]; shown as country names in each language. */
  countries: z.array(country).min(1, { error: 'expected at least one country, or leave countries out and say location' }).optional(),
  /** Where the recipient is, in words; needed when `countries` is not given. */
  location: localized.optional(),
  thirdCountryTransfer: z.boolean(),
  /** The transfer safeguard (GDPR Art. 45–49), e.g. standard contractual clauses. */
  safeguard: localized.optional(),
  /** Where to get a copy of the safeguard (Art. 13(1)(f)): a web address or a text; default: "write to us at <controller.email>". */
  safeguardCopy: z.union([z.url({ protocol: /^https?$/ }), localized], { error: 'expected a web address ("https://…") or a text { lv, en }' }).optional(),
});

const supervisoryAuthority = z.strictObject({
  name: localized,
  address: text,
  website: z.url({ error: 'expected the authority\'s web address, e.g. "https://www.dvi.gov.lv"' }),
});

const knexInstance = z.custom<Knex>(
  (value) => typeof value === 'function' && typeof (value as Partial<Knex>).schema === 'object' && 'client' in (value as object),
  { error: 'expected a knex instance or a database URL ("sqlite:<path>" or "mysql://user:pass@host:3306/db")' },
);
const databaseUrl = z.string().regex(/^(sqlite:.+|(mysql|mariadb):\/\/.+)$/, {
  error: 'expected a knex instance or a database URL ("sqlite:<path>" or "mysql://user:pass@host:3306/db")',
});

const mailTransport = z.custom<{ sendMail: (...args: never[]) => unknown }>(
  (value) => typeof value === 'object' && value !== null && typeof (value as { sendMail?: unknown }).sendMail === 'function',
  { error: 'expected a nodemailer transport (the result of nodemailer.createTransport(...))' },
);

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

export const optionsSchema = z.strictObject({
  db: z.union([knexInstance, databaseUrl]).default('sqlite:data/privacy.sqlite'),
  tablePrefix: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,20}$/, { error: 'expected letters, digits and "_" (at most 21), e.g. "privacy_"' }).default('privacy_'),
  secret: z.string({ error: 'expected a secret of at least 32 random characters, the same on every instance, e.g. process.env.PRIVACY_SECRET' })
    .min(32, { error: 'expected at least 32 random characters (it signs the consent cookie and CSRF tokens)' }),
  cookies: z.strictObject({
    /** Ask again after this many days, as well as whenever the policy version changes. */
    reaskAfterDays: z.number().int().min(1).max(395, { error: 'expected at most 395 days (13 months), the longest a consent choice should be kept without asking again' }).default(365),
    name: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, { error: 'expected a cookie name of letters, digits, "_" and "-"' }).default('privacy_consent'),
    /** The shop's own cookies and its tags', each with its purpose, lifetime and provider (ePrivacy 5(3)); the module declares its own. */
    declarations: z.array(declaredCookie).default([]),
  }).prefault({}),
  publicUrl: z.url({ error: 'expected the shop\'s public address for links in e-mails, e.g. "https://xparts.lv"' }).optional(),
  mountPath: z.string().regex(/^\/[A-Za-z0-9/_-]*$/, { error: 'expected the path the router is mounted at, e.g. "/privacy"' }).default('/privacy'),
  controller: controller.partial({ name: true, regNo: true, address: true, website: true }).transform((given) => ({ ...defaultController, ...given })),
  // An empty version or date is settled from the published text at start (privacy.migrate()).
  policy: policy.partial().prefault({}).transform((given) => ({ version: given.version ?? '', date: given.date ?? '', locales: given.locales ?? defaultPolicy.locales })),
  purposes: z.array(purpose).min(1, { error: 'expected at least one purpose' }).prefault(defaultPurposes),
  recipients: z.array(recipient).prefault(defaultRecipients),
  supervisoryAuthority: supervisoryAuthority.prefault(defaultSupervisoryAuthority),
  /** The technical and organisational security measures, for the records of processing (Art. 30(1)(g)). */
  securityMeasures: z.array(localized).min(1, { error: 'expected at least one security measure' }).prefault(defaultSecurityMeasures),
  currentCustomer: fn<(req: Request) => CurrentCustomer | null | Promise<CurrentCustomer | null>>('(req) => ({ id, email }) | null')
    .default(() => () => null),
  isStaff: fn<(req: Request) => boolean | Promise<boolean>>('(req) => boolean').default(() => () => false),
  /** The shopper's language as the shop knows it (e.g. from the customer's profile): "lv", "en", or undefined to let the request decide. */
  locale: fn<(req: Request, res: Response) => string | null | undefined>('(req, res) => "lv" | "en" | undefined').optional(),
  /** Who the staff member is, for the audit trail and a request's "handled by" (no name needed: an id will do). */
  staffId: fn<(req: Request) => string | number | null | undefined | Promise<string | number | null | undefined>>('(req) => staff member id').default(() => () => null),
  mailer: z.strictObject({
    transport: mailTransport.optional(),
    from: text.optional(),
    outboxDir: text.default('data/outbox'),
  }).prefault({}),
  /** The shop's currency (ISO 4217), for amounts a data source gives in cents. */
  currency: z.string().regex(/^[A-Z]{3}$/, { error: 'expected a three-letter currency code, e.g. "EUR"' }).default('EUR'),
  /** Where the shop keeps personal data: one declaration per table or outside store. */
  dataSources: z.array(dataSource).default([]),
  /** How long the module keeps its own records, and the optional in-process schedule of retention runs. */
  retention: retentionOptions.prefault({}),
  /** What the module calls "now" (see store/time.ts); tests hand it a clock of their own. */
  clock: fn<Clock>('() => Date').default(() => systemClock),
  views: text.refine((dir) => fs.existsSync(dir) && fs.statSync(dir).isDirectory(), { error: 'expected an existing folder of .hbs templates that override the module\'s' }).optional(),
});

export type ConsentPlace = (typeof consentPlaces)[number];
export type PrivacyOptions = z.input<typeof optionsSchema>;
export type ResolvedOptions = z.output<typeof optionsSchema>;
export type ControllerInput = z.input<typeof controller>;
export type PurposeInput = z.input<typeof purpose>;
export type Purpose = z.output<typeof purpose>;
export type RecipientInput = z.input<typeof recipient>;
export type Recipient = z.output<typeof recipient>;
export type SupervisoryAuthorityInput = z.input<typeof supervisoryAuthority>;
