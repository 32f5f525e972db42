import type { Knex } from 'knex';
import { pick } from '../i18n/index.js';
import type { Locale } from '../options/locales.js';
import type { ResolvedOptions } from '../options/schema.js';
import type { CustomSourceOptions, TableSource } from '../sources/schema.js';
import type { TableNames } from '../store/tables.js';
import type { ClockExpression } from './clock.js';
import { formerSubjects } from './former-subjects.js';
import { moduleRules } from './module-rules.js';
import type { Period } from './period.js';
import { ruleOf, sourceRule } from './source-rule.js';

/** Subjects who restricted processing (GDPR Art. 18): retention leaves their rows alone. */
export interface Restricted {
  emails: string[];
  customerIds: string[];
}

/** A retention rule over one table: which rows are due, and what to do with them. */
export interface TableRule {
  kind: 'table';
  id: string;
  table: string;
  key: string;
  action: 'delete' | 'anonymise';
  period: Period;
  label(locale: Locale): string;
  reason(locale: Locale): string;
  /** Only shop sources: rows of subjects with a restriction are kept. */
  honoursRestriction: boolean;
  /** Rows due at `now`, or, with a warning, due within the warning's days. */
  due(q: Knex.QueryBuilder, now: Date, restricted: Restricted): Knex.QueryBuilder;
  /** E-mail the person this many days before; only rows warned long enough ago are acted on. */
  warn?: { days: number; link: string; emailColumn: string; clock: ClockExpression };
  /** Of the rows SQL found, those that must stay after all (checked in code, a batch at a time). */
  keep?(trx: Knex | Knex.Transaction, rows: Record<string, unknown>[]): Promise<Set<string>>;
  /** Columns `keep` needs besides the key. */
  keepColumns?: string[];
  /** Deletes or anonymises exactly these rows (and their children), returning how many. */
  apply(trx: Knex.Transaction, keys: Knex.Value[]): Promise<number>;
}

/** An outside store's own purge (footage on a recorder), called with the run's clock. */
export interface CustomRule {
  kind: 'custom';
  id: string;
  label(locale: Locale): string;
  purge: (context: { now: Date; dryRun: boolean }) => Promise<{ deleted?: number; anonymised?: number } | void> | { deleted?: number; anonymised?: number } | void;
}

export type RetentionRule = TableRule | CustomRule;

/** Notices of a row go with the row: the notice table is the engine's, the row the rule's. */
export type ForgetNotices = (trx: Knex.Transaction, rule: string, keys: Knex.Value[]) => Promise<void>;

/**
 * Every retention rule the options declare, shop sources first in their declared order, then
 * the module's own tables. A source erased by anonymising with `keepFor` and no rule of its
 * own is anonymised when that legal period ends.
 */
export function retentionRules(options: ResolvedOptions, tables: TableNames, mysql: boolean, forgetNotices: ForgetNotices): RetentionRule[] {
  const tableSources = options.dataSources.filter((s): s is TableSource => 'table' in s);
  const rules: RetentionRule[] = [];
  for (const source of options.dataSources) {
    if ('table' in source) {
      const rule = ruleOf(source);
      if (rule) rules.push(sourceRule(source, rule, tableSources, tables, mysql, forgetNotices, options.publicUrl ?? `https://${options.controller.website}`));
    } else if (source.purge) {
      rules.push({ kind: 'custom', id: source.id, label: (locale) => pick(source.label, locale), purge: (source as CustomSourceOptions).purge as CustomRule['purge'] });
    }
  }
  const own = moduleRules(options, tables, mysql);
  // First, so it sees what every other rule sees: its own deletions touch nothing another rule counts.
  return [formerSubjects(options, tables, mysql, tableSources, own), ...rules, ...own];
}
