/** What a retention rule is; the list of rules the options declare is assembled in rules.ts. */
import type { Knex } from 'knex';
import type { SourceRepository } from '../sources/repository.js';
import type { RequestsRepository } from '../requests/repository.js';
import type { SubjectsRepository } from '../subjects/repository.js';
import type { Locale } from '../options/locales.js';
import type { Period } from '../options/period.js';
import type { CustomPurge } from '../options/sources.js';
import type { ClockExpression } from './clock.js';

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
  purge: CustomPurge;
}

export type RetentionRule = TableRule | CustomRule;

/** The repositories a rule deletes and anonymises through, the same erasure uses. */
export interface Stores {
  sources: SourceRepository;
  subjects: SubjectsRepository;
  requests: RequestsRepository;
}

/** Notices of a row go with the row: the notice table is the engine's, the row the rule's. */
export type ForgetNotices = (trx: Knex.Transaction, rule: string, keys: Knex.Value[]) => Promise<void>;
