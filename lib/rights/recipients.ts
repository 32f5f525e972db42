import { pick, translate } from '../i18n/index.js';
import type { Locale } from '../options/locales.js';
import type { Recipient, ResolvedOptions } from '../options/schema.js';

/**
 * The recipients a rectification, erasure or restriction must be passed on to (GDPR Art. 19):
 * those serving a purpose of any declared data source. Recorded with the change in the audit
 * trail and given to the shop's listeners, who do the telling.
 */
export function recipientsToTell(options: Pick<ResolvedOptions, 'controller' | 'dataSources' | 'recipients'>): string[] {
  const purposes = new Set(options.dataSources.flatMap((source) => source.purposes));
  return options.recipients.filter((recipient) => recipient.purposes.some((purpose) => purposes.has(purpose))).map((recipient) => recipient.id);
}

/** A recipient in one language, as the policy, the access answer and the records state it (GDPR Art. 13(1)(e)–(f), 15(1)(c), 15(2), 30(1)(d)–(e)). */
export interface RecipientText {
  id: string;
  /** What kind of recipient, e.g. "E-mail delivery service". */
  name: string;
  /** The company, when the shop named it. */
  provider: string | null;
  /** ISO 3166 codes, when the shop named them. */
  countries: string[];
  /** The countries by name, or the shop's words for the place. */
  location: string;
  thirdCountryTransfer: boolean;
  /** The transfer safeguard, for a recipient outside the EU/EEA. */
  safeguard: string | null;
  /** Where the safeguard can be had: the shop's web address or words, else null (write to the controller). */
  safeguardCopy: string | null;
  /** How to get a copy of the safeguard, as a sentence (for a transfer only). */
  copyText: string | null;
  /** The copy's web address, for a link. */
  copyUrl: string | null;
  /** What to do to learn what is not named (the company or the countries), or null when both are. */
  askText: string | null;
  /**
   * One sentence for a line that states the recipient whole (the account page, the TXT answer):
   * the safeguard, how to get its copy and what to ask, naming the shop's address once.
   */
  summary: string;
}

export function describeRecipient(recipient: Recipient, options: Pick<ResolvedOptions, 'controller'>, locale: Locale): RecipientText {
  const email = options.controller.email;
  const countries = recipient.countries ?? [];
  const names = new Intl.DisplayNames([locale], { type: 'region' });
  const place = recipient.location ? pick(recipient.location, locale) : '';
  const location = countries.length > 0 ? `${countries.map((code) => names.of(code) ?? code).join(', ')}${place ? ` (${place})` : ''}` : place;
  const copy = typeof recipient.safeguardCopy === 'string' ? recipient.safeguardCopy : recipient.safeguardCopy ? pick(recipient.safeguardCopy, locale) : null;
  const copyUrl = typeof recipient.safeguardCopy === 'string' ? recipient.safeguardCopy : null;
  const transfer = recipient.thirdCountryTransfer;
  const missing = recipient.provider ? (countries.length > 0 ? null : 'countries') : countries.length > 0 ? 'company' : 'all';
  const safeguard = transfer ? pick(recipient.safeguard, locale) : null;
  const copyText = !transfer
    ? null
    : copyUrl
      ? translate(locale, 'policy.recipients.copyAt', { url: copyUrl })
      : (copy ?? translate(locale, 'policy.recipients.copyByEmail', { email }));
  const askText =
    missing === null
      ? null
      : translate(
          locale,
          missing === 'all' ? 'policy.recipients.ask' : missing === 'company' ? 'policy.recipients.askCompany' : 'policy.recipients.askCountries',
          { email },
        );
  // Both a copy and the missing names are had by writing to the shop: say so once.
  const both = transfer && !copyUrl && !copy && missing !== null;
  const summary = [
    transfer ? safeguard : translate(locale, 'policy.recipients.noTransfer'),
    both
      ? `${translate(locale, `policy.recipients.missing.${missing}`)} ${translate(locale, 'policy.recipients.askAndCopy', { email })}`
      : [copyText, askText].filter(Boolean).join(' '),
  ]
    .filter(Boolean)
    .join(' ');
  return {
    id: recipient.id,
    name: pick(recipient.name, locale),
    provider: recipient.provider ?? null,
    countries,
    location,
    thirdCountryTransfer: transfer,
    safeguard,
    safeguardCopy: transfer ? copy : null,
    copyText,
    copyUrl: transfer ? copyUrl : null,
    askText,
    summary,
  };
}
