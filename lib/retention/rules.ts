import type { Knex } from 'knex';
import { pick, translate } from '../i18n/index.js';
import type { Locale } from '../options/locales.js';
import type { ResolvedOptions } from '../options/schema.js';
import type { CustomSourceOptions, SourceRetention, TableSource } from '../sources/schema.js';
import type { TableNames } from '../store/tables.js';
import { clockOf, whereBefore, type ClockExpression } from './clock.js';
import { describePeriod, shift, type Period } from './period.js';

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

function ruleOf(source: TableSource): SourceRetention | null {
  if (source.retention === false) return null;
  if (source.retention) return source.retention;
  if (source.erase.action !== 'anonymise') return null;
  return { from: source.erase.keepFor.from, after: { years: source.erase.keepFor.years }, action: 'anonymise', reason: source.erase.reason };
}

function sourceRule(source: TableSource, rule: SourceRetention, all: TableSource[], tables: TableNames, mysql: boolean, forgetNotices: ForgetNotices, shopUrl: string): TableRule {
  const clock = clockOf(rule.from, rule.orFrom);
  const customerId = source.match.customerId !== source.key ? source.match.customerId : undefined;
  // This is the accounts table when its own key is the customer id other sources point to.
  const isAccounts = source.match.customerId === source.key;
  const dependents = isAccounts ? all.filter((other) => other !== source && other.match.customerId && other.match.customerId !== other.key) : [];

  return {
    kind: 'table',
    id: source.id,
    table: source.table,
    key: source.key,
    action: rule.action,
    period: rule.after,
    label: (locale) => pick(source.label, locale),
    reason: (locale) => pick(rule.reason, locale),
    honoursRestriction: true,
    warn: rule.warn && source.match.email ? { days: rule.warn.days, link: new URL(rule.warn.link ?? '/', `${shopUrl}/`).href, emailColumn: source.match.email, clock } : undefined,
    due(q, now, restricted) {
      const cutoff = shift(now, rule.after, -1);
      whereBefore(q, mysql, clock, rule.warn ? shift(cutoff, { days: rule.warn.days }, 1) : cutoff);
      if (rule.action === 'anonymise') {
        // Rows already anonymised are done: the rule is idempotent without a marker column.
        q.where((personal) => {
          for (const [column, spec] of Object.entries(source.columns)) {
            if (spec.anonymisedValue === null) personal.orWhereNotNull(column);
            else personal.orWhere((w) => w.whereNotNull(column).andWhere(column, '<>', spec.anonymisedValue as string));
          }
          if (customerId) personal.orWhereNotNull(customerId);
        });
      }
      const email = source.match.email;
      if (email && restricted.emails.length > 0) {
        const list = restricted.emails.map(() => '?').join(', ');
        q.where((w) => w.whereNull(email).orWhereRaw(`${mysql ? '??' : 'lower(??)'} NOT IN (${list})`, [email, ...restricted.emails]));
      }
      const customer = source.match.customerId;
      if (customer && restricted.customerIds.length > 0) q.where((w) => w.whereNull(customer).orWhereNotIn(customer, restricted.customerIds));
      return q;
    },
    async apply(trx, keys) {
      if (rule.action === 'anonymise') {
        const blank: Record<string, string | null> = Object.fromEntries(Object.entries(source.columns).map(([column, spec]) => [column, spec.anonymisedValue]));
        if (customerId) blank[customerId] = null;
        for (const child of source.children) {
          const childBlank = Object.fromEntries(Object.entries(child.columns).map(([column, spec]) => [column, spec.anonymisedValue]));
          if (Object.keys(childBlank).length > 0) await trx(child.table).whereIn(child.foreignKey, keys).update(childBlank);
        }
        const done = await trx(source.table).whereIn(source.key, keys).update(blank);
        await forgetNotices(trx, source.id, keys);
        return done;
      }
      for (const child of source.children) await trx(child.table).whereIn(child.foreignKey, keys).delete();
      // Kept rows elsewhere (orders under the accounting law) lose their link to a deleted account.
      for (const other of dependents) await trx(other.table).whereIn(other.match.customerId!, keys).update({ [other.match.customerId!]: null });
      if (isAccounts) await trx(tables.subjects).whereIn('customer_id', keys.map(String)).update({ customer_id: null });
      await forgetNotices(trx, source.id, keys);
      return trx(source.table).whereIn(source.key, keys).delete();
    },
  };
}

/** The module's own tables: links, unconfirmed and old requests, cookie choices, counters, notices. */
function moduleRules(options: ResolvedOptions, tables: TableNames, mysql: boolean): TableRule[] {
  const r = options.retention;
  const rule = (id: string, table: string, key: string, period: Period, due: (q: Knex.QueryBuilder, cutoff: Date) => Knex.QueryBuilder, name: Parameters<typeof translate>[1]): TableRule => ({
    kind: 'table',
    id: `privacy.${id}`,
    table,
    key,
    action: 'delete',
    period,
    label: (locale) => translate(locale, name),
    reason: (locale) => translate(locale, `${name}.reason` as Parameters<typeof translate>[1], { period: describePeriod(period, locale) }),
    honoursRestriction: false,
    due: (q, now) => due(q, shift(now, period, -1)),
    apply: async (trx, keys) => trx(table).whereIn(key, keys).delete(),
  });
  const before = (column: string) => (q: Knex.QueryBuilder, cutoff: Date) => whereBefore(q, mysql, clockOf(column), cutoff);
  return [
    rule('expired_tokens', tables.tokens, 'id', r.expiredTokens, before('expires_at'), 'retention.rule.expiredTokens'),
    rule('unverified_requests', tables.requests, 'id', r.unverifiedRequests, (q, cutoff) => before('received_at')(q.where({ status: 'awaiting_verification' }), cutoff), 'retention.rule.unverifiedRequests'),
    rule('cookie_choices', tables.consentEvents, 'id', r.cookieChoices, (q, cutoff) =>
      before('created_at')(q.whereIn('source', ['banner', 'gpc']), cutoff)
        // The event behind a consent that still applies is its proof: it stays.
        .whereNotExists((sub) => sub.select(1).from(tables.consents).whereRaw('??.?? = ??.??', [tables.consents, 'event_id', tables.consentEvents, 'id'])),
    'retention.rule.cookieChoices'),
    rule('closed_requests', tables.requests, 'id', r.closedRequests, (q, cutoff) => before('closed_at')(q.whereIn('status', ['done', 'refused']), cutoff), 'retention.rule.closedRequests'),
    rule('rate_limits', tables.rateLimits, 'key', { days: 0 }, before('reset_at'), 'retention.rule.rateLimits'),
    rule('notices', tables.retentionNotices, 'id', { days: 90 }, before('due_at'), 'retention.rule.notices'),
  ];
}

