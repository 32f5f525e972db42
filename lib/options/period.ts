import { z } from 'zod';
import type { Locale } from './locales.js';
import { formatDuration } from '../i18n/index.js';

/** A length of time as the law states it: `{ years: 5 }`, `{ days: 7 }`, or a mix. */
export const period = z
  .strictObject({
    years: z.number().int().min(0).max(100).optional(),
    months: z.number().int().min(0).max(1200).optional(),
    days: z.number().int().min(0).max(36500).optional(),
  })
  .refine((p) => (p.years ?? 0) + (p.months ?? 0) + (p.days ?? 0) > 0, { error: 'expected a length of time, e.g. { years: 5 } or { days: 7 }' });

export type Period = z.output<typeof period>;

/** `date` moved by `period`, forwards (+1) or back (-1), in calendar terms and UTC: 29 Feb + 1 year is 28 Feb. */
export function shift(date: Date, p: Period, direction: 1 | -1): Date {
  const result = new Date(date);
  const months = direction * ((p.years ?? 0) * 12 + (p.months ?? 0));
  if (months !== 0) {
    const day = result.getUTCDate();
    result.setUTCDate(1);
    result.setUTCMonth(result.getUTCMonth() + months);
    const last = new Date(Date.UTC(result.getUTCFullYear(), result.getUTCMonth() + 1, 0)).getUTCDate();
    result.setUTCDate(Math.min(day, last));
  }
  if (p.days) result.setUTCDate(result.getUTCDate() + direction * p.days);
  return result;
}

/** "5 gadi" / "5 years", for reports and the CLI. */
export function describePeriod(p: Period, locale: Locale): string {
  return formatDuration(p, locale);
}
