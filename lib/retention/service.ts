import { randomUUID } from 'node:crypto';
import { present } from '../http/errors.js';
import type { Knex } from 'knex';
import type { AuditTrail } from '../audit/trail.js';
import type { PrivacyEmitter } from '../events.js';
import type { Mailer } from '../mail/mailer.js';
import type { Locale } from '../options/locales.js';
import type { ResolvedOptions } from '../options/schema.js';
import type { Actor } from '../requests/types.js';
import { isMysql } from '../store/database.js';
import type { TableNames } from '../store/tables.js';
import { parseClock } from './clock.js';
import { lockingOf, retryingConflicts, type Locking } from './locking.js';
import { shift } from '../options/period.js';
import { retentionRepository } from './repository.js';
import { sourceRepository } from '../sources/repository.js';
import { subjectsRepository } from '../subjects/repository.js';
import { requestsRepository } from '../requests/repository.js';
import { retentionRules, type CustomRule, type Restricted, type TableRule } from './rules.js';
import { auditHeadMail, retentionWarnings, warningKind, type DueRow } from './warnings.js';
import { emptyLine, RetentionRunError, tally, type RetentionReport, type RuleReport, type RunOptions } from './report.js';

const nothingSent = { sent: [] as DueRow[], unreachable: [] as DueRow[] };

export { RetentionRunError, type RetentionProgress, type RetentionReport, type RuleReport, type RunOptions } from './report.js';

interface Deps {
  db: Knex;
  tables: TableNames;
  options: ResolvedOptions;
  mailer: Mailer;
  audit: AuditTrail;
  events: PrivacyEmitter;
}

/**
 * The retention engine. Each rule is applied in batches of at most `batchSize` rows, each batch
 * its own short transaction, so no lock is held for long and a crash loses at most one batch's
 * work, which the next run redoes: a row due is found by what it holds (still personal, still
 * there), never by a progress marker. Several instances may run at once: on MySQL 8 and
 * MariaDB 10.6+ each batch claims its rows with FOR UPDATE SKIP LOCKED; elsewhere a run claims
 * the whole rule with a lease row.
 */
