import { createHash } from 'node:crypto';
import { pick } from '../i18n/index.js';
import type { Locale } from '../options/locales.js';
import type { ConsentPlace, Purpose, ResolvedOptions } from '../options/schema.js';

/** The options the consent wordings are made from. */
export type WordingOptions = Pick<ResolvedOptions, 'consentPurposes' | 'policy' | 'purposes'>;

export interface Wording {
  purpose: string;
  locale: Locale;
  /** The exact words shown beside the box. */
  text: string;
  /** SHA-256 of `text`: kept with every answer as proof of what was asked. */
  hash: string;
}

/** Every consent box's wording in every language, hashed once at start. */
export function consentWordings(options: WordingOptions) {
  const byKey = new Map<string, Wording>();
  for (const purpose of options.purposes) {
    if (purpose.legalBasis !== 'consent') continue;
    for (const locale of options.policy.locales) {
      // A purpose asked only through the cookie banner has no box label; its title is what is shown.
      const text = pick(purpose.consent?.label ?? purpose.title, locale);
      byKey.set(`${purpose.id}:${locale}`, { purpose: purpose.id, locale, text, hash: sha256(text) });
    }
  }
  return {
    of(purpose: string, locale: Locale): Wording {
      const wording = byKey.get(`${purpose}:${locale}`);
      if (!wording)
        throw new Error(
          `express-shop-privacy: "${purpose}" is not a consent purpose; consent purposes: ${options.consentPurposes.map((p) => p.id).join(', ')}`,
        );
      return wording;
    },
  };
}

export type ConsentWordings = ReturnType<typeof consentWordings>;

export function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** The consent purposes asked as a box at a place, in the options' order. */
export function offeredAt(options: WordingOptions, place: ConsentPlace): Purpose[] {
  return options.consentPurposes.filter((purpose) => purpose.consent?.offeredAt.includes(place));
}
