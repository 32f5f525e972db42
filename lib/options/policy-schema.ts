import { z } from 'zod';
import { cookieCategories } from './cookies.js';
import { supportedLocales } from './locales.js';

/** The parts of the options that say what the policy states: controller, purposes, recipients, authority. */
export const text = z.string().trim().min(1, { error: 'expected a non-empty text' });
export const localized = z.strictObject({ lv: text.optional(), en: text.optional() });
export const locale = z.enum(supportedLocales);

/** GDPR Art. 6(1) (a)–(f). */
export const legalBases = ['consent', 'contract', 'legal_obligation', 'vital_interests', 'public_task', 'legitimate_interests'] as const;

/** Where a consent box for a purpose can be shown. */
export const consentPlaces = ['checkout', 'signup', 'newsletter'] as const;

export const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'expected a date as YYYY-MM-DD, e.g. "2023-03-08"' })
  .refine((value) => !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value), {
    error: 'expected a real calendar date as YYYY-MM-DD',
  });

/** An IANA time zone the runtime knows (Intl), e.g. "Europe/Riga". */
export const timezone = z.string().refine(
  (zone) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: zone });
      return true;
    } catch {
      return false;
    }
  },
  { error: 'expected an IANA time zone, e.g. "Europe/Riga" or "UTC"' },
);

export const controller = z.strictObject({
  name: text,
  regNo: text,
  address: text,
  email: z.email({ error: 'expected the e-mail address shoppers write to about their data' }),
  website: text,
  phone: text.optional(),
});

export const policy = z.strictObject({
  /** What consents and acknowledgements name; default: the day this text was first published (policy/version.ts). */
  version: text.max(64, { error: 'expected at most 64 characters' }),
  /** The date shown as "last changed"; default: the day this text was first published. */
  date: isoDate,
  locales: z
    .array(locale, { error: `expected a list of languages from ${supportedLocales.map((l) => `"${l}"`).join(', ')}` })
    .min(1, { error: 'expected at least one language' })
    .refine((list) => new Set(list).size === list.length, { error: 'expected each language once' }),
});

export const purpose = z.strictObject({
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
  consent: z
    .strictObject({
      offeredAt: z.array(z.enum(consentPlaces)).default([]),
      cookieCategory: z.enum(cookieCategories).optional(),
      /** The exact words beside the box, in each language; their hash is kept with every answer. */
      label: localized.optional(),
      /**
       * Wherever its box is ticked the address confirms first, by a link in an e-mail, and consent
       * counts from the click: nobody can subscribe a stranger by typing their address. The
       * newsletter form subscribes to this purpose; at most one purpose has it.
       */
      confirmByEmail: z.boolean().default(false),
    })
    .optional(),
});

/** The EU member states and Iceland, Liechtenstein and Norway: no transfer safeguard needed within them (GDPR Art. 44). */
export const eeaCountries: readonly string[] = [
  'AT',
  'BE',
  'BG',
  'CY',
  'CZ',
  'DE',
  'DK',
  'EE',
  'ES',
  'FI',
  'FR',
  'GR',
  'HR',
  'HU',
  'IE',
  'IT',
  'LT',
  'LU',
  'LV',
  'MT',
  'NL',
  'PL',
  'PT',
  'RO',
  'SE',
  'SI',
  'SK',
  'IS',
  'LI',
  'NO',
];
const regionNames = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });
const notCountries = new Set(['EU', 'EZ', 'UN', 'ZZ', 'QO']);
export const country = z.string().refine((code) => /^[A-Z]{2}$/.test(code) && !notCountries.has(code) && regionNames.of(code) !== undefined, {
  error: 'expected a country as its ISO 3166 code in capitals, e.g. "LV", "IE" or "US"',
});

export const recipient = z.strictObject({
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

export const supervisoryAuthority = z.strictObject({
  name: localized,
  address: text,
  website: z.url({ error: 'expected the authority\'s web address, e.g. "https://www.dvi.gov.lv"' }),
});

export type ControllerInput = z.input<typeof controller>;
/** The policy's own paragraphs a shop may word itself; each not given is the module's neutral text. */
export const policyTextNames = ['dataGiven', 'dataSources', 'recipients', 'cookies', 'orders'] as const;
export type PolicyTextName = (typeof policyTextNames)[number];
export const policyTexts = z.strictObject({
  /** What a shopper gives when ordering or registering (the policy's "what data" section). */
  dataGiven: localized.optional(),
  /** Where the data comes from (the policy, and the access answer: GDPR Art. 14(2)(f), 15(1)(g)). */
  dataSources: localized.optional(),
  /** The paragraph above the recipients table: why data is passed on, and where recipients may be. */
  recipients: localized.optional(),
  /** The cookie paragraph above the cookie tables. */
  cookies: localized.optional(),
  /** What ordering means for the shopper's data and consent. */
  orders: localized.optional(),
});
export type PolicyTextsInput = z.input<typeof policyTexts>;

export type PurposeInput = z.input<typeof purpose>;
export type Purpose = z.output<typeof purpose>;
export type RecipientInput = z.input<typeof recipient>;
export type Recipient = z.output<typeof recipient>;
export type SupervisoryAuthorityInput = z.input<typeof supervisoryAuthority>;
export type LegalBasis = (typeof legalBases)[number];
export type ConsentPlace = (typeof consentPlaces)[number];
