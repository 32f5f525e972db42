import type { Request } from 'express';
import type { Knex } from 'knex';
import type { PrivacyEmitter } from '../events.js';
import type { AuditTrail, AuditEntry } from '../audit/trail.js';
import { requestLocale } from '../http/locale.js';
import type { Locale } from '../options/locales.js';
import { isLocale } from '../options/locales.js';
import type { ConsentPlace, ResolvedOptions } from '../options/schema.js';
import type { PolicyService } from '../policy/service.js';
import { normaliseEmail, type AddressHash } from '../subjects/email.js';
import { speaksForAddress, type SubjectRow, type SubjectsRepository } from '../subjects/repository.js';
import type { TableNames } from '../store/tables.js';
import { readBoxes } from './choices.js';
import { inTransaction } from '../store/transaction.js';
import { policyAcknowledgement, type ConsentLedger, type ConsentSource, type NewConsentEvent } from './ledger.js';
import { offeredAt, type ConsentWordings } from './wording.js';
import { InvalidInputError, SuppressedError } from './errors.js';
import { consentSubjects } from './subjects.js';
import { evidenceOf } from './evidence.js';
import type { ConsentContext, ConsentProblem, ConsentState, SeenRequest, ShopperAccount, ShownWording, SubjectRef } from './types.js';

export type { ConsentContext, ConsentProblem, ConsentState, ShopperAccount, SubjectRef } from './types.js';

interface Deps {
  db: Knex;
  tables: TableNames;
  options: Pick<ResolvedOptions, 'clock' | 'consentPurposes' | 'defaultLocale' | 'locale' | 'policy' | 'purposes'>;
  policy: PolicyService;
  wordings: ConsentWordings;
  ledger: ConsentLedger;
  subjects: SubjectsRepository;
  events: PrivacyEmitter;
  audit: AuditTrail;
  hashAddress: AddressHash;
}

