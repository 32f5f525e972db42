import type { Request } from 'express';
import type { Knex } from 'knex';
import type { AuditTrail } from '../audit/trail.js';
import type { ConsentService } from '../consent/service.js';
import type { Locale } from '../options/locales.js';
import type { Requests } from '../requests/service.js';
import type { SubjectsRepository } from '../subjects/repository.js';
import type { CurrentSubject } from './current-subject.js';
import type { Restriction } from './restriction.js';
import type { ResolvedOptions } from '../options/schema.js';
import { recipientsToTell } from './recipients.js';

const dayMs = 24 * 60 * 60 * 1000;

interface Deps {
  db: Knex;
  options: Pick<ResolvedOptions, 'clock' | 'controller' | 'dataSources' | 'recipients'>;
  consents: ConsentService;
  subjects: SubjectsRepository;
  restriction: Restriction;
  requests: Requests;
  audit: AuditTrail;
}

/**
 * The rights a shopper exercises from the account page, each in one transaction with its
 * request record and audit entries: the change, the proof it was asked for, and the trail
 * commit together or not at all.
 */
export function createRightsExercise({ db, options, consents, subjects, restriction, requests, audit }: Deps) {
  const recipients = recipientsToTell(options);
  /** The shopper's module record, created on first use (a customer the module had not met yet), linked and merged once the address is proven. */
  async function recorded(trx: Knex.Transaction, subject: CurrentSubject, locale: Locale): Promise<CurrentSubject & { id: number }> {
    const { id } = await subjects.recordOf(trx, subject, locale, options.clock());
    return { ...subject, id };
  }

  return {
    /**
     * A download of the access answer (Art. 15, and Art. 20 in JSON): recorded as a request done.
     * Downloads again within a day are the same request answered, not new ones: a page reloaded or
     * a download retried must not grow the requests and the audit trail with every click.
     */
    async downloaded(subject: CurrentSubject, locale: Locale, format: 'txt' | 'json'): Promise<void> {
      await db.transaction(async (trx) => {
        const since = new Date(options.clock().getTime() - dayMs);
        if (subject.id !== null && subject.context.channel === 'account' && (await requests.repository.answeredSince(trx, subject.id, 'access', since))) return;
        await requests.selfServed(trx, 'access', subject, locale, subject.context, { format });
      });
    },

    /** Giving and withdrawing are the same one click; a withdrawal is a right exercised. */
    async setConsent(subject: CurrentSubject, purpose: string, grant: boolean, locale: Locale, req: Request): Promise<void> {
      await db.transaction(async (trx) => {
        const known = await recorded(trx, subject, locale);
        const context = { source: 'account' as const, req, locale, trx };
        if (grant) {
          await consents.grant({ subjectId: known.id }, purpose, context);
          return;
        }
        await consents.withdraw({ subjectId: known.id }, purpose, context);
        await requests.selfServed(trx, 'withdrawal', known, locale, subject.context, { purpose });
      });
    },

    /**
     * Restriction takes effect at once; it stays open as a request so staff review why
     * (contested accuracy, say) and answer. Lifting it closes that review.
     */
    async restrict(subject: CurrentSubject, lift: boolean, locale: Locale): Promise<number | null> {
      return db.transaction(async (trx) => {
        const known = await recorded(trx, subject, locale);
        await restriction.restrict({ subjectId: known.id }, { lift, trx });
        await audit.record(trx, {
          actor: subject.context.actor,
          action: lift ? 'subject.restriction_lifted' : 'subject.restricted',
          subjectId: known.id,
          requestId: subject.context.requestId ?? null,
          details: { recipientsToTell: recipients },
        });
        if (lift) {
          await requests.selfServed(trx, 'restriction', known, locale, subject.context, { lifted: true });
          return null;
        }
        const [answered] = subject.context.requestId
          ? (await requests.repository.openOf(trx, known.id, 'restriction')).filter((r) => r.id === subject.context.requestId)
          : [];
        return answered?.id ?? requests.needsPerson(trx, 'restriction', known, locale, subject.context, null);
      });
    },

    /** Objection to direct marketing is absolute: done at once. */
    async objectToMarketing(subject: CurrentSubject, locale: Locale, req: Request): Promise<void> {
      await db.transaction(async (trx) => {
        const known = await recorded(trx, subject, locale);
        const withdrawn = await restriction.objectToMarketing({ subjectId: known.id }, { req, locale, trx });
        await requests.selfServed(trx, 'objection', known, locale, subject.context, { directMarketing: true, withdrawn });
      });
    },

    /** Objection to processing in legitimate interests (Art. 21(1)): weighed by a person, so it stays open. */
    async objectToLegitimateInterest(subject: CurrentSubject, purpose: string, reason: string, locale: Locale): Promise<number> {
      return db.transaction(async (trx) => {
        const known = await recorded(trx, subject, locale);
        return requests.needsPerson(trx, 'objection', known, locale, subject.context, `${purpose}: ${reason}`);
      });
    },

    /** A correction the form cannot make (a wrong order, say), described in the shopper's words, for staff. */
    /** Restriction of only the information the shopper describes: a request for staff, nothing stopped yet. */
    async restrictPart(subject: CurrentSubject, description: string, locale: Locale): Promise<number> {
      return db.transaction(async (trx) => {
        const known = await recorded(trx, subject, locale);
        return requests.needsPerson(trx, 'restriction', known, locale, subject.context, description);
      });
    },

    async askCorrection(subject: CurrentSubject, description: string, locale: Locale): Promise<number> {
      return db.transaction(async (trx) => {
        const known = await recorded(trx, subject, locale);
        return requests.needsPerson(trx, 'rectification', known, locale, subject.context, description);
      });
    },
  };
}

export type RightsExercise = ReturnType<typeof createRightsExercise>;
