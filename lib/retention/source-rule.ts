import { pick } from '../i18n/index.js';
import type { SourceRetention, TableSource } from '../options/sources.js';
import { clockOf, whereBefore } from './clock.js';
import { shift } from '../options/period.js';
import type { ForgetNotices, Stores, TableRule } from './rule.js';

/** A source's own rule; one erased by anonymising with `keepFor` and no rule of its own is anonymised when that ends. */
export function ruleOf(source: TableSource): SourceRetention | null {
  if (source.retention === false) return null;
  if (source.retention) return source.retention;
  if (source.erase.action !== 'anonymise') return null;
  return { from: source.erase.keepFor.from, after: { years: source.erase.keepFor.years }, action: 'anonymise', reason: source.erase.reason };
}

export function sourceRule(
  source: TableSource,
  rule: SourceRetention,
  all: TableSource[],
  stores: Stores,
  mysql: boolean,
  forgetNotices: ForgetNotices,
  shopUrl: string,
): TableRule {
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
    warn:
      rule.warn && source.match.email
        ? { days: rule.warn.days, link: new URL(rule.warn.link ?? '/', `${shopUrl}/`).href, emailColumn: source.match.email, clock }
        : undefined,
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
          // A row still pointing to its address is not done either: anonymising cuts the link.
          for (const link of source.links) personal.orWhereNotNull(link.column);
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
      // Rows are blanked and deleted as erasure does it (sources/repository.ts): one rule for both.
      const { sources, subjects } = stores;
      if (rule.action === 'anonymise') {
        // The rows' links go too, and a linked row (an address) no row of any source points to any more.
        const { rows: done } = await sources.anonymise(trx, source, keys, all);
        await forgetNotices(trx, source.id, keys);
        return done;
      }
      // Kept rows elsewhere (orders under the accounting law) lose their link to a deleted account.
      await sources.unlinkCustomers(trx, dependents, keys);
      if (isAccounts) await subjects.unlinkCustomers(trx, keys.map(String));
      await forgetNotices(trx, source.id, keys);
      return (await sources.remove(trx, source, keys, all)).rows;
    },
  };
}