/** The rules of consent: what is recorded where, what counts as an answer, what the shop is told. */
export function createConsentService(deps: Deps) {
  const { db, tables, options, policy, wordings, ledger, subjects, events, audit, hashAddress } = deps;
  /** Who gave or took back a consent, as the audit trail names them. */
  const actorOf = (source: ConsentSource, subject: SubjectRow): AuditEntry['actor'] =>
    source === 'staff' ? { type: 'staff' } : source === 'banner' || source === 'gpc' ? { type: 'visitor' } : { type: 'shopper', id: subject.customer_id };
  const locales = options.policy.locales;
  const { defaultLocale } = options;
  const consentIds = new Set(options.consentPurposes.map((purpose) => purpose.id));
  const { resolve, subjectFor, answeringSubject } = consentSubjects(subjects, audit);

  function localeOf(req: Request | undefined, explicit: unknown): Locale {
    if (isLocale(explicit) && locales.includes(explicit)) return explicit;
    if (req?.res) return requestLocale(req, req.res, locales, options.locale);
    return defaultLocale;
  }

  const evidence = evidenceOf(options.policy);

  function requireConsentPurpose(purpose: string): void {
    if (!consentIds.has(purpose))
      throw new InvalidInputError(`"${purpose}" is not a purpose based on consent; consent purposes: ${[...consentIds].join(', ')}`);
  }

  async function isRestricted(trx: Knex.Transaction, subject: SubjectRow): Promise<boolean> {
    const at = subject.restricted_at !== undefined ? subject.restricted_at : (await subjects.flags(trx, subject.id))?.restricted_at;
    return at !== null && at !== undefined;
  }

  /** The current answer for every consent purpose; purposes never asked are not granted. */
  async function currentState(ref: SubjectRef | null, trx?: Knex.Transaction): Promise<ConsentState[]> {
    // null: a subject the module holds no record of, who has answered nothing yet.
    const subject = ref === null ? undefined : await resolve(trx ?? db, ref);
    const rows = subject ? await ledger.state(trx ?? db, subject.id) : [];
    const byPurpose = new Map(rows.map((row) => [row.purpose, row]));
    return [...consentIds].map((purpose) => byPurpose.get(purpose) ?? { purpose, granted: false, policyVersion: null, source: null, updatedAt: null });
  }

  /**
   * What follows answers already in the ledger and the state: the suppression list (a grant
   * lifts it, a withdrawal adds the address), one audit entry per purpose, and the shop's
   * events after commit.
   */
  async function answered(
    trx: Knex.Transaction,
    afterCommit: (fn: () => void) => void,
    subject: SubjectRow,
    purposes: string[],
    granted: boolean,
    source: ConsentSource,
    now: Date,
  ) {
    if (purposes.length === 0) return;
    // The suppression list is the address's: only a record that speaks for its address changes it,
    // never a customer's unproven claim to someone else's.
    if (speaksForAddress(subject)) {
      const emailHashed = hashAddress(subject.email);
      if (granted) await trx(tables.suppressions).where({ email_hash: emailHashed }).whereIn('purpose', purposes).delete();
      else
        await trx(tables.suppressions)
          .insert(purposes.map((purpose) => ({ email_hash: emailHashed, purpose, created_at: now })))
          .onConflict(['email_hash', 'purpose'])
          .ignore();
    }
    const action = granted ? 'consent.granted' : 'consent.withdrawn';
    await audit.record(
      trx,
      purposes.map((purpose) => ({ actor: actorOf(source, subject), action, subjectId: subject.id, details: { purpose, source } })),
    );
    // While processing is restricted (Art. 18) a consent given is kept, but the shop is told only
    // when the restriction ends: nothing new starts (a mailing list) meanwhile. A withdrawal goes at once.
    if (granted && (await isRestricted(trx, subject))) return;
    afterCommit(() => purposes.forEach((purpose) => events.emit(action, { subjectId: subject.id, email: subject.email, purpose, source, at: now })));
  }

  /** Writes one answer to the ledger and the state, telling the shop after commit. */
  async function answer(
    trx: Knex.Transaction,
    afterCommit: (fn: () => void) => void,
    subject: SubjectRow,
    purpose: string,
    granted: boolean,
    source: ConsentSource,
    locale: Locale,
    req: Request | undefined,
    now: Date,
  ) {
    const proof = evidence(source, locale, req, wordings.of(purpose, locale).hash);
    const { id } = await ledger.append(trx, { subjectId: subject.id, purpose, event: granted ? 'granted' : 'withdrawn', ...proof }, now);
    await ledger.setState(trx, subject.id, purpose, granted, id, proof, now);
    await answered(trx, afterCommit, subject, [purpose], granted, source, now);
  }

  return {
    localeOf,
    requireConsentPurpose,
    /** The subject a reference names, if the module knows it. */
    find: (ref: SubjectRef, trx?: Knex.Transaction) => resolve(trx ?? db, ref),

    /**
     * Records what was shown and answered at checkout or signup: the subject, the policy
     * acknowledgement, and one event per purpose offered there, granted or not granted; a
     * ticked newsletter box is returned in `toConfirm` instead, for a confirmation e-mail.
     * A box left unticked never undoes an earlier consent.
     */
    async recordAt(
      place: ConsentPlace,
      input: {
        email: unknown;
        customer?: ShopperAccount | null | undefined;
        choices: Record<string, unknown> | undefined;
        req?: Request | undefined;
        locale?: unknown;
        /** A deferred checkout's follow-up: when the shopper answered, and the request's evidence as it was kept. */
        at?: Date | undefined;
        seen?: SeenRequest | undefined;
        shown?: ShownWording | undefined;
      },
      trx?: Knex.Transaction,
      how: RecordHow = {},
    ): Promise<{ subjectId: number; granted: string[]; notGranted: string[]; toConfirm: string[]; problems: ConsentProblem[] }> {
      const email = normaliseEmail(input.email);
      if (!email) throw new InvalidInputError('not a valid e-mail address');
      const locale = localeOf(input.req, input.locale);
      const source: ConsentSource = place;
      return inTransaction(db, trx, async (t, afterCommit) => {
        // A checkout is every shopper's hot path: a fixed handful of statements whatever is offered.
        const now = input.at ?? options.clock();
        const subject = await answeringSubject(t, email, input.customer ?? null, place, locale, now);
        const { seen, shown } = input;
        const proof = (purpose: string) => evidence(source, locale, input.req, shown?.wordings[purpose] ?? wordings.of(purpose, locale).hash, seen, shown);
        const recorded: NewConsentEvent[] = [
          {
            subjectId: subject.id,
            purpose: policyAcknowledgement,
            event: 'acknowledged',
            ...evidence(source, locale, input.req, shown?.policyHash ?? policy.published(locale).hash, seen, shown),
          },
        ];
        const granted: string[] = [];
        const notGranted: string[] = [];
        const toConfirm: string[] = [];
        const offered = offeredAt(options, place);
        const { answers: boxes, problems } = readBoxes(input.choices, offered, consentIds, !how.lenient);
        // A deferred checkout's follow-up records only the boxes that checkout showed.
        for (const purpose of offered.filter(({ id }) => !shown || id in shown.wordings)) {
          const box = boxes.get(purpose.id);
          // Shown as already given, not asked: there is no answer to record, and the consent stands. Nor is a box that cannot be read.
          if (box === undefined || box === 'given' || box === 'unreadable') continue;
          if (box === 'yes' && purpose.consent?.confirmByEmail) {
            // The address confirms first (an e-mail after commit); a subscriber already confirmed stays one.
            const current = (await ledger.state(t, subject.id)).find((row) => row.purpose === purpose.id);
            if (!current?.granted) toConfirm.push(purpose.id);
            continue;
          }
          const yes = box === 'yes';
          (yes ? granted : notGranted).push(purpose.id);
          recorded.push({ subjectId: subject.id, purpose: purpose.id, event: yes ? 'granted' : 'not_granted', ...proof(purpose.id) });
        }
        const [, ...answers] = await ledger.appendAll(t, recorded, now);
        await ledger.settle(t, answers);
        // A consent given is audited; an acknowledgement and unticked boxes are proof enough in
        // the ledger and cost no lock on the audit head. A newsletter box waiting for its
        // e-mailed confirmation is recorded when nothing else is.
        await answered(t, afterCommit, subject, granted, true, source, now);
        if (toConfirm.length > 0 && granted.length === 0)
          await audit.record(t, {
            actor: actorOf(source, subject),
            action: 'consent.recorded',
            subjectId: subject.id,
            details: { place, granted, notGranted, toConfirm },
          });
        const answer = { subjectId: subject.id, granted, notGranted, toConfirm, problems };
        await how.alongside?.(t, answer);
        return answer;
      });
    },

    /**
     * Records consent given by the shopper's own act. An address on the suppression list
     * (it withdrew before) is refused when the grant comes from staff, e.g. an import.
     */
    async grant(ref: SubjectRef, purpose: string, context: ConsentContext): Promise<void> {
      requireConsentPurpose(purpose);
      const locale = localeOf(context.req, context.locale);
      await inTransaction(db, context.trx, async (t, afterCommit) => {
        const now = options.clock();
        const subject = await subjectFor(t, ref, locale, now);
        if (context.source === 'staff') {
          const suppressed = await t(tables.suppressions)
            .where({ email_hash: hashAddress(subject.email), purpose })
            .first('id');
          if (suppressed) throw new SuppressedError(purpose);
        }
        await answer(t, afterCommit, subject, purpose, true, context.source, locale, context.req, now);
      });
    },

    /** Records a withdrawal and puts the address on the suppression list for that purpose. */
    async withdraw(ref: SubjectRef, purpose: string, context: ConsentContext): Promise<void> {
      requireConsentPurpose(purpose);
      const locale = localeOf(context.req, context.locale);
      await inTransaction(db, context.trx, async (t, afterCommit) => {
        const now = options.clock();
        const subject = await subjectFor(t, ref, locale, now);
        await answer(t, afterCommit, subject, purpose, false, context.source, locale, context.req, now);
      });
    },

    /**
     * The shop proved a customer's address (its own verification link): the customer's record is
     * linked to what the address holds without an account, and shows it from now on.
     */
    async addressProven(customer: { id: string | number; email: string }, trx?: Knex.Transaction): Promise<void> {
      const email = normaliseEmail(customer.email);
      if (!email) throw new InvalidInputError('not a valid e-mail address');
      await inTransaction(db, trx, async (t) => {
        const subject = await subjects.forCustomer(t, String(customer.id), email, true, defaultLocale, options.clock());
        await audit.record(t, { actor: { type: 'shopper', id: String(customer.id) }, action: 'subject.address_proven', subjectId: subject.id });
      });
    },

    of: currentState,

    async allows(ref: SubjectRef, purpose: string): Promise<boolean> {
      requireConsentPurpose(purpose);
      const subject = await resolve(db, ref);
      if (!subject) return false;
      // A restricted subject's data is not used for any purpose of the module's (GDPR Art. 18).
      const row = await db(tables.consents)
        .join(tables.subjects, `${tables.subjects}.id`, `${tables.consents}.subject_id`)
        .where({ subject_id: subject.id, purpose })
        .first('granted', 'restricted_at');
      return Boolean(row?.granted) && row?.restricted_at === null;
    },

    /** Purposes the subject agreed to under an older policy version: ask again, keep the old records. */
    async needsReconfirmation(ref: SubjectRef): Promise<string[]> {
      const states = await currentState(ref);
      return states.filter((state) => state.granted && state.policyVersion !== options.policy.version).map((state) => state.purpose);
    },
  };
}

export type ConsentService = ReturnType<typeof createConsentService>;

/** How `recordAt` records besides the answers themselves. */
export interface RecordHow {
  /** After the shop's commit: a box that cannot be read is reported in `problems`, never recorded as a no. */
  lenient?: boolean;
  /** Runs last in the same transaction, with what was recorded: the hook queues its confirmation e-mail there. */
  alongside?: (trx: Knex.Transaction, recorded: { subjectId: number; toConfirm: string[] }) => Promise<void>;
}
