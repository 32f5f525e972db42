import { translate } from '../i18n/index.js';
import { isLocale, type Locale, type Localized } from './locales.js';
import type { PolicyTextName, Purpose } from './policy-schema.js';
import type { CustomSourceOptions, TableSource } from './sources.js';

/**
 * What every part of the module derives from the options, worked out once when they are
 * validated, so no service re-derives a fallback language or re-splits the data sources.
 */
export interface DerivedOptions {
  /** The shop's first language: pages, e-mails and records fall back to it. */
  readonly defaultLocale: Locale;
  /** `value` when it is one of the shop's languages, else the default language. */
  localeOr(value: unknown): Locale;
  /** The data sources that are tables the module reads with SQL, in declared order. */
  readonly tableSources: TableSource[];
  /** The data sources the shop reads and erases itself (an outside store), in declared order. */
  readonly customSources: CustomSourceOptions[];
  /** The purposes based on consent (GDPR Art. 6(1)(a)), in declared order. */
  readonly consentPurposes: Purpose[];
  /** The shop's time zone (`timezone`): the dates it shows, its calendar days and its schedule. */
  readonly timezone: string;
  /** A paragraph of the policy in `locale`: the shop's own wording (`policyTexts`) or the module's neutral one. */
  policyText(name: PolicyTextName, locale: Locale): string;
}

/** The module's neutral paragraphs: they name no premises, advertising or country's law. */
const neutralPolicyTexts = {
  dataGiven: 'policy.data.order',
  dataSources: 'policy.data.source',
  recipients: 'policy.recipients.intro',
  cookies: 'policy.cookies.text',
  orders: 'policy.orders.text',
} as const;

interface Parsed {
  policy: { locales: Locale[] };
  dataSources: (TableSource | CustomSourceOptions)[];
  purposes: Purpose[];
  timezone: string;
  controller: { website: string };
  policyTexts: Partial<Record<PolicyTextName, Localized>>;
}

export function derive(options: Parsed): DerivedOptions {
  const locales = options.policy.locales;
  const defaultLocale = locales[0] ?? 'lv';
  return {
    defaultLocale,
    localeOr: (value) => (isLocale(value) && locales.includes(value) ? value : defaultLocale),
    tableSources: options.dataSources.filter((s): s is TableSource => 'table' in s),
    customSources: options.dataSources.filter((s): s is CustomSourceOptions => !('table' in s)),
    consentPurposes: options.purposes.filter((purpose) => purpose.legalBasis === 'consent'),
    timezone: options.timezone,
    policyText: (name, locale) => options.policyTexts[name]?.[locale] ?? translate(locale, neutralPolicyTexts[name], { website: options.controller.website }),
  };
}
