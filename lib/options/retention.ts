import { Cron } from 'croner';
import { z } from 'zod';
import { period } from './period.js';

function validCron(pattern: string): boolean {
  try {
    new Cron(pattern, { paused: true }).stop();
    return true;
  } catch {
    return false;
  }
}

function validTimezone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** The module's own retention periods and how a run goes. */
export const retentionOptions = z.strictObject({
  /** Used and expired e-mail links are deleted this long after they expired. */
  expiredTokens: period.default({ days: 7 }),
  /** Requests whose e-mail link was never opened are deleted this long after they were made. */
  unverifiedRequests: period.default({ days: 7 }),
  /** Cookie-banner answers of visitors (and superseded ones of shoppers) are deleted after this long. */
  cookieChoices: period.default({ years: 2 }),
  /** Answered and refused requests are kept this long after closing, as proof they were answered. */
  closedRequests: period.default({ years: 3 }),
  /**
   * The module's record of a person (consent history, the policy acknowledged at checkout) is
   * deleted this long after the last thing recorded, once no data source holds anything about
   * them and no consent is in force: past the 5 accounting years of their last order.
   */
  formerSubjects: period.default({ years: 6 }),
  /** Rows per transaction: small enough that no lock is held for long. */
  batchSize: z.number().int().min(1).max(1000, { error: 'expected at most 1000 rows a transaction' }).default(1000),
  /**
   * How concurrent runs keep apart: 'auto' uses FOR UPDATE SKIP LOCKED where the server has it
   * (MySQL 8, MariaDB 10.6+) and a lease row elsewhere; 'lease' always claims whole rules, e.g.
   * on a Galera cluster, whose row locks do not reach across nodes.
   */
  locking: z.enum(['auto', 'lease']).default('auto'),
  /** Where runs claim rules with a lease: how long a claim lasts unrenewed (a crashed run's runs out). */
  leaseSeconds: z.number().int().min(10).max(3600).default(120),
  /** Run retention in-process on this cron schedule, e.g. "17 3 * * *"; off by default (use `shop-privacy purge` from cron instead). */
  schedule: z.string().refine(validCron, { error: 'expected a cron pattern of five or six fields, e.g. "17 3 * * *" (every day at 03:17)' }).optional(),
  timezone: z.string().refine(validTimezone, { error: 'expected an IANA time zone, e.g. "Europe/Riga"' }).default('Europe/Riga'),
});
