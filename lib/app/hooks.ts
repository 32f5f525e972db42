import type { Knex } from 'knex';
import type { PrivacyLogger } from '../options/schema.js';
import type { ConsentService, ShopperAccount } from '../consent/service.js';
import type { NewsletterService } from '../newsletter/service.js';
import type { AccountCreated, EmailVerified, HookOptions, NewsletterSignup, OrderCreated, PrivacyHooks } from './types.js';

/** What the shop calls from its own code when an order, an account or a sign-up happens. */
export function createHooks(consents: ConsentService, newsletter: NewsletterService, logger: PrivacyLogger): PrivacyHooks {
  /**
   * A ticked newsletter box asks the address to confirm, once the shop's order or account is
   * committed (never for one rolled back). The order stands even if the e-mail cannot go.
   */
  function confirmAfterCommit(
    purposes: string[],
    signup: NewsletterSignup & { customer?: ShopperAccount | null | undefined },
    trx: Knex.Transaction | undefined,
  ): void {
    if (purposes.length === 0) return;
    const send = () =>
      newsletter.requestSignup(signup).then(
        ({ status }) => {
          if (status === 'limited') logger.warn('[express-shop-privacy] a newsletter confirmation was not sent: the address or IP reached its hourly limit');
        },
        (err: unknown) => {
          logger.error(`[express-shop-privacy] the newsletter confirmation e-mail could not be sent: ${(err as Error)?.name ?? 'Error'}`);
        },
      );
    if (trx) trx.executionPromise.then(send, () => undefined);
    else void send();
  }

  return {
    async orderCreated({ order, customer, consents: choices, req, locale }: OrderCreated, { trx }: HookOptions = {}) {
      const email = order.email ?? customer?.email;
      const recorded = await consents.recordAt('checkout', { email, customer: customer ?? null, choices, req, locale }, trx);
      // recordAt has checked the address. A logged-in customer's ticked box is theirs: the confirmation goes to their own address.
      confirmAfterCommit(recorded.toConfirm, { email: String(customer?.email ?? email), customer, source: 'checkout', req, locale }, trx);
      return recorded;
    },

    async accountCreated({ customer, consents: choices, req, locale }: AccountCreated, { trx }: HookOptions = {}) {
      const recorded = await consents.recordAt('signup', { email: customer.email, customer, choices, req, locale }, trx);
      confirmAfterCommit(recorded.toConfirm, { email: customer.email, customer, source: 'signup', req, locale }, trx);
      return recorded;
    },

    /**
     * The shop has proved a customer's address (its own verification link was followed). Until
     * then, what the module found by the address alone (guest orders, sign-ups) stays hidden from
     * that customer; from now on it is theirs. Call it in the transaction that marks the address.
     */
    async emailVerified({ customer }: EmailVerified, { trx }: HookOptions = {}) {
      await consents.addressProven(customer, trx);
    },

    /** Sends the confirmation e-mail; nothing is consented until the link in it is clicked. */
    async newsletterSignup({ email, source, req, locale }: NewsletterSignup) {
      return newsletter.requestSignup({ email, source: source ?? 'newsletter', ...(req ? { req } : {}), locale });
    },
  };
}
