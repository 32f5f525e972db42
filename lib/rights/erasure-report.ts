import type { Knex } from 'knex';
import { formatDate, translate } from '../i18n/index.js';
import type { Locale } from '../options/locales.js';
import type { ResolvedOptions } from '../options/schema.js';
import type { Mailer } from '../mail/mailer.js';

/** What erasure did to one source, for the report shown and e-mailed to the shopper. */
export interface ErasureLine {
  source: string;
  label: string;
  deleted: number;
  anonymised: number;
  /** Anonymised rows are kept until this date, for `reason`. */
  keptUntil: string | null;
  reason: string | null;
}

/** The report in words: per source, what was deleted, what is kept anonymised until when and why. */
export function describeErasure(lines: ErasureLine[], locale: Locale): string[] {
  return lines.flatMap((line) => {
    const said: string[] = [];
    if (line.deleted > 0) said.push(translate(locale, 'erase.line.deleted', { label: line.label, count: line.deleted }));
    if (line.anonymised > 0)
      said.push(
        translate(locale, 'erase.line.anonymised', {
          label: line.label,
          count: line.anonymised,
          until: line.keptUntil ? formatDate(line.keptUntil, locale) : '',
          reason: line.reason ?? '',
        }),
      );
    if (said.length === 0)
      said.push(
        line.reason
          ? translate(locale, 'erase.line.outside', { label: line.label, reason: line.reason })
          : translate(locale, 'erase.line.none', { label: line.label }),
      );
    return said;
  });
}

/** The report e-mailed to the erased address: the last message it gets, so it offers no unsubscribe. */
export async function mailErasureReport(
  trx: Knex.Transaction,
  mailer: Mailer,
  options: Pick<ResolvedOptions, 'clock' | 'controller' | 'timezone'>,
  to: string,
  locale: Locale,
  lines: ErasureLine[],
): Promise<void> {
  await mailer.queue(trx, {
    to,
    locale,
    subject: translate(locale, 'mail.erased.subject', { website: options.controller.website }),
    paragraphs: [
      translate(locale, 'mail.erased.intro', { date: formatDate(options.clock(), locale, options.timezone) }),
      ...describeErasure(lines, locale),
      translate(locale, 'mail.erased.outro'),
    ],
    unsubscribeUrl: null,
  });
}
