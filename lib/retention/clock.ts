import type { Knex } from 'knex';

/** A column, or `coalesce(a, b)` when the clock falls back to a second column. */
export interface ClockExpression {
  sql: string;
  bindings: string[];
}

export function clockOf(from: string, orFrom?: string): ClockExpression {
  return orFrom ? { sql: 'coalesce(??, ??)', bindings: [from, orFrom] } : { sql: '??', bindings: [from] };
}

/**
 * `clock < date`. On MySQL a timestamp compares as itself. On SQLite a shop may hold a time as
 * knex writes a Date (milliseconds) or as text ("2024-05-01 10:00:00", ISO): each is compared
 * in its own form, so text dates are never silently "newer" than every number.
 */
export function whereBefore(q: Knex.QueryBuilder, mysql: boolean, clock: ClockExpression, date: Date): Knex.QueryBuilder {
  if (mysql) return q.whereRaw(`${clock.sql} < ?`, [...clock.bindings, date]);
  const text = date.toISOString().replace('T', ' ').slice(0, 19);
  return q.whereRaw(
    `(CASE WHEN typeof(${clock.sql}) IN ('integer', 'real') THEN ${clock.sql} < ? ELSE ${clock.sql} < ? END)`,
    [...clock.bindings, ...clock.bindings, date.getTime(), ...clock.bindings, text],
  );
}

/** A clock value as read back: a Date (MySQL), milliseconds or text (SQLite); null when unset or unreadable. */
export function parseClock(value: unknown): Date | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value;
  if (typeof value === 'number' || typeof value === 'bigint') return new Date(Number(value));
  const text = String(value);
  const iso = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(text) ? `${text.replace(' ', 'T')}Z` : text;
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? null : date;
}
