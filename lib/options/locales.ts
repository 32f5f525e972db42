/** The languages the module has every page, message and e-mail in. Latvian first: the shop's own. */
export const supportedLocales = ['lv', 'en'] as const;
export type Locale = (typeof supportedLocales)[number];

/** A text in each of the shop's languages. */
export type Localized = Partial<Record<Locale, string>>;

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (supportedLocales as readonly string[]).includes(value);
}
