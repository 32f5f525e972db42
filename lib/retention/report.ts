import { PrivacyError } from '../http/errors.js';
import type { Locale } from '../options/locales.js';
import type { Actor } from '../requests/types.js';
import { safeDatabaseMessage } from '../store/errors.js';
import { normaliseEmail } from '../subjects/email.js';
import type { Locking } from './locking.js';
import { describePeriod } from '../options/period.js';
import type { RetentionRule, TableRule } from './rules.js';
import type { DueRow } from './warnings.js';

/** What one rule did in a run (or, in a dry run, would do). */
export interface RuleReport {
  rule: string;
  label: string;
  /** null for an outside store's own purge. */
  table: string | null;
  action: 'delete' | 'anonymise' | 'purge';
  period: string | null;
  reason: string | null;
  deleted: number;
  anonymised: number;
  /** Warning e-mails sent (a dry run: that would be sent). */
  warned: number;
  /** Rows with no usable address: the warning is recorded as due, unsent. */
  unreachable: number;
  /** Warned rows waiting for the date their warning promised. */
  waiting: number;
  /** Due rows kept because their subject restricted processing (GDPR Art. 18). */
  restricted: number;
  /** Set when another run held the rule (only where the database cannot skip locked rows). */
  skipped: string | null;
  /** The rule the run stopped at; its counts are what its finished batches did. */
  failed: boolean;
}

export interface RetentionReport {
  runId: string;
  dryRun: boolean;
  /** The clock rules were measured against. */
  now: Date;
  startedAt: Date;
  finishedAt: Date;
  locking: Locking;
  rules: RuleReport[];
  totals: { deleted: number; anonymised: number; warned: number };
}

export interface RetentionProgress {
  rule: string;
  label: string;
  done: number;
  total: number;
}

export interface RunOptions {
  /** Count and report, change nothing, send nothing. */
  dryRun?: boolean;
  /** The clock to measure periods against; default: now. */
  now?: Date;
  /** Language of the report's labels and reasons. */
  locale?: Locale;
  /** Called as each batch commits (the CLI draws its progress bars from it). */
  onProgress?: (progress: RetentionProgress) => void;
  /** Who started the run, for the audit entry. Default: the system. */
  actor?: Actor;
}

/** A run that stopped part-way; `report` says what was done before it did. */
export class RetentionRunError extends PrivacyError {
  constructor(
    readonly report: RetentionReport,
    cause: unknown,
  ) {
    const last = report.rules.at(-1);
    const where = last ? `at rule "${last.rule}"` : 'before the first rule';
    super('retention_run', `retention run stopped ${where}: ${safeDatabaseMessage(cause)}`, 500, { cause });
  }
}

/** A rule's line before anything is done: its label, period and reason in `locale`. */
export function emptyLine(rule: RetentionRule, locale: Locale): RuleReport {
  const base = {
    rule: rule.id,
    label: rule.label(locale),
    deleted: 0,
    anonymised: 0,
    warned: 0,
    unreachable: 0,
    waiting: 0,
    restricted: 0,
    skipped: null,
    failed: false,
  };
  if (rule.kind === 'custom') return { ...base, table: null, action: 'purge', period: null, reason: null };
  return { ...base, table: rule.table, action: rule.action, period: describePeriod(rule.period, locale) || null, reason: rule.reason(locale) };
}

/** Adds a batch's outcome to its rule's line. */
export function tally(
  line: RuleReport,
  rule: TableRule,
  outcome: { warn: DueRow[]; waiting: number; acted: number },
  sent: { sent: DueRow[]; unreachable: DueRow[] } | null,
): void {
  if (rule.action === 'delete') line.deleted += outcome.acted;
  else line.anonymised += outcome.acted;
  line.waiting += outcome.waiting;
  if (!sent) {
    // A dry run cannot know which sends would fail; an address it cannot use it can.
    const unusable = outcome.warn.filter((row) => !usableAddress(row.email)).length;
    line.unreachable += unusable;
    line.warned += outcome.warn.length - unusable;
    return;
  }
  line.warned += sent.sent.length;
  line.unreachable += sent.unreachable.length;
}

function usableAddress(value: unknown): boolean {
  return normaliseEmail(value) !== null;
}
