import type { Knex } from 'knex';
import { formatDate, translate } from '../i18n/index.js';
import { present } from '../http/errors.js';
import type { Locale } from '../options/locales.js';
import type { ResolvedOptions } from '../options/schema.js';
import type { Mailer, ModuleEmail } from '../mail/mailer.js';
import type { TableNames } from '../store/tables.js';
import { normaliseEmail } from '../subjects/email.js';
import { describePeriod } from '../options/period.js';
import type { TableRule } from './rules.js';

/** The audit head after a run, to the operator's address outside the database, in the shop's language. */
export function auditHeadMail(to: string, head: string, at: Date, options: Pick<ResolvedOptions, 'controller' | 'defaultLocale' | 'timezone'>): ModuleEmail {
  const locale = options.defaultLocale;
  const vars = { website: options.controller.website, date: formatDate(at, locale, options.timezone), head };
  return {
    to,
    locale,
    subject: translate(locale, 'retention.headMail.subject', vars),
    paragraphs: [translate(locale, 'retention.headMail.intro', vars), head, translate(locale, 'retention.headMail.keep', vars)],
    unsubscribeUrl: null,
  };
}

/** What the outbox calls a warning e-mail, for the handler told when one can never be sent. */
export const warningKind = 'retention.warning';

/** A row that is about to go and whose owner is told first. */
export interface DueRow {
  key: Knex.Value;
  email: unknown;
  since: Date;
  dueAt: Date;
}

/**
 * The e-mail sent before a row is deleted for inactivity (an account 3 years after the last
 * login), in the person's language when the module knows it, with the date and how to keep it.
 */
export function retentionWarnings({ options, tables, mailer }: { options: ResolvedOptions; tables: TableNames; mailer: Mailer }) {
  return {
    /**
     * Queues one warning per row in `trx`, the batch that records it: the warning and its notice
     * are kept together or not at all. Returns the rows warned, and those with no usable address.
     */
    async send(trx: Knex.Transaction, rule: TableRule, rows: DueRow[]): Promise<{ sent: DueRow[]; unreachable: DueRow[] }> {
      const addressed = rows.map((row) => ({ row, email: normaliseEmail(row.email) }));
      const emails = addressed.map((a) => a.email).filter((e): e is string => e !== null);
      const locales = new Map<string, string | null>(
        emails.length === 0
          ? []
          : (await trx(tables.subjects).whereIn('email', emails).select('email', 'locale')).map((s: { email: string; locale: string | null }) => [
              s.email,
              s.locale,
            ]),
      );
      const sent: DueRow[] = [];
      const unreachable: DueRow[] = [];
      for (const { row, email } of addressed) {
        if (!email) {
          unreachable.push(row);
          continue;
        }
        const known = locales.get(email);
        const locale: Locale = options.localeOr(known);
        const vars = {
          website: options.controller.website,
          label: rule.label(locale),
          since: formatDate(row.since, locale, options.timezone),
          date: formatDate(row.dueAt, locale, options.timezone),
          period: describePeriod(rule.period, locale),
        };
        await mailer.queue(
          trx,
          {
            to: email,
            locale,
            subject: translate(locale, 'retention.mail.subject', vars),
            paragraphs: [translate(locale, 'retention.mail.unused', vars), translate(locale, 'retention.mail.keep', vars), rule.reason(locale)],
            action: { url: present(rule.warn, `the warning of rule ${rule.id}`).link, label: translate(locale, 'retention.mail.action') },
            // A notice about the account, not marketing: nothing to unsubscribe from.
            unsubscribeUrl: null,
          },
          // Never sent at all, the notice goes too: the row is not deleted on a warning nobody got, and the next run warns again.
          { kind: warningKind, ref: { rule: rule.id, key: String(row.key) } },
        );
        sent.push(row);
      }
      return { sent, unreachable };
    },
  };
}

export type RetentionWarnings = ReturnType<typeof retentionWarnings>;
