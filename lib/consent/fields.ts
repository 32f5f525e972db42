import { translate, type MessageKey } from '../i18n/index.js';
import { isLocale, type Locale } from '../options/locales.js';
import { consentPlaces, type ConsentPlace, type ResolvedOptions } from '../options/schema.js';
import type { Views } from '../http/views.js';
import { offeredAt, type ConsentWordings } from './wording.js';
import { InvalidInputError } from './errors.js';

/**
 * The notice and consent boxes a host drops into its checkout and signup forms. Every box is
 * unticked; processing needed for the contract is stated, never asked. Rendered once per place
 * and language at start: the HTML never changes while the process runs.
 */
export function createConsentFields(options: ResolvedOptions, views: Views, wordings: ConsentWordings, policyUrl: (locale: Locale) => string) {
  const rendered = new Map<string, string>();
  for (const at of consentPlaces) {
    for (const locale of options.policy.locales) {
      const stated = options.purposes
        .filter((purpose) => purpose.noticeAt.includes(at))
        .map((purpose) => ({ ...purpose, legalBasisText: translate(locale, `legalBasis.${purpose.legalBasis}` as MessageKey) }));
      const offered = offeredAt(options, at).map((purpose) => ({ id: purpose.id, label: wordings.of(purpose.id, locale).text }));
      const html = views.fragment('consent-fields', { locale, at, idPrefix: `privacy-${at}-`, controller: options.controller, stated, offered, policyUrl: policyUrl(locale) });
      rendered.set(`${at}:${locale}`, html);
    }
  }
  const defaultLocale = options.policy.locales[0] ?? 'lv';

  function consentFields({ at, locale }: { at: ConsentPlace; locale?: string | undefined }): string {
    const html = rendered.get(`${at}:${isLocale(locale) && options.policy.locales.includes(locale) ? locale : defaultLocale}`);
    if (html === undefined) throw new InvalidInputError(`consentFields: "at" must be one of ${consentPlaces.join(', ')}; received ${JSON.stringify(at)}`);
    return html;
  }

  return consentFields;
}

export type ConsentFields = ReturnType<typeof createConsentFields>;
