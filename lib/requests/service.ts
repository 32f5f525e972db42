import type { Knex } from 'knex';
import { present, PrivacyError } from '../http/errors.js';
import { formatDate, translate } from '../i18n/index.js';
import type { Locale } from '../options/locales.js';
import type { ResolvedOptions } from '../options/schema.js';
import type { AuditTrail } from '../audit/trail.js';
import type { Mailer } from '../mail/mailer.js';
import type { AddressHash } from '../subjects/email.js';
import type { TableNames } from '../store/tables.js';
import { requestsRepository } from './repository.js';
import { addMonths, type Actor, type PrivacyRequest, type RequestType, type RightContext } from './types.js';

interface Deps {
  db: Knex;
  tables: TableNames;
  options: Pick<ResolvedOptions, 'clock' | 'controller' | 'localeOr' | 'supervisoryAuthority' | 'timezone'>;
  mailer: Mailer;
  audit: AuditTrail;
  hashAddress: AddressHash;
}

/** The subject a request is about: its module id (0 when the module has no record yet) and address. */
export interface RequestSubject {
  /** null for a subject the module holds no record of. */
  id: number | null;
  email: string;
}

/** A staff action that could not be taken, with the message key that says why. */
export class RequestRefusedError extends PrivacyError {
  constructor(readonly key: RequestRefusal) {
    super('request_refused', key, 409);
  }
}

/** Why a staff action on a request was refused, as the message key that says it. */
export type RequestRefusal = 'staff.error.closed' | 'staff.error.extendedAlready' | 'staff.error.reasonRequired' | 'staff.error.months';

/** Longest total time to answer: one month, plus at most two more (GDPR Art. 12(3)). */
const maxExtensionMonths = 2;

/**
 * The legal clock of data-subject requests: recorded when received, due a month later,
 * extendable once, closed as done or refused with a reason the shopper is told. Every step
 * is audited in the same transaction as the change it records.
 */