/**
 * The module's record of a person nobody serves any more: no row in any data source, no consent
 * in force, no open request, no restriction, nothing recorded for `formerSubjects`. What proved
 * the policy they were shown at checkout has outlived the order it belonged to. The hashed
 * suppression entries stay; answered requests stay without the address.
 */
function formerSubjects(options: ResolvedOptions, tables: TableNames, mysql: boolean, sources: TableSource[], own: TableRule[]): TableRule {
  const linksDue = own.find((r) => r.id === 'privacy.expired_tokens')!;
  const choicesDue = own.find((r) => r.id === 'privacy.cookie_choices')!;
  const none: Restricted = { emails: [], customerIds: [] };
  const period = options.retention.formerSubjects;
  return {
    kind: 'table',
    id: 'privacy.former_subjects',
    table: tables.subjects,
    key: 'id',
    action: 'delete',
    period,
    label: (locale) => translate(locale, 'retention.rule.formerSubjects'),
    reason: (locale) => translate(locale, 'retention.rule.formerSubjects.reason', { period: describePeriod(period, locale) }),
    honoursRestriction: false,
    keepColumns: ['email', 'customer_id'],
    due(q, now) {
      const cutoff = shift(now, period, -1);
      const subject = (column: string) => `${tables.subjects}.${column}`;
      whereBefore(q, mysql, clockOf('updated_at'), cutoff).whereNull('restricted_at');
      // Nothing recorded for the person since the cutoff: no consent event at or after it.
      q.whereNotExists((sub) => {
        sub.select(1).from(tables.consentEvents).whereRaw('?? = ??', [`${tables.consentEvents}.subject_id`, subject('id')]);
        sub.whereNot((recent) => void whereBefore(recent, mysql, clockOf(`${tables.consentEvents}.created_at`), cutoff));
      });
      // A person with a link or a banner answer another rule deletes in this run waits for the next:
      // so this rule never changes what the others count, and a dry run stays exact.
      q.whereNotExists((sub) => void linksDue.due(sub.select(1).from(tables.tokens).whereRaw('?? = ??', [`${tables.tokens}.subject_id`, subject('id')]), now, none));
      q.whereNotExists((sub) => void choicesDue.due(sub.select(1).from(tables.consentEvents).whereRaw('?? = ??', [`${tables.consentEvents}.subject_id`, subject('id')]), now, none));
      q.whereNotExists((sub) => sub.select(1).from(tables.consents).whereRaw('?? = ??', [`${tables.consents}.subject_id`, subject('id')]).where(`${tables.consents}.granted`, true));
      q.whereNotExists((sub) => sub.select(1).from(tables.requests).whereRaw('?? = ??', [`${tables.requests}.subject_id`, subject('id')]).whereIn(`${tables.requests}.status`, ['awaiting_verification', 'open', 'in_progress']));
      return q;
    },
    async keep(trx, rows) {
      const emails = rows.map((row) => String(row.email));
      const customerIds = rows.flatMap((row) => (row.customer_id === null || row.customer_id === undefined ? [] : [String(row.customer_id)]));
      const held = new Set<string>();
      for (const source of sources) {
        if (source.match.email && emails.length > 0) {
          const found: { email: unknown }[] = mysql
            ? await trx(source.table).distinct({ email: source.match.email }).whereIn(source.match.email, emails)
            : await trx(source.table).distinct(trx.raw('lower(??) as email', [source.match.email])).whereRaw(`lower(??) in (${emails.map(() => '?').join(', ')})`, [source.match.email, ...emails]);
          for (const row of found) held.add(`e:${String(row.email).toLowerCase()}`);
        }
        if (source.match.customerId && customerIds.length > 0) {
          const found: { id: unknown }[] = await trx(source.table).distinct({ id: source.match.customerId }).whereIn(source.match.customerId, customerIds);
          for (const row of found) held.add(`c:${String(row.id)}`);
        }
      }
      return new Set(rows.filter((row) => held.has(`e:${String(row.email).toLowerCase()}`) || (row.customer_id != null && held.has(`c:${String(row.customer_id)}`))).map((row) => String(row.id)));
    },
    async apply(trx, keys) {
      // Answered requests stay as proof, without the address (as after an erasure).
      await trx(tables.requests).whereIn('subject_id', keys).update({ email: null, details: null });
      await trx(tables.tokens).whereIn('subject_id', keys).delete();
      await trx(tables.consents).whereIn('subject_id', keys).delete();
      await trx(tables.consentEvents).whereIn('subject_id', keys).delete();
      return trx(tables.subjects).whereIn('id', keys).delete();
    },
  };
}
