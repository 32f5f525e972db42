import type { Request } from 'express';
import type { Knex } from 'knex';
import type { ConsentSource } from './ledger.js';
import type { ConsentService } from './service.js';
import type { NewsletterService } from '../newsletter/service.js';

export interface OrderCreated {
  /** The order as the shop stored it; `email` is the order identifier the policy names. */
  order: { id?: string | number; email?: string };
  /** The logged-in customer who ordered, if any. */
  customer?: { id: string | number; email?: string } | null;
  /** The checkout form's fields (e.g. `req.body`): `consent_<purpose>` boxes that were ticked. */
  consents?: Record<string, unknown>;
  req?: Request;
  locale?: string;
}

export interface AccountCreated {
  customer: { id: string | number; email: string };
  consents?: Record<string, unknown>;
  req?: Request;
  locale?: string;
}

export interface NewsletterSignup {
  email: string;
  source?: ConsentSource;
  req?: Request;
  locale?: string;
}

/** Run inside the shop's own transaction, so its rows and the consent records commit together. */
export interface HookOptions {
  trx?: Knex.Transaction;
}

/** What the shop calls from its own code when an order, an account or a sign-up happens. */
export function createHooks(consents: ConsentService, newsletter: NewsletterService) {
  return {
    async orderCreated({ order, customer, consents: choices, req, locale }: OrderCreated, { trx }: HookOptions = {}) {
      return consents.recordAt('checkout', { email: order.email ?? customer?.email, customerId: customer?.id ?? null, choices, req, locale }, trx);
    },

    async accountCreated({ customer, consents: choices, req, locale }: AccountCreated, { trx }: HookOptions = {}) {
      return consents.recordAt('signup', { email: customer.email, customerId: customer.id, choices, req, locale }, trx);
    },

    /** Sends the confirmation e-mail; nothing is consented until the link in it is clicked. */
    async newsletterSignup({ email, source, req, locale }: NewsletterSignup) {
      return newsletter.requestSignup({ email, source: source ?? 'newsletter', ...(req ? { req } : {}), locale });
    },
  };
}
