import type { Knex } from 'knex';
import { guestSessionTtlMs } from './guest-session.js';
import { translate } from '../i18n/index.js';
import type { Locale } from '../options/locales.js';
import type { CurrentCustomer, ResolvedOptions } from '../options/schema.js';
import { normaliseEmail } from '../subjects/email.js';
import type { Mailer } from '../mail/mailer.js';
import type { SourceRepository, SubjectKey } from '../sources/repository.js';
import type { SubjectsRepository } from '../subjects/repository.js';
import type { TokenProblem, TokensRepository } from '../tokens/repository.js';
import type { Requests } from './service.js';
import { requestTypes, type PrivacyRequest, type RequestType } from './types.js';

const minute = 60 * 1000;
/** The e-mailed link: a day, once. */
export const verificationTtlMs = 24 * 60 * minute;
export { guestSessionTtlMs } from './guest-session.js';
/** The outbox task that answers a guest's request once the page has. */
const askTask = 'request.ask';

interface Deps {
  db: Knex;
  options: Pick<ResolvedOptions, 'clock' | 'controller' | 'localeOr' | 'tableSources'>;
  subjects: SubjectsRepository;
  tokens: TokensRepository;
  sources: SourceRepository;
  requests: Requests;
  mailer: Mailer;
  verifyLink(token: string): string;
}

/** A guest, verified by the link sent to their address, as the account page sees them. */
export interface GuestSession {
  subject: SubjectKey;
  requestId: number | null;
}

/**
 * Requests from shoppers without an account (most of them): the e-mail used for orders is the
 * identity, as the policy says, proven by a single-use link sent to it. Whether the address is
 * known is never told to whoever typed it: only its mailbox hears back.
 */
export function createGuestRequests({ db, options, subjects, tokens, sources, requests, mailer, verifyLink }: Deps) {
  const { tableSources } = options;

  /**
   * Records the request and queues the link to the address, if anything is held for it;
   * otherwise queues a note that nothing is (Art. 15 starts with whether any data is held at
   * all). Done by the mail worker, after the page has answered.
   */
  async function answer(type: RequestType, email: string, locale: Locale, finish: (trx: Knex.Transaction) => Promise<void>): Promise<void> {
    const known = (await subjects.findByEmail(db, email)) ?? ((await sources.holdsAnything(tableSources, email)) ? null : undefined);
    const now = options.clock();
    const vars = { website: options.controller.website, type: translate(locale, `request.type.${type}`) };
    await db.transaction(async (trx) => {
      if (known === undefined) {
        await mailer.queue(trx, {
          to: email,
          locale,
          subject: translate(locale, 'mail.request.nothing.subject', vars),
          paragraphs: [translate(locale, 'mail.request.nothing.text', vars), translate(locale, 'mail.request.nothing.other', vars)],
          unsubscribeUrl: null,
        });
        return finish(trx);
      }
      const subject = known ?? (await subjects.findOrCreate(trx, email, null, locale, now));
      // Asked again (the first e-mail never came): the same request, with a fresh link.
      const waiting = await requests.repository.waitingOf(trx, subject.id, type, new Date(now.getTime() - verificationTtlMs));
      const id = waiting ?? (await requests.awaitingVerification(trx, type, { id: subject.id, email: subject.email }, locale));
      const token = await tokens.issue(
        trx,
        { kind: 'request_verify', subjectId: subject.id, purpose: null, locale, ttlMs: verificationTtlMs, payload: String(id) },
        now,
      );
      // The link goes to the address as the module holds it, never to a spelling someone typed.
      await mailer.queue(trx, {
        to: subject.email,
        locale,
        subject: translate(locale, 'mail.request.verify.subject', vars),
        paragraphs: [translate(locale, 'mail.request.verify.intro', vars), translate(locale, 'mail.request.verify.expiry')],
        action: { url: verifyLink(token), label: translate(locale, 'mail.request.verify.action') },
        unsubscribeUrl: null,
      });
      await finish(trx);
    });
  }
  mailer.onTask(askTask, async (payload, finish) => {
    const type = requestTypes.find((known) => known === payload.type);
    const email = normaliseEmail(payload.email);
    if (!type || !email) throw new Error('a guest request task without a valid type and address');
    await answer(type, email, options.localeOr(payload.locale), finish);
  });

  return {
    /**
     * Queues the request for the mail worker: one insert, the same for every address, so the
     * answer, and its timing, tell whoever typed the address nothing. Only its mailbox hears
     * back: with a link if anything is held for it, with a note that nothing is otherwise.
     */
    async ask(type: RequestType, email: string, locale: Locale): Promise<void> {
      await mailer.defer(db, { kind: askTask, payload: { type, email, locale } }, email);
    },

    /**
     * The link was followed and confirmed: the request opens and a short verified session starts.
     * Followed by a customer logged in with that very address, it proves the address is theirs:
     * their record is linked to what the address holds, for good.
     */
    async verify(
      token: string,
      customer: CurrentCustomer | null,
    ): Promise<{ ok: true; session: string; request: PrivacyRequest } | { ok: false; problem: TokenProblem }> {
      return db.transaction(async (trx): Promise<{ ok: true; session: string; request: PrivacyRequest } | { ok: false; problem: TokenProblem }> => {
        const used = await tokens.consume(trx, 'request_verify', token);
        if (!used.ok) return { ok: false, problem: used.problem };
        const request = await requests.verified(trx, Number(used.row.payload), used.row.subject_id);
        if (!request) return { ok: false, problem: 'used' };
        const session = await tokens.issue(trx, {
          kind: 'guest_session',
          subjectId: used.row.subject_id,
          purpose: null,
          locale: used.row.locale,
          ttlMs: guestSessionTtlMs,
          payload: String(request.id),
        });
        const proven = await subjects.findById(trx, used.row.subject_id);
        if (customer && proven && normaliseEmail(customer.email) === proven.email) {
          await subjects.forCustomer(trx, String(customer.id), proven.email, true, used.row.locale, options.clock());
        }
        return { ok: true, session, request };
      });
    },

    /** The guest behind a session cookie, while the session lasts and the subject exists. */
    async sessionOf(token: string | undefined): Promise<GuestSession | undefined> {
      if (!token) return undefined;
      const row = await tokens.find(db, 'guest_session', token);
      if (!row) return undefined;
      const subject = await subjects.findById(db, row.subject_id);
      if (!subject) return undefined;
      // The link mailed to the address proved it.
      return {
        subject: { id: subject.id, email: subject.email, customerId: subject.customer_id, emailVerified: true },
        requestId: row.payload ? Number(row.payload) : null,
      };
    },

    end: (token: string) => tokens.revoke(db, 'guest_session', token),
  };
}

export type GuestRequests = ReturnType<typeof createGuestRequests>;
