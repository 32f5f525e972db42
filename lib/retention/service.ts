import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import type { AuditTrail } from '../audit/trail.js';
import type { PrivacyEmitter } from '../events.js';
import type { Mailer } from '../mail/mailer.js';
import type { Locale } from '../options/locales.js';
import type { ResolvedOptions } from '../options/schema.js';
import type { Actor } from '../requests/types.js';
import { isMysql } from '../store/database.js';
import { safeDatabaseMessage } from '../store/errors.js';
import { normaliseEmail } from '../subjects/email.js';
import type { TableNames } from '../store/tables.js';
import { parseClock } from './clock.js';
import { lockingOf, retryingConflicts, type Locking } from './locking.js';
import { describePeriod, shift } from './period.js';
import { retentionRepository } from './repository.js';
import { retentionRules, type CustomRule, type Restricted, type RetentionRule, type TableRule } from './rules.js';
import { retentionWarnings, type DueRow } from './warnings.js';

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
  /** Warnings whose e-mail failed: tried again next run; the row stays meanwhile. */
  warningsFailed: number;
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
export class RetentionRunError extends Error {
  constructor(readonly report: RetentionReport, readonly cause: unknown) {
    const where = report.rules.at(-1) ? `at rule "${report.rules.at(-1)!.rule}"` : 'before the first rule';
    super(`retention run stopped ${where}: ${safeDatabaseMessage(cause)}`);
    this.name = 'RetentionRunError';
  }
}

interface Deps {
  db: Knex;
  tables: TableNames;
  options: ResolvedOptions;
  mailer: Mailer;
  audit: AuditTrail;
  events: PrivacyEmitter;
  /** Tests force the lease path on a database that could skip locked rows. */
  locking?: Locking;
}

/**
 * The retention engine. Each rule is applied in batches of at most `batchSize` rows, each batch
 * its own short transaction, so no lock is held for long and a crash loses at most one batch's
 * work, which the next run redoes: a row due is found by what it holds (still personal, still
 * there), never by a progress marker. Several instances may run at once: on MySQL 8 and
 * MariaDB 10.6+ each batch claims its rows with FOR UPDATE SKIP LOCKED; elsewhere a run claims
 * the whole rule with a lease row.
 */
