import type { Knex } from 'knex';
import type { ConsentPlace, PrivacyLogger } from '../options/schema.js';
import { afterCommitRecorder, type RecordedAfterCommit } from '../consent/after-commit.js';
import type { ConsentFollowUps, RecordedDeferred } from '../consent/follow-up.js';
import { InvalidInputError } from '../consent/errors.js';
import type { ConsentService, RecordHow, ShopperAccount } from '../consent/service.js';
import type { NewsletterService } from '../newsletter/service.js';
import type { TableNames } from '../store/tables.js';
import { normaliseEmail } from '../subjects/email.js';
import type {
  AccountCreated,
  AfterCommitOptions,
  DeferredOptions,
  EmailVerified,
  HookOptions,
  NewsletterSignup,
  OrderCreated,
  PrivacyHooks,
  RecordedConsents,
} from './types.js';

/** What the shop calls from its own code when an order, an account or a sign-up happens. */
export function createHooks(
  consents: ConsentService,
  newsletter: NewsletterService,
  logger: PrivacyLogger,
  store: { db: Knex; tables: TableNames; clock: () => Date },
  followUps: ConsentFollowUps,
): PrivacyHooks {
  const recordAfterCommit = afterCommitRecorder(store.db, store.tables, store.clock, consents);

  /**
   * A ticked newsletter box asks the address to confirm: the request is queued in the outbox in
   * the same transaction as the answers, so it commits with the shop's order or account and a
   * rollback takes it back. The worker sends it, counting the address's and IP's limits then.
   */
  const confirmation =
    (signup: {
      email: unknown;
      customer?: ShopperAccount | null | undefined;
      req?: OrderCreated['req'];
      locale?: unknown;
      ip?: string | null;
    }): RecordHow['alongside'] =>
    async (trx, { toConfirm }) => {
      // recordAt has checked the address. A logged-in customer's ticked box is theirs: the confirmation goes to their own address.
      const email = normaliseEmail(signup.customer?.email) ?? normaliseEmail(signup.email);
      if (toConfirm.length > 0 && email) await newsletter.deferSignup(trx, { ...signup, email });
    };

  // A deferred checkout's follow-up: what the in-transaction call records, now in the module's own transaction, marked done in it.
  followUps.onFollowUp(async ({ place, email, customer, choices, locale, at, seen, shown }, finish) => {
    const input = { email, customer, choices, locale, at, seen, shown };
    await store.db.transaction(async (trx) => {
      await consents.recordAt(place, input, trx, { alongside: confirmation({ ...input, ip: seen.ip }) });
      await finish(trx);
    });
  });

  type Mode = 'afterCommit' | 'deferred' | 'inTransaction';
  /** Which mode a call is in: after commit only when the shop says so, and never with a transaction too; deferred only with one. */
  function modeOf(name: string, options: HookOptions | AfterCommitOptions | DeferredOptions): Mode {
    if ('deferred' in options && options.deferred === true) {
      if (!options.trx) throw new InvalidInputError(`${name}: { deferred: true } writes its one row in the shop's transaction: pass { trx } too`);
      return 'deferred';
    }
    if (!('afterCommit' in options) || options.afterCommit !== true) return 'inTransaction';
    if (options.trx) throw new InvalidInputError(`${name}: pass { trx } (in the shop's transaction) or { afterCommit: true } (after it), not both`);
    return 'afterCommit';
  }

  /** Recorded after commit: what could not be, the shop reads in `problems`; the log says only how many, never whose or what. */
  async function afterCommit(name: string, place: ConsentPlace, shopId: unknown, input: Parameters<ConsentService['recordAt']>[1]) {
    const answer = await recordAfterCommit(place, shopId, input, confirmation(input));
    if (answer.problems.length > 0 && !answer.alreadyRecorded)
      logger.warn(
        `[express-shop-privacy] ${name} after commit: ${answer.problems.length} part(s) of the consent input could not be recorded (${[...new Set(answer.problems.map((p) => p.code))].join(', ')}); the rest was. See the result's problems.`,
      );
    return answer;
  }

  function orderCreated(order: OrderCreated, options: AfterCommitOptions): Promise<RecordedAfterCommit>;
  function orderCreated(order: OrderCreated, options: DeferredOptions): Promise<RecordedDeferred>;
  function orderCreated(order: OrderCreated, options?: HookOptions): Promise<RecordedConsents>;
  async function orderCreated(
    { order, customer, consents: choices, req, locale }: OrderCreated,
    options: HookOptions | AfterCommitOptions | DeferredOptions = {},
  ): Promise<RecordedConsents | RecordedAfterCommit | RecordedDeferred> {
    const input = { email: order.email ?? customer?.email, customer: customer ?? null, choices, req, locale };
    const mode = modeOf('orderCreated', options);
    if (mode === 'afterCommit') return afterCommit('orderCreated', 'checkout', order.id, input);
    if (mode === 'deferred' && options.trx) return followUps.defer('checkout', input, options.trx);
    const { subjectId, granted, notGranted, toConfirm } = await consents.recordAt('checkout', input, options.trx, { alongside: confirmation(input) });
    return { subjectId, granted, notGranted, toConfirm };
  }

  function accountCreated(account: AccountCreated, options: AfterCommitOptions): Promise<RecordedAfterCommit>;
  function accountCreated(account: AccountCreated, options: DeferredOptions): Promise<RecordedDeferred>;
  function accountCreated(account: AccountCreated, options?: HookOptions): Promise<RecordedConsents>;
  async function accountCreated(
    { customer, consents: choices, req, locale }: AccountCreated,
    options: HookOptions | AfterCommitOptions | DeferredOptions = {},
  ): Promise<RecordedConsents | RecordedAfterCommit | RecordedDeferred> {
    const input = { email: customer.email, customer, choices, req, locale };
    const mode = modeOf('accountCreated', options);
    if (mode === 'afterCommit') return afterCommit('accountCreated', 'signup', customer.id, input);
    if (mode === 'deferred' && options.trx) return followUps.defer('signup', input, options.trx);
    const { subjectId, granted, notGranted, toConfirm } = await consents.recordAt('signup', input, options.trx, { alongside: confirmation(input) });
    return { subjectId, granted, notGranted, toConfirm };
  }

  return {
    orderCreated,
    accountCreated,

    /**
     * The shop has proved a customer's address (its own verification link was followed). Until
     * then, what the module found by the address alone (guest orders, sign-ups) stays hidden from
     * that customer; from now on it is theirs. Call it in the transaction that marks the address.
     */
    async emailVerified({ customer }: EmailVerified, { trx }: HookOptions = {}) {
      await consents.addressProven(customer, trx);
    },

    /** Sends the confirmation e-mail; nothing is consented until the link in it is clicked. */
    async newsletterSignup({ email, consents, source, req, locale }: NewsletterSignup) {
      return newsletter.requestSignup({ email, source: source ?? 'newsletter', ...(req ? { req } : {}), ...(consents ? { consents } : {}), locale });
    },
  };
}
