import { translate, type MessageKey } from '../i18n/index.js';
import type { Locale } from '../options/locales.js';
import { consentPlaces, type ConsentPlace, type ResolvedOptions } from '../options/schema.js';
import type { Views } from '../http/views.js';
import { offeredAt, type ConsentWordings } from './wording.js';
import { InvalidInputError } from './errors.js';

/** What `consentFields` renders: where, in which language, and what this shopper already said. */
export interface ConsentFieldsInput {
  at: ConsentPlace;
  locale?: string | undefined;
  /**
   * Purposes this shopper already agreed to: each is shown as given, with the way to withdraw it,
   * never as an empty box whose silence would read as "not granted".
   */
  given?: readonly string[] | undefined;
  /** The form the shopper just sent, when it comes back with an error: the boxes they ticked stay ticked. */
  submitted?: Record<string, unknown> | undefined;
}

/** The value a given consent travels with in the shop's form: neither a yes nor a no. */
export const givenMarker = 'given';

/**
 * The notice and consent boxes a host drops into its checkout and signup forms. Every box is
 * unticked unless the shopper ticked it in the form they just sent; processing needed for the
 * contract is stated, never asked. A first visit's HTML is rendered once per place and language
 * at start; a page for a shopper with answers is rendered for them.
 */
export function createConsentFields(
  options: Pick<ResolvedOptions, 'consentPurposes' | 'controller' | 'localeOr' | 'policy' | 'purposes'>,
  views: Views,
  wordings: ConsentWordings,
  urls: { policy(locale: Locale): string; consents(locale: Locale): string },
) {
  const localeOf = options.localeOr;

  function render(at: ConsentPlace, locale: Locale, given: readonly string[], submitted: Record<string, unknown> | undefined): string {
    // The notice names every purpose the form serves: those it states and those whose box it offers.
    const offeredHere = offeredAt(options, at);
    const offeredIds = new Set(offeredHere.map((purpose) => purpose.id));
    const stated = options.purposes
      .filter((purpose) => purpose.noticeAt.includes(at) || offeredIds.has(purpose.id))
      .map((purpose) => ({ ...purpose, legalBasisText: translate(locale, `legalBasis.${purpose.legalBasis}` as MessageKey) }));
    const offered = offeredHere.map((purpose) => ({
      id: purpose.id,
      label: wordings.of(purpose.id, locale).text,
      given: given.includes(purpose.id),
      ticked: isTicked(submitted?.[`consent_${purpose.id}`]),
    }));
    return views.fragment('consent-fields', {
      locale,
      at,
      idPrefix: `privacy-${at}-`,
      // A newsletter form exists for its one box: that box is the subscription, not an extra.
      legend: at === 'newsletter' ? 'consent.subscribe' : 'consent.optional',
      controller: options.controller,
      stated,
      offered,
      givenMarker,
      policyUrl: urls.policy(locale),
      consentsUrl: urls.consents(locale),
    });
  }

  const rendered = new Map<string, string>();
  for (const at of consentPlaces) for (const locale of options.policy.locales) rendered.set(`${at}:${locale}`, render(at, locale, [], undefined));

  function consentFields({ at, locale, given = [], submitted }: ConsentFieldsInput): string {
    if (!consentPlaces.includes(at))
      throw new InvalidInputError(`consentFields: "at" must be one of ${consentPlaces.join(', ')}; received ${JSON.stringify(at)}`);
    const chosen = localeOf(locale);
    return (given.length === 0 && !submitted ? rendered.get(`${at}:${chosen}`) : undefined) ?? render(at, chosen, given, submitted);
  }

  return consentFields;
}

export type ConsentFields = ReturnType<typeof createConsentFields>;

/** A box counts as ticked only for an explicit yes: "on" (a browser's checkbox), "yes", "true", "1" or true. */
export function isTicked(value: unknown): boolean {
  return value === true || (typeof value === 'string' && ['on', 'yes', 'true', '1'].includes(value));
}
