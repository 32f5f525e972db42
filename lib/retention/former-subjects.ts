import { translate } from '../i18n/index.js';
import { present } from '../http/errors.js';
import type { ResolvedOptions } from '../options/schema.js';
import type { TableSource } from '../options/sources.js';
import type { TableNames } from '../store/tables.js';
import { clockOf, whereBefore } from './clock.js';
import { describePeriod, shift } from '../options/period.js';
import { type Restricted, type Stores, type TableRule } from './rule.js';

/**
 * The module's record of a person nobody serves any more: no row in any data source, no consent
 * in force, no open request, no restriction, nothing recorded for `formerSubjects`. What proved
 * the policy they were shown at checkout has outlived the order it belonged to. The hashed
 * suppression entries stay; answered requests stay without the address.
 */
export function formerSubjects(
  options: ResolvedOptions,
  tables: TableNames,
  mysql: boolean,
  sources: TableSource[],
  own: TableRule[],
  stores: Stores,
): TableRule {
  const linksDue = present(
    own.find((r) => r.id === 'privacy.expired_tokens'),
    'the expired links rule',
  );
  const choicesDue = present(
    own.find((r) => r.id === 'privacy.cookie_choices'),
    'the cookie choices rule',
  );
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
        sub
          .select(1)
          .from(tables.consentEvents)
          .whereRaw('?? = ??', [`${tables.consentEvents}.subject_id`, subject('id')]);
        sub.whereNot((recent) => void whereBefore(recent, mysql, clockOf(`${tables.consentEvents}.created_at`), cutoff));
      });
      // A person with a link or a banner answer another rule deletes in this run waits for the next:
      // so this rule never changes what the others count, and a dry run stays exact.
      q.whereNotExists(
        (sub) =>
          void linksDue.due(
            sub
              .select(1)
              .from(tables.tokens)
              .whereRaw('?? = ??', [`${tables.tokens}.subject_id`, subject('id')]),
            now,
            none,
          ),
      );
      q.whereNotExists(
        (sub) =>
          void choicesDue.due(
            sub
              .select(1)
              .from(tables.consentEvents)
              .whereRaw('?? = ??', [`${tables.consentEvents}.subject_id`, subject('id')]),
            now,
            none,
          ),
      );
      q.whereNotExists((sub) =>
        sub
          .select(1)
          .from(tables.consents)
          .whereRaw('?? = ??', [`${tables.consents}.subject_id`, subject('id')])
          .where(`${tables.consents}.granted`, true),
      );
      q.whereNotExists((sub) =>
        sub
          .select(1)
          .from(tables.requests)
          .whereRaw('?? = ??', [`${tables.requests}.subject_id`, subject('id')])
          .whereIn(`${tables.requests}.status`, ['awaiting_verification', 'open', 'in_progress']),
      );
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
            : await trx(source.table)
                .distinct(trx.raw('lower(??) as email', [source.match.email]))
                .whereRaw(`lower(??) in (${emails.map(() => '?').join(', ')})`, [source.match.email, ...emails]);
          for (const row of found) held.add(`e:${String(row.email).toLowerCase()}`);
        }
        if (source.match.customerId && customerIds.length > 0) {
          const found: { id: unknown }[] = await trx(source.table).distinct({ id: source.match.customerId }).whereIn(source.match.customerId, customerIds);
          for (const row of found) held.add(`c:${String(row.id)}`);
        }
      }
      return new Set(
        rows
          .filter((row) => held.has(`e:${String(row.email).toLowerCase()}`) || (row.customer_id != null && held.has(`c:${String(row.customer_id)}`)))
          .map((row) => String(row.id)),
      );
    },
    async apply(trx, keys) {
      // Answered requests stay as proof, without the address (as after an erasure).
      await stores.requests.forgetSubjects(trx, keys);
      // Forgotten as erasure forgets them: one rule for both.
      return stores.subjects.forget(trx, keys);
    },
  };
}