export function createRetention({ db, tables, options, mailer, audit, events }: Deps) {
  const mysql = isMysql(db);
  const repository = retentionRepository(tables);
  // The same repositories erasure deletes and anonymises through.
  const stores = { sources: sourceRepository(db), subjects: subjectsRepository(tables, options.clock), requests: requestsRepository(tables) };
  const rules = retentionRules(options, tables, mysql, repository.forgetNotices, stores);
  const warnings = retentionWarnings({ options, tables, mailer });
  mailer.onFailed(warningKind, (trx, ref) => repository.forgetNotices(trx, String(ref.rule), [String(ref.key)]));
  const { defaultLocale } = options;
  let locking: Promise<Locking> | undefined;
  const config = { batchSize: options.retention.batchSize, leaseSeconds: options.retention.leaseSeconds };

  async function restrictedSubjects(): Promise<Restricted> {
    const rows: { email: string; customer_id: string | null }[] = await db(tables.subjects).whereNotNull('restricted_at').select('email', 'customer_id');
    return { emails: rows.map((r) => r.email), customerIds: rows.flatMap((r) => (r.customer_id === null ? [] : [String(r.customer_id)])) };
  }

  async function run(opts: RunOptions = {}): Promise<RetentionReport> {
    const now = opts.now ?? options.clock();
    const locale = opts.locale ?? defaultLocale;
    const report: RetentionReport = {
      runId: randomUUID(),
      dryRun: Boolean(opts.dryRun),
      now,
      startedAt: options.clock(),
      finishedAt: options.clock(),
      locking: options.retention.locking === 'lease' ? 'lease' : await (locking ??= lockingOf(db)),
      rules: [],
      totals: { deleted: 0, anonymised: 0, warned: 0 },
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
    report.finishedAt = options.clock();
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
    if (rule.honoursRestriction && restricted.emails.length + restricted.customerIds.length > 0)
      line.restricted = (await count({ emails: [], customerIds: [] })) - total;
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
        cursor = present(rows.at(-1), 'the last row of a page')[rule.key] as Knex.Value;
      }
      return;
    }

    const holder = report.runId;
    try {
      for (let cursor: Knex.Value | null = null; ;) {
        const batch = await retryingConflicts(() =>
          db.transaction(
            async (trx) => {
              if (report.locking === 'lease' && !(await repository.hold(trx, rule.id, holder, config.leaseSeconds))) return null;
              const query = page(select(trx(rule.table)), rule, now, restricted, cursor, size);
              const rows: Record<string, unknown>[] = await (report.locking === 'skip-locked' ? query.forUpdate().skipLocked() : query);
              if (rows.length === 0) return { rows, outcome: null };
              const outcome = await plan(trx, rule, rows, now);
              // Warnings are queued in the batch with their notices; the mail worker sends them after it commits.
              const sent = outcome.warn.length > 0 ? await warn(trx, rule, outcome.warn) : nothingSent;
              const acted = outcome.act.length > 0 ? await rule.apply(trx, outcome.act) : 0;
              return { rows, outcome: { ...outcome, acted, sent } };
            },
            mysql ? { isolationLevel: 'read committed' } : undefined,
          ),
        );
        if (batch === null) {
          line.skipped = 'another run holds this rule';
          return;
        }
        const { rows, outcome } = batch;
        if (!outcome) break;
        tally(line, rule, outcome, outcome.sent);
        progress(rows.length);
        if (rows.length < size) break;
        cursor = present(rows.at(-1), 'the last row of a page')[rule.key] as Knex.Value;
      }
    } finally {
      if (report.locking === 'lease') await repository.release(db, rule.id, holder).catch(() => undefined);
    }
  }

  /** Queues the warnings inside the batch and records them with it. */
  async function warn(trx: Knex.Transaction, rule: TableRule, rows: DueRow[]) {
    const sent = await warnings.send(trx, rule, rows);
    await recordWarnings(trx, rule, sent);
    return sent;
  }

  /** Records the warnings queued (or that could not be, for want of an address). */
  async function recordWarnings(trx: Knex.Transaction, rule: TableRule, sent: { sent: DueRow[]; unreachable: DueRow[] }) {
    const sentAt = options.clock();
    for (const row of [...sent.sent, ...sent.unreachable]) await repository.noticeSent(trx, rule.id, row.key, sentAt, row.dueAt);
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

  async function recordRun(report: RetentionReport, actor: Actor, failure: unknown): Promise<void> {
    const rules = Object.fromEntries(
      report.rules.flatMap((line) => {
        const counts = Object.fromEntries(
          Object.entries({ deleted: line.deleted, anonymised: line.anonymised, warned: line.warned, restricted: line.restricted }).filter(([, n]) => n > 0),
        );
        return Object.keys(counts).length > 0 || line.skipped ? [[line.rule, line.skipped ? { ...counts, skipped: true } : counts]] : [];
      }),
    );
    const details = { runId: report.runId, rules, ...(failure ? { failed: (failure as Error)?.name ?? 'Error' } : {}) };
    // The audit entry must not hide the run's own error if the database is what failed.
    // Another instance may be writing (SQLite lets one writer at a time): a conflict is retried.
    await retryingConflicts(() => audit.recordNow({ actor, action: failure ? 'retention.failed' : 'retention.run', details })).catch((err: unknown) => {
      if (!failure) throw err;
    });
    if (failure) return;
    const head = await audit.head();
    options.logger.info(`[express-shop-privacy] retention run ${report.runId}: audit head ${head} (keep it outside the database)`);
    if (options.auditHeadTo) await mailer.queue(db, auditHeadMail(options.auditHeadTo, head, report.now, options));
  }

  return {
    /** The rules in force, described in `locale`: for the CLI, the docs and staff. */
    rules: (locale: Locale = defaultLocale) => rules.map((rule) => emptyLine(rule, locale)),
    run,
  };
}

export type Retention = ReturnType<typeof createRetention>;

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
