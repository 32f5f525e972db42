/**
 * What the module calls "now": when something happened, when a link expires, when a request is
 * due, what retention finds old. The `clock` option; the system clock unless a test hands it one.
 * Timers that only measure elapsed time between processes (retention leases, rate-limit windows,
 * waiting for a locked SQLite file) stay on the system clock: every instance must agree on them.
 */
export type Clock = () => Date;

export const systemClock: Clock = () => new Date();

/** A stored time as read back: a Date (MySQL), milliseconds or text (SQLite); null when unset or unreadable. */
export function parseClock(value: unknown): Date | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value;
  if (typeof value === 'number' || typeof value === 'bigint') return new Date(Number(value));
  const text = String(value);
  const iso = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(text) ? `${text.replace(' ', 'T')}Z` : text;
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? null : date;
}
