import { Cron } from 'croner';
import { z } from 'zod';
import { period, shift, type Period } from './period.js';

function validCron(pattern: string): boolean {
  try {
    new Cron(pattern, { paused: true }).stop();
    return true;
  } catch {
    return false;
  }
}

/** The module's own retention periods and how a run goes. */
export const retentionOptions = z
  .strictObject({
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
    /**
     * Audit rows are deleted this long after they were written, the oldest first, each deletion
     * leaving a keyed checkpoint so the chain still verifies. They are the proof of how requests
     * and consents were handled, so they must outlive what they prove: a request's rows are
     * written when it arrives, and it is kept `closedRequests` (3 years) after it closes, which
     * may be up to 3 months later (GDPR Art. 12(3)); 4 years covers that with a margin. Keep it at
     * least `closedRequests` plus 3 months if that is changed; shorter than it is refused.
     */
    auditTrail: period.default({ years: 4 }),
    /** E-mails the module has sent or given up on are deleted this long after (from the outbox, where staff see what went out). */
    sentMail: period.default({ days: 30 }),
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
  })
  .superRefine((r, ctx) => {
    // Audit rows are the proof of how a request was handled: they may not go before the request.
    if (longer(r.closedRequests, r.auditTrail))
      ctx.addIssue({
        code: 'custom',
        path: ['auditTrail'],
        input: r.auditTrail,
        message: 'expected at least as long as retention.closedRequests (better 3 months longer): the audit rows prove how a request was handled',
      });
  });

/** Whether `a` is longer than `b`, measured back from one fixed day (months and years vary in length). */
function longer(a: Period, b: Period): boolean {
  const from = new Date(Date.UTC(2000, 0, 1));
  return shift(from, a, -1).getTime() < shift(from, b, -1).getTime();
}
