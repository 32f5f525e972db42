import type { Request } from 'express';
import type { Knex } from 'knex';
import type { Mailer } from '../mail/mailer.js';
import type { Locale } from '../options/locales.js';
import type { ConsentPlace, ResolvedOptions } from '../options/schema.js';
import { normaliseEmail, type AddressHash } from '../subjects/email.js';
import { readBoxes } from './choices.js';
import { InvalidInputError } from './errors.js';
import { givenMarker } from './fields.js';
import type { SubjectRow } from '../subjects/repository.js';
import type { PolicyService } from '../policy/service.js';
import type { SeenRequest, ShopperAccount, ShownWording, SubjectRef } from './types.js';
import { offeredAt, type ConsentWordings, type WordingOptions } from './wording.js';

/** What a deferred hook answers at once: the boxes as read, before anything is recorded. */
export interface RecordedDeferred {
  /** Not known until the follow-up has run: the subject may not exist yet. */
  subjectId: null;
  granted: string[];
  notGranted: string[];
  /** Ticked boxes that confirm by e-mail: the follow-up sends the link (or, to a subscriber, a note that it is one already). */
  toConfirm: string[];
  /** The answers wait in the outbox, committed with the shop's transaction, for the follow-up after commit. */
  deferred: true;
}

/** A checkout's or signup's answers as the outbox keeps them for the follow-up. */
export interface DeferredAnswers {
  place: ConsentPlace;
  email: string;
  customer: ShopperAccount | null;
  choices: Record<string, string>;
  locale: Locale;
  at: Date;
  seen: SeenRequest;
  /** The policy and the wordings as the checkout showed them: recorded so, whatever is published when the follow-up runs. */
  shown: ShownWording;
}

/** What a read names its shopper by: an address, a customer id, or both. */
export interface FollowUpOwner {
  email?: string | null | undefined;
  customerId?: string | number | null | undefined;
}

export const followUpTask = 'consent.follow-up';

interface Deps {
  options: WordingOptions & Pick<ResolvedOptions, 'clock'>;
  mailer: Pick<Mailer, 'defer' | 'settle' | 'onTask'>;
  policy: Pick<PolicyService, 'published'>;
  wordings: Pick<ConsentWordings, 'of'>;
  hashAddress: AddressHash;
  localeOf: (req: Request | undefined, explicit: unknown) => Locale;
  /** The subject a reference names, if the module knows it (read outside any transaction). */
  find: (ref: SubjectRef) => Promise<SubjectRow | undefined>;
}

/**
 * The order and account hooks in one statement (issue 20): the answers are read here, in memory,
 * and written into the outbox in the shop's transaction as one row, sealed. Everything else (the
 * subject, the ledger, the state, the suppression list, the audit trail, the confirmation e-mail)
 * follows after commit, in the module's own transaction, which also marks the row done: a crash
 * before that commit leaves the row for the next worker, and one after it leaves nothing to redo.
 * A read about the shopper meanwhile does the follow-up first (`settle`).
 */
export function consentFollowUps({ options, mailer, policy, wordings, hashAddress, localeOf, find }: Deps) {
  const consentIds = new Set(options.consentPurposes.map((purpose) => purpose.id));
  // Keyed like the suppression list: the row names its shopper, but only to someone who holds the secret.
  const customerKey = (id: string | number) => hashAddress(`customer ${String(id)}`);

  /** The keys a shopper's follow-ups are found by: the customer's for a logged-in shopper, else the address's. */
  function keysOf(owner: FollowUpOwner): string[] {
    const keys: string[] = [];
    const email = normaliseEmail(owner.email);
    if (email) keys.push(hashAddress(email));
    if (owner.customerId !== null && owner.customerId !== undefined && String(owner.customerId) !== '') keys.push(customerKey(owner.customerId));
    return keys;
  }

  /** Does the shopper's waiting follow-ups first: one statement when there are none. Never inside a transaction. */
  const settle = (owner: FollowUpOwner) => mailer.settle(keysOf(owner));

  return {
    /** Reads the boxes (bad input throws, so the shop rolls back) and queues the answers: one insert in `trx`. */
    async defer(
      place: ConsentPlace,
      input: { email: unknown; customer?: ShopperAccount | null | undefined; choices: unknown; req?: Request | undefined; locale?: unknown },
      trx: Knex.Transaction,
    ): Promise<RecordedDeferred> {
      const email = normaliseEmail(input.email);
      if (!email) throw new InvalidInputError('not a valid e-mail address');
      const offered = offeredAt(options, place);
      const { answers } = readBoxes(input.choices, offered, consentIds, true);
      const granted: string[] = [];
      const notGranted: string[] = [];
      const toConfirm: string[] = [];
      const choices: Record<string, string> = {};
      for (const purpose of offered) {
        const box = answers.get(purpose.id);
        choices[`consent_${purpose.id}`] = box === 'given' ? givenMarker : box === 'yes' ? 'yes' : '';
        if (box === 'yes') (purpose.consent?.confirmByEmail ? toConfirm : granted).push(purpose.id);
        else if (box === 'no') notGranted.push(purpose.id);
      }
      const customer = input.customer ?? null;
      const locale = localeOf(input.req, input.locale);
      const shown: ShownWording = {
        policyVersion: options.policy.version,
        policyHash: policy.published(locale).hash,
        wordings: Object.fromEntries(offered.map((purpose) => [purpose.id, wordings.of(purpose.id, locale).hash])),
      };
      const answersKept: DeferredAnswers = {
        place,
        email,
        customer: customer ? { id: customer.id, email: customer.email, emailVerified: customer.emailVerified === true } : null,
        choices,
        locale,
        at: options.clock(),
        seen: { ip: input.req?.ip ?? null, userAgent: input.req?.get('user-agent') ?? null },
        shown,
      };
      const about = customer ? customerKey(customer.id) : hashAddress(email);
      await mailer.defer(trx, { kind: followUpTask, payload: { answers: JSON.stringify(answersKept) } }, email, about);
      return { subjectId: null, granted, notGranted, toConfirm, deferred: true };
    },

    /** `follow` records the answers and calls `finish(trx)` in the same transaction. */
    onFollowUp(follow: (answers: DeferredAnswers, finish: (trx: Knex.Transaction) => Promise<void>) => Promise<void>): void {
      mailer.onTask(followUpTask, async (payload, finish) => {
        if (typeof payload.answers !== 'string') throw new Error('a consent follow-up without its answers');
        const kept = JSON.parse(payload.answers) as Omit<DeferredAnswers, 'at'> & { at: string };
        await follow({ ...kept, at: new Date(kept.at) }, finish);
      });
    },

    settle,

    /** The same for a subject reference: by its address and its customer, the ones given and the record's. */
    async settleRef(ref: SubjectRef): Promise<void> {
      const subject = await find(ref);
      const email = subject?.email ?? (typeof ref === 'string' ? ref : 'email' in ref ? ref.email : null);
      const customerId = subject?.customer_id ?? (typeof ref === 'object' && 'customerId' in ref ? ref.customerId : null);
      await settle({ email, customerId });
    },
  };
}

export type ConsentFollowUps = ReturnType<typeof consentFollowUps>;
