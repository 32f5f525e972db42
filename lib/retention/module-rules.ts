import type { Knex } from 'knex';
import { auditKeyRing } from '../audit/chain.js';
import { purgeAudit } from '../audit/purge.js';
import { translate } from '../i18n/index.js';
import type { ResolvedOptions } from '../options/schema.js';
import type { TableNames } from '../store/tables.js';
import { clockOf, whereBefore } from './clock.js';
import { describePeriod, shift, type Period } from '../options/period.js';
import type { TableRule } from './rule.js';

/** The module's own tables: links, unconfirmed and old requests, cookie choices, counters, notices, sent mail, the audit trail. */
export function moduleRules(options: ResolvedOptions, tables: TableNames, mysql: boolean): TableRule[] {
  const r = options.retention;
  // The chain's keys, from the options as the trail's own: checkpoints are made with the key new rows use.
  const chain = { tables, clock: options.clock, keys: auditKeyRing(options) };
  const rule = (
    id: string,
    table: string,
    key: string,
    period: Period,
    due: (q: Knex.QueryBuilder, cutoff: Date) => Knex.QueryBuilder,
    name: Parameters<typeof translate>[1],
  ): TableRule => ({
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
    rule(
      'unverified_requests',
      tables.requests,
      'id',
      r.unverifiedRequests,
      (q, cutoff) => before('received_at')(q.where({ status: 'awaiting_verification' }), cutoff),
      'retention.rule.unverifiedRequests',
    ),
    rule(
      'cookie_choices',
      tables.consentEvents,
      'id',
      r.cookieChoices,
      (q, cutoff) =>
        before('created_at')(q.whereIn('source', ['banner', 'gpc']), cutoff)
          // The event behind a consent that still applies is its proof: it stays.
          .whereNotExists((sub) => sub.select(1).from(tables.consents).whereRaw('??.?? = ??.??', [tables.consents, 'event_id', tables.consentEvents, 'id'])),
      'retention.rule.cookieChoices',
    ),
    rule(
      'closed_requests',
      tables.requests,
      'id',
      r.closedRequests,
      (q, cutoff) => before('closed_at')(q.whereIn('status', ['done', 'refused']), cutoff),
      'retention.rule.closedRequests',
    ),
    rule('rate_limits', tables.rateLimits, 'key', { days: 0 }, before('reset_at'), 'retention.rule.rateLimits'),
    rule('notices', tables.retentionNotices, 'id', { days: 90 }, before('due_at'), 'retention.rule.notices'),
    // A shop retries a hook within hours; three months covers any replay, and the key names an order.
    rule('hook_calls', tables.hookCalls, 'id', { days: 90 }, before('created_at'), 'retention.rule.hookCalls'),
    rule(
      'sent_mail',
      tables.outbox,
      'id',
      r.sentMail,
      (q, cutoff) => whereBefore(q.whereIn('status', ['sent', 'failed']), mysql, clockOf('sent_at', 'created_at'), cutoff),
      'retention.rule.sentMail',
    ),
    // Last, after every rule whose deletions it records. Oldest first (by seq): the chain is cut only at its start.
    {
      ...rule('audit_trail', tables.audit, 'seq', r.auditTrail, before('at'), 'retention.rule.auditTrail'),
      apply: (trx, seqs) => purgeAudit(trx, chain, seqs),
    },
  ];
}
