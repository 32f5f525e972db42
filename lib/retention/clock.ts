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
  return q.whereRaw(`(CASE WHEN typeof(${clock.sql}) IN ('integer', 'real') THEN ${clock.sql} < ? ELSE ${clock.sql} < ? END)`, [
    ...clock.bindings,
    ...clock.bindings,
    date.getTime(),
    ...clock.bindings,
    text,
  ]);
}

export { parseClock } from '../store/time.js';