export function createRequests({ db, tables, options, mailer, audit, hashAddress }: Deps) {
  const repository = requestsRepository(tables);
  const localeOf = (request: PrivacyRequest): Locale => options.localeOr(request.locale);
  const typeName = (locale: Locale, type: RequestType) => translate(locale, `request.type.${type}`);

  async function insert(
    trx: Knex.Transaction,
    input: {
      type: RequestType;
      subject: RequestSubject;
      locale: Locale;
      status: 'awaiting_verification' | 'open' | 'done';
      channel: RightContext['channel'];
      details?: string | null;
      actor: Actor;
      auditDetails?: Record<string, unknown> | undefined;
    },
  ): Promise<number> {
    const now = options.clock();
    const id = await repository.insert(trx, {
      type: input.type,
      subjectId: input.subject.id,
      email: input.subject.email,
      emailHash: hashAddress(input.subject.email),
      locale: input.locale,
      status: input.status,
      channel: input.channel,
      details: input.details ?? null,
      receivedAt: now,
      verifiedAt: input.status === 'awaiting_verification' ? null : now,
      dueAt: addMonths(now, 1),
      closedAt: input.status === 'done' ? now : null,
    });
    await audit.record(trx, {
      actor: input.actor,
      action: input.status === 'done' ? 'request.done' : 'request.received',
      subjectId: input.subject.id,
      requestId: id,
      details: { type: input.type, channel: input.channel, status: input.status, ...input.auditDetails },
    });
    return id;
  }

  /** Tells the shopper, in their language, what became of their request; nothing to tell an erased address. */
  async function tell(trx: Knex.Transaction, request: PrivacyRequest, what: 'done' | 'extended' | 'refused'): Promise<void> {
    if (!request.email) return;
    const locale = localeOf(request);
    const vars = {
      id: request.id,
      type: typeName(locale, request.type),
      received: formatDate(request.receivedAt, locale, options.timezone),
      due: formatDate(request.dueAt, locale, options.timezone),
      // Each message carries its own reason: an extension's says why it takes longer, a refusal's why not (Art. 12(3), 12(4)).
      reason: (what === 'extended' ? request.extensionReason : what === 'refused' ? request.outcome : null) ?? '',
      website: options.controller.website,
      authority: options.supervisoryAuthority.name[locale] ?? '',
      authorityWebsite: options.supervisoryAuthority.website,
      email: options.controller.email,
    };
    const paragraphs = [translate(locale, `mail.request.${what}.text`, vars)];
    if (request.outcome && what === 'done') paragraphs.push(translate(locale, 'mail.request.note', { note: request.outcome }));
    if (what === 'refused') paragraphs.push(translate(locale, 'mail.request.remedies', vars));
    await mailer.queue(trx, { to: request.email, locale, subject: translate(locale, `mail.request.${what}.subject`, vars), paragraphs, unsubscribeUrl: null });
  }

  /** Runs a staff action on a request: only from an open state, audited, then the shopper is told. */
  async function staffAction(
    id: number,
    staff: Actor,
    action: string,
    change: (request: PrivacyRequest, now: Date) => Record<string, unknown>,
    tellAs: 'done' | 'extended' | 'refused' | null,
  ): Promise<PrivacyRequest> {
    const request = await db.transaction(async (trx) => {
      const current = await repository.find(trx, id, { lock: true });
      if (!current || !['open', 'in_progress'].includes(current.status)) throw new RequestRefusedError('staff.error.closed');
      const now = options.clock();
      const values = { ...change(current, now), handled_by: staff.id ?? null, updated_at: now };
      if (!(await repository.transition(trx, id, ['open', 'in_progress'], values))) throw new RequestRefusedError('staff.error.closed');
      await audit.record(trx, { actor: staff, action, subjectId: current.subjectId, requestId: id, details: { type: current.type } });
      const changed = present(await repository.find(trx, id), `request ${id}`);
      // Told in the same transaction: the answer and the e-mail saying so are kept together.
      if (tellAs) await tell(trx, changed, tellAs);
      return changed;
    });
    return request;
  }

  const reasonOf = (reason: unknown): string => {
    const text = typeof reason === 'string' ? reason.trim() : '';
    if (text.length < 3 || text.length > 2000) throw new RequestRefusedError('staff.error.reasonRequired');
    return text;
  };

  return {
    db,
    repository,
    hashAddress,
    find: (id: number) => repository.find(db, id),

    /** A guest's request before the link in the e-mail proves the address is theirs. */
    awaitingVerification(trx: Knex.Transaction, type: RequestType, subject: RequestSubject, locale: Locale): Promise<number> {
      return insert(trx, { type, subject, locale, status: 'awaiting_verification', channel: 'guest', actor: { type: 'visitor' } });
    },

    /** The link was followed: the request is open and the clock keeps running from receipt. */
    async verified(trx: Knex.Transaction, id: number, subjectId: number): Promise<PrivacyRequest | undefined> {
      const now = options.clock();
      if (!(await repository.transition(trx, id, ['awaiting_verification'], { status: 'open', verified_at: now, subject_id: subjectId, updated_at: now })))
        return undefined;
      await audit.record(trx, { actor: { type: 'shopper' }, action: 'request.verified', subjectId, requestId: id });
      return repository.find(trx, id);
    },

    /**
     * A right the shopper exercised themselves, done at once: it closes the verified request it
     * answers (or any open one of the same type), else it is recorded as a new request, done.
     */
    async selfServed(
      trx: Knex.Transaction,
      type: RequestType,
      subject: RequestSubject,
      locale: Locale,
      context: RightContext,
      details?: Record<string, unknown>,
    ): Promise<number> {
      const now = options.clock();
      const open = subject.id ? await repository.openOf(trx, subject.id, type) : [];
      const answered = open.find((r) => r.id === context.requestId) ?? open[0];
      if (
        answered &&
        (await repository.transition(trx, answered.id, ['open', 'in_progress'], {
          status: 'done',
          closed_at: now,
          updated_at: now,
          handled_by: context.actor.type === 'staff' ? (context.actor.id ?? null) : null,
        }))
      ) {
        await audit.record(trx, { actor: context.actor, action: 'request.done', subjectId: subject.id, requestId: answered.id, details: { type, ...details } });
        return answered.id;
      }
      return insert(trx, { type, subject, locale, status: 'done', channel: context.channel, actor: context.actor, details: null, auditDetails: details });
    },

    /** A right that needs a person (objection to legitimate interests, restriction review, other corrections): it stays open for staff. */
    needsPerson(
      trx: Knex.Transaction,
      type: RequestType,
      subject: RequestSubject,
      locale: Locale,
      context: RightContext,
      details: string | null,
    ): Promise<number> {
      return insert(trx, { type, subject, locale, status: 'open', channel: context.channel, actor: context.actor, details });
    },

    start: (id: number, staff: Actor) => staffAction(id, staff, 'request.started', () => ({ status: 'in_progress' }), null),

    complete: (id: number, staff: Actor, note?: string) =>
      staffAction(
        id,
        staff,
        'request.done',
        (_r, now) => ({ status: 'done', closed_at: now, outcome: note?.trim() ? note.trim().slice(0, 2000) : null }),
        'done',
      ),

    /** Once, by one or two months, with a reason the shopper is told (Art. 12(3)). */
    extend(id: number, staff: Actor, months: number, reason: unknown) {
      if (!Number.isInteger(months) || months < 1 || months > maxExtensionMonths) throw new RequestRefusedError('staff.error.months');
      const why = reasonOf(reason);
      return staffAction(
        id,
        staff,
        'request.extended',
        (request, now) => {
          if (request.extendedAt) throw new RequestRefusedError('staff.error.extendedAlready');
          return { due_at: addMonths(request.dueAt, months), extended_at: now, extension_reason: why };
        },
        'extended',
      );
    },

    refuse(id: number, staff: Actor, reason: unknown) {
      const why = reasonOf(reason);
      return staffAction(id, staff, 'request.refused', (_r, now) => ({ status: 'refused', closed_at: now, outcome: why }), 'refused');
    },
  };
}

export type Requests = ReturnType<typeof createRequests>;