export function createRetention({ db, tables, options, mailer, audit, events, locking: forced }: Deps) {
  const mysql = isMysql(db);
  const repository = retentionRepository(tables);
  const rules = retentionRules(options, tables, mysql, repository.forgetNotices);
  const warnings = retentionWarnings({ options, tables, mailer });
  const defaultLocale = options.policy.locales[0] ?? 'lv';
  let locking: Promise<Locking> | undefined;
  const config = { batchSize: options.retention.batchSize, leaseSeconds: options.retention.leaseSeconds };

  async function restrictedSubjects(): Promise<Restricted> {
    const rows: { email: string; customer_id: string | null }[] = await db(tables.subjects).whereNotNull('restricted_at').select('email', 'customer_id');
    return { emails: rows.map((r) => r.email), customerIds: rows.flatMap((r) => (r.customer_id === null ? [] : [String(r.customer_id)])) };
  }

  async function run(opts: RunOptions = {}): Promise<RetentionReport> {
    const now = opts.now ?? new Date();
    const locale = opts.locale ?? defaultLocale;
    const report: RetentionReport = {
      runId: randomUUID(), dryRun: Boolean(opts.dryRun), now, startedAt: new Date(), finishedAt: new Date(),
      locking: forced ?? (await (locking ??= lockingOf(db))), rules: [], totals: { deleted: 0, anonymised: 0, warned: 0 },
    };
    let failure: unknown;
    try {
      const restricted = await restrictedSubjects();
      for (const rule of rules) {
        const line = emptyLine(rule, locale);
        report.rules.push(line);
        if (rule.kind === 'custom') await runCustom(rule, line, now, report.dryRun);
        else await runTable(rule, line, { now, restricted, report, onProgress: opts.onProgress });
      }
    } catch (err) {
      failure = err;
      const current = report.rules.at(-1);
      if (current) current.failed = true;
    }
    report.finishedAt = new Date();
    for (const line of report.rules) {
      report.totals.deleted += line.deleted;
      report.totals.anonymised += line.anonymised;
      report.totals.warned += line.warned;
    }
    if (!report.dryRun) await recordRun(report, opts.actor ?? { type: 'system', id: 'retention' }, failure);
    if (failure) throw new RetentionRunError(report, failure);
    if (!report.dryRun) events.emit('retention.completed', report);
    return report;
  }

  async function runCustom(rule: CustomRule, line: RuleReport, now: Date, dryRun: boolean): Promise<void> {
    const result = (await rule.purge({ now, dryRun })) ?? {};
    line.deleted = result.deleted ?? 0;
    line.anonymised = result.anonymised ?? 0;
  }

  interface RunContext {
    now: Date;
    restricted: Restricted;
    report: RetentionReport;
    onProgress: RunOptions['onProgress'];
  }

  async function runTable(rule: TableRule, line: RuleReport, { now, restricted, report, onProgress }: RunContext): Promise<void> {
    const count = async (r: Restricted) => Number((await rule.due(db(rule.table).count({ n: '*' }), now, r).first<{ n: number | string }>())?.n ?? 0);
    const total = await count(restricted);
    if (rule.honoursRestriction && restricted.emails.length + restricted.customerIds.length > 0) line.restricted = (await count({ emails: [], customerIds: [] })) - total;
    let done = 0;
    const progress = (rows: number) => onProgress?.({ rule: rule.id, label: line.label, done: (done += rows), total });
    progress(0);
    if (total === 0) return;
    // Rows that warn are mailed inside the batch: fewer of them per transaction.
    const size = rule.warn ? Math.min(100, config.batchSize) : config.batchSize;
    const select = (q: Knex.QueryBuilder) => q.select(columnsOf(db, rule));

    if (report.dryRun) {
      for (let cursor: Knex.Value | null = null; ;) {
        const rows = await page(select(db(rule.table)), rule, now, restricted, cursor, size);
        if (rows.length === 0) break;
        tally(line, rule, await plan(db, rule, rows, now), null);
        progress(rows.length);
        if (rows.length < size) break;
        cursor = rows[rows.length - 1]![rule.key] as Knex.Value;
      }
      return;
    }

    const holder = report.runId;
    try {
      for (let cursor: Knex.Value | null = null; ;) {
        const batch = await retryingConflicts(() => db.transaction(async (trx) => {
          if (report.locking === 'lease' && !(await repository.hold(trx, rule.id, holder, config.leaseSeconds))) return null;
          const query = page(select(trx(rule.table)), rule, now, restricted, cursor, size);
          const rows: Record<string, unknown>[] = await (report.locking === 'skip-locked' ? query.forUpdate().skipLocked() : query);
          if (rows.length === 0) return { rows, outcome: null };
          const outcome = await plan(trx, rule, rows, now);
          const sent = outcome.warn.length > 0 ? await warnings.send(trx, rule, outcome.warn) : { sent: [], unreachable: [], failed: 0 };
          const sentAt = new Date();
          for (const row of [...sent.sent, ...sent.unreachable]) await repository.noticeSent(trx, rule.id, row.key, sentAt, row.dueAt);
          const acted = outcome.act.length > 0 ? await rule.apply(trx, outcome.act) : 0;
          return { rows, outcome: { ...outcome, acted, sent } };
        }, mysql ? { isolationLevel: 'read committed' } : undefined));
        if (batch === null) {
          line.skipped = 'another run holds this rule';
          return;
        }
        const { rows, outcome } = batch;
        if (!outcome) break;
        tally(line, rule, outcome, outcome.sent);
        progress(rows.length);
        if (rows.length < size) break;
        cursor = rows[rows.length - 1]![rule.key] as Knex.Value;
      }
    } finally {
      if (report.locking === 'lease') await repository.release(db, rule.id, holder).catch(() => undefined);
    }
  }

  /** What to do with each row of a batch: act now, warn first, or wait for a warning's date. */
  async function plan(trx: Knex | Knex.Transaction, rule: TableRule, rows: Record<string, unknown>[], now: Date) {
    const kept = rule.keep ? await rule.keep(trx, rows) : new Set<string>();
    const due = kept.size > 0 ? rows.filter((row) => !kept.has(String(row[rule.key]))) : rows;
    const keys = due.map((row) => row[rule.key] as Knex.Value);
    if (!rule.warn) return { act: keys, warn: [] as DueRow[], waiting: 0, acted: keys.length };
    const promised = await repository.notices(trx, rule.id, keys);
    const act: Knex.Value[] = [];
    const warn: DueRow[] = [];
    let waiting = 0;
    for (const row of due) {
      const key = row[rule.key] as Knex.Value;
      const since = parseClock(row.__clock);
      if (!since) continue;
      const dueAt = shift(since, rule.period, 1);
      const notice = promised.get(String(key));
      // A warning counts only for this stretch of inactivity: a login since then moved the date on.
      if (notice && notice.getTime() >= dueAt.getTime() - 1000) {
        if (notice.getTime() <= now.getTime()) act.push(key);
        else waiting += 1;
      } else {
        const earliest = shift(now, { days: rule.warn.days }, 1);
        warn.push({ key, email: row.__email, since, dueAt: dueAt > earliest ? dueAt : earliest });
      }
    }
    return { act, warn, waiting, acted: act.length };
  }

  function tally(line: RuleReport, rule: TableRule, outcome: { warn: DueRow[]; waiting: number; acted: number }, sent: { sent: DueRow[]; unreachable: DueRow[]; failed: number } | null): void {
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
    line.warningsFailed += sent.failed;
  }

  async function recordRun(report: RetentionReport, actor: Actor, failure: unknown): Promise<void> {
    const rules = Object.fromEntries(report.rules.flatMap((line) => {
      const counts = Object.fromEntries(Object.entries({ deleted: line.deleted, anonymised: line.anonymised, warned: line.warned, restricted: line.restricted }).filter(([, n]) => n > 0));
      return Object.keys(counts).length > 0 || line.skipped ? [[line.rule, line.skipped ? { ...counts, skipped: true } : counts]] : [];
    }));
    const details = { runId: report.runId, rules, ...(failure ? { failed: (failure as Error)?.name ?? 'Error' } : {}) };
    // The audit entry must not hide the run's own error if the database is what failed.
    // Another instance may be writing (SQLite lets one writer at a time): a conflict is retried.
    await retryingConflicts(() => audit.recordNow({ actor, action: failure ? 'retention.failed' : 'retention.run', details })).catch((err: unknown) => {
      if (!failure) throw err;
    });
  }

  return {
    /** The rules in force, described in `locale`: for the CLI, the docs and staff. */
    rules: (locale: Locale = defaultLocale) => rules.map((rule) => emptyLine(rule, locale)),
    run,
  };
}

