import type { Locale, Localized } from '../options/locales.js';
import { en } from './en.js';
import { lv, type MessageKey } from './lv.js';

export type { MessageKey };
export const catalogues: Record<Locale, Record<MessageKey, string>> = { lv, en };

/** The message `key` in `locale`, with `{name}` placeholders filled from `vars`. */
export function translate(locale: Locale, key: MessageKey, vars: Record<string, string | number> = {}): string {
  const template = catalogues[locale]?.[key];
  // A missing text is a bug to see at once, not an "undefined" on a shopper's page.
  if (template === undefined) throw new Error(`express-shop-privacy: there is no "${String(key)}" text in "${String(locale)}"`);
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}

/** The text of a localized option in `locale`; options validation guarantees every configured locale is present. */
export function pick(text: Localized | undefined, locale: Locale): string {
  return text?.[locale] ?? '';
}

const dateStyles: Record<Locale, [string, Intl.DateTimeFormatOptions]> = {
  lv: ['lv-LV', { day: '2-digit', month: '2-digit', year: 'numeric' }],
  en: ['en-GB', { day: 'numeric', month: 'long', year: 'numeric' }],
};

// One formatter per language, kind and zone, made on first use: creating one costs far more than formatting.
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(locale: Locale, timeZone: string, withTime: boolean): Intl.DateTimeFormat {
  const key = `${locale} ${timeZone} ${withTime ? 'time' : 'day'}`;
  let format = formatters.get(key);
  if (!format) {
    const [tag, style] = dateStyles[locale];
    format = new Intl.DateTimeFormat(tag, { ...style, ...(withTime ? { hour: '2-digit', minute: '2-digit' } : {}), timeZone });
    formatters.set(key, format);
  }
  return format;
}

/**
 * A moment as the shop's customers read it, in the shop's time zone (the `timezone` option):
 * 25.11.2026, 14:05 / 25 November 2026 at 14:05. Without a zone: Riga time, as before the option.
 */
export function formatDateTime(date: Date, locale: Locale, timeZone = 'Europe/Riga'): string {
  return formatter(locale, timeZone, true).format(date);
}

/** A number with the locale's separators: 1 234,5 / 1,234.5. */
export function formatNumber(value: number, locale: Locale): string {
  return new Intl.NumberFormat(locale === 'lv' ? 'lv-LV' : 'en-GB').format(value);
}

/** An amount given in cents, in the shop's currency: 38,90 € / €38.90. */
/** An amount held in the currency's minor units, by that currency's own unit: cents of the euro, whole yen, fils of the dinar. */
export function formatCents(minor: number, locale: Locale, currency: string): string {
  const format = new Intl.NumberFormat(locale === 'lv' ? 'lv-LV' : 'en-GB', { style: 'currency', currency });
  return format.format(minor / 10 ** (format.resolvedOptions().maximumFractionDigits ?? 2));
}

const durationUnits = ['years', 'months', 'days', 'hours', 'minutes'] as const;
export type DurationUnit = (typeof durationUnits)[number];
const unitWords: Record<Locale, Record<DurationUnit, [string, string]>> = {
  lv: { years: ['gads', 'gadi'], months: ['mēnesis', 'mēneši'], days: ['diena', 'dienas'], hours: ['stunda', 'stundas'], minutes: ['minūte', 'minūtes'] },
  en: { years: ['year', 'years'], months: ['month', 'months'], days: ['day', 'days'], hours: ['hour', 'hours'], minutes: ['minute', 'minutes'] },
};

/** A length of time in words: "5 gadi 6 mēneši" / "5 years 6 months". Latvian takes the singular after numbers ending in 1 but not 11. */
export function formatDuration(duration: Partial<Record<DurationUnit, number>>, locale: Locale): string {
  return durationUnits
    .map((unit) => [unit, duration[unit] ?? 0] as const)
    .filter(([, n]) => n > 0)
    .map(([unit, n]) => {
      const singular = locale === 'lv' ? n % 10 === 1 && n % 100 !== 11 : n === 1;
      return `${n} ${unitWords[locale][unit][singular ? 0 : 1]}`;
    })
    .join(' ');
}

/**
 * A day the way the locale writes it: 08.03.2023 / 8 March 2023. A calendar date (YYYY-MM-DD) is
 * that day wherever the shop is; a moment (a Date) is the day it was in `timeZone`, the shop's
 * (the `timezone` option), so 23:30 in Riga on 1 March is 1 March, not 2 March. Without a zone: UTC.
 */
export function formatDate(date: string | Date, locale: Locale, timeZone = 'UTC'): string {
  if (typeof date === 'string') return formatter(locale, 'UTC', false).format(new Date(`${date.slice(0, 10)}T00:00:00Z`));
  return formatter(locale, timeZone, false).format(date);
}
