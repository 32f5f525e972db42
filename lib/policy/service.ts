import { createHash } from 'node:crypto';
import type { Locale } from '../options/locales.js';
import type { ResolvedOptions } from '../options/schema.js';
import { pick, translate, type MessageKey } from '../i18n/index.js';
import type { Views } from '../http/views.js';
import { policyCookieTables } from '../cookies/declaration.js';

/** The rights the policy lists, in its order. */
const rights = ['access', 'withdraw', 'rectify', 'restrict', 'portability', 'erase', 'object'] as const;

export interface PublishedPolicy {
  version: string;
  date: string;
  locale: Locale;
  /** The policy text as shown (the HTML of the policy body, without the page around it). */
  text: string;
  /** SHA-256 of `text`, hex: what consent records point to. */
  hash: string;
}

export interface PolicyService {
  published(locale: Locale): PublishedPolicy;
  all(): PublishedPolicy[];
}

/**
 * Renders the policy text for every language once, at start, from the options: the page never
 * changes while the process runs, so it is served from memory and its hash is known up front.
 */
export function createPolicyService(options: ResolvedOptions, views: Views): PolicyService {
  const texts = new Map<Locale, PublishedPolicy>();
  for (const locale of options.policy.locales) {
    const text = views.fragment('policy', { locale, ...policyModel(options, locale) });
    texts.set(locale, {
      version: options.policy.version,
      date: options.policy.date,
      locale,
      text,
      hash: createHash('sha256').update(text, 'utf8').digest('hex'),
    });
  }
  return {
    published(locale) {
      const found = texts.get(locale) ?? texts.get(options.policy.locales[0] ?? 'lv');
      if (!found) throw new Error(`express-shop-privacy: no policy text for "${locale}"`);
      return found;
    },
    all: () => [...texts.values()],
  };
}

function policyModel(options: ResolvedOptions, locale: Locale) {
  const purposeTitle = new Map(options.purposes.map((purpose) => [purpose.id, pick(purpose.title, locale)]));
  return {
    controller: options.controller,
    policy: options.policy,
    authority: { ...options.supervisoryAuthority, name: pick(options.supervisoryAuthority.name, locale) },
    purposes: options.purposes.map((purpose) => ({
      ...purpose,
      legalBasisText: translate(locale, `legalBasis.${purpose.legalBasis}` as MessageKey),
      data: purpose.dataCategories.map((category) => pick(category, locale)).join(', '),
    })),
    recipients: options.recipients.map((recipient) => ({
      ...recipient,
      purposeTitles: recipient.purposes.map((id) => purposeTitle.get(id)).join(', '),
    })),
    rights: rights.map((right) => `policy.rights.${right}`),
    cookieTables: policyCookieTables(options, locale),
  };
}
