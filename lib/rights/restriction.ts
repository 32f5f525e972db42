import type { Request } from 'express';
import type { Knex } from 'knex';
import type { ConsentService, SubjectRef } from '../consent/service.js';
import type { PrivacyEmitter } from '../events.js';
import type { Locale } from '../options/locales.js';
import type { ResolvedOptions } from '../options/schema.js';
import type { SubjectsRepository } from '../subjects/repository.js';
import { inTransaction } from '../store/transaction.js';
import { parseClock } from '../store/time.js';
import { recipientsToTell } from './recipients.js';

interface Deps {
  db: Knex;
  options: Pick<ResolvedOptions, 'clock' | 'consentPurposes' | 'controller' | 'dataSources' | 'recipients'>;
  consents: ConsentService;
  subjects: SubjectsRepository;
  events: PrivacyEmitter;
}

/**
 * Restriction of processing (GDPR Art. 18) and objection to direct marketing (Art. 21(2)–(3),
 * absolute: every marketing consent is withdrawn and the address suppressed).
 */
export function createRestriction({ db, options, consents, subjects, events }: Deps) {
  const marketingPurposes = options.consentPurposes.map((p) => p.id);
  const recipients = recipientsToTell(options);

  async function subjectOrFail(ref: SubjectRef, trx?: Knex.Transaction) {
    const subject = await consents.find(ref, trx);
    if (!subject) throw Object.assign(new Error('express-shop-privacy: no such subject'), { status: 404 });
    return subject;
  }

  return {
    async isRestricted(ref: SubjectRef): Promise<boolean> {
      const subject = await consents.find(ref);
      if (!subject) return false;
      const flags = await subjects.flags(db, subject.id);
      return flags?.restricted_at !== null && flags?.restricted_at !== undefined;
    },

    /**
     * Turns restriction on (or off with `lift`) and tells the shop, which must stop using the data
     * too. Lifted, the consents given meanwhile are announced now, as they would have been then.
     */
    async restrict(ref: SubjectRef, { lift = false, trx }: { lift?: boolean; trx?: Knex.Transaction } = {}): Promise<void> {
      const subject = await subjectOrFail(ref, trx);
      const at = options.clock();
      await inTransaction(db, trx, async (t, afterCommit) => {
        const since = lift ? parseClock((await subjects.flags(t, subject.id))?.restricted_at) : null;
        const waiting = since ? (await consents.of({ subjectId: subject.id }, t)).filter((s) => s.granted && s.updatedAt && s.updatedAt >= since) : [];
        await subjects.setRestricted(t, subject.id, lift ? null : at);
        afterCommit(() => {
          events.emit('subject.restricted', { subjectId: subject.id, email: subject.email, restricted: !lift, at, recipients });
          for (const state of waiting)
            events.emit('consent.granted', {
              subjectId: subject.id,
              email: subject.email,
              purpose: state.purpose,
              source: state.source ?? 'account',
              at: state.updatedAt ?? at,
            });
        });
      });
    },

    /** Objection to direct marketing: withdraws every marketing consent at once, in one transaction. */
    async objectToMarketing(ref: SubjectRef, context: { req?: Request; locale?: Locale; trx?: Knex.Transaction } = {}): Promise<string[]> {
      const subject = await subjectOrFail(ref, context.trx);
      const states = await consents.of({ subjectId: subject.id }, context.trx);
      const withdrawn = states.filter((s) => s.granted && marketingPurposes.includes(s.purpose)).map((s) => s.purpose);
      await inTransaction(db, context.trx, async (trx) => {
        for (const purpose of withdrawn)
          await consents.withdraw({ subjectId: subject.id }, purpose, { source: 'account', req: context.req, locale: context.locale, trx });
        await subjects.setMarketingObjection(trx, subject.id, options.clock());
      });
      return withdrawn;
    },
  };
}

export type Restriction = ReturnType<typeof createRestriction>;