export type Retention = ReturnType<typeof createRetention>;

function emptyLine(rule: RetentionRule, locale: Locale): RuleReport {
  const base = { rule: rule.id, label: rule.label(locale), deleted: 0, anonymised: 0, warned: 0, unreachable: 0, warningsFailed: 0, waiting: 0, restricted: 0, skipped: null, failed: false };
  if (rule.kind === 'custom') return { ...base, table: null, action: 'purge', period: null, reason: null };
  return { ...base, table: rule.table, action: rule.action, period: describePeriod(rule.period, locale) || null, reason: rule.reason(locale) };
}

function columnsOf(db: Knex, rule: TableRule): (string | Knex.Raw)[] {
  if (!rule.warn) return [rule.key, ...(rule.keepColumns ?? [])];
  const { clock, emailColumn } = rule.warn;
  return [rule.key, `${emailColumn} as __email`, db.raw(`${clock.sql} as ??`, [...clock.bindings, '__clock'])];
}

function page(q: Knex.QueryBuilder, rule: TableRule, now: Date, restricted: Restricted, cursor: Knex.Value | null, size: number): Knex.QueryBuilder {
  rule.due(q, now, restricted);
  if (cursor !== null) q.where(rule.key, '>', cursor);
  return q.orderBy(rule.key).limit(size);
}

function usableAddress(value: unknown): boolean {
  return normaliseEmail(value) !== null;
}
