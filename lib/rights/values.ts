import { formatCents, formatDate, formatDateTime, formatNumber, translate } from '../i18n/index.js';
import type { Locale } from '../options/locales.js';
import type { ValueFormat } from '../options/sources.js';
import { parseClock } from '../store/time.js';

export type Value = string | number | boolean | null;

/**
 * A stored value as the JSON export gives it: a date as ISO text (SQLite keeps it as
 * milliseconds, MySQL as a Date), an amount or number as a number, anything else as it is.
 */
export function machineValue(value: unknown, format: ValueFormat = 'text'): Value {
  if (value === null || value === undefined) return null;
  if (format === 'date' || format === 'datetime') {
    const date = parseClock(value);
    if (date) return format === 'date' ? date.toISOString().slice(0, 10) : date.toISOString();
  }
  if ((format === 'cents' || format === 'number') && Number.isFinite(Number(value))) return Number(value);
  // Both databases keep a boolean as 1/0; some drivers give true/false, or text.
  if (format === 'boolean' && ['1', '0', 'true', 'false'].includes(String(value))) return String(value) === '1' || String(value) === 'true';
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  return String(value);
}

/** The same value as a person reads it, in their language: 25.11.2026, 38,90 €, 1 234, jā. */
export function shownValue(value: Value, format: ValueFormat = 'text', locale: Locale, currency: string, timeZone?: string): string {
  if (value === null || value === '') return '—';
  if (format === 'date' && typeof value === 'string') return formatDate(value, locale);
  if (format === 'datetime' && typeof value === 'string') return formatDateTime(new Date(value), locale, timeZone);
  if (format === 'cents' && typeof value === 'number') return formatCents(value, locale, currency);
  if (format === 'number' && typeof value === 'number') return formatNumber(value, locale);
  if (typeof value === 'boolean') return translate(locale, value ? 'access.value.yes' : 'access.value.no');
  return String(value);
}

/**
 * Control, format and separator characters (Cc, Cf, Zl, Zp): a line break, an escape sequence,
 * a bidi override. Kept in the data as they are; shown only as their code.
 */
const hidden = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu;

/**
 * A stored text as it may be shown in a plain-text export or on a terminal: each character a
 * reader would not see, or a terminal would act on, as `\u{1b}`, so a value already held cannot
 * forge a line, a section or a colour.
 */
export function visible(text: string): string {
  return text.replace(hidden, (c) => `\\u{${(c.codePointAt(0) ?? 0).toString(16)}}`);
}
