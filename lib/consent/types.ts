import type { Request } from 'express';
import type { Knex } from 'knex';
import type { Locale } from '../options/locales.js';
import type { ConsentSource } from './ledger.js';

/** Who a consent call is about: an e-mail, or the shop's customer id, or the module's subject id. */
export type SubjectRef = string | { email: string } | { customerId: string | number } | { subjectId: number };

export interface ConsentState {
  purpose: string;
  granted: boolean;
  /** null when the subject was never asked. */
  policyVersion: string | null;
  source: ConsentSource | null;
  updatedAt: Date | null;
}

/** A logged-in shopper as a hook names them: the shop's customer id, their own address, and whether the shop proved it. */
export interface ShopperAccount {
  id: string | number;
  email?: string | undefined;
  emailVerified?: boolean | undefined;
}

/** What a consent write may carry besides the answer itself. */
export interface ConsentContext {
  source: ConsentSource;
  req?: Request | undefined;
  locale?: Locale | undefined;
  trx?: Knex.Transaction | undefined;
}

/**
 * What an after-commit hook could not record, by field and never by value (it may hold personal
 * data). `email_invalid`: neither the order's nor the customer's address is one, so nothing was
 * recorded. `consents_unreadable`: `consents` is not a form's fields. `choice_unreadable`: a box
 * sent a value that is neither a yes nor a no; that purpose was not recorded. `purpose_not_offered`:
 * a ticked `consent_…` box names no purpose offered there.
 */
export interface ConsentProblem {
  code: 'email_invalid' | 'consents_unreadable' | 'choice_unreadable' | 'purpose_not_offered';
  field?: string;
}

/** A request's evidence kept past the request: its IP and user agent. */
export interface SeenRequest {
  ip: string | null;
  userAgent: string | null;
}

/** What a deferred checkout showed, kept for its follow-up: the policy version and text, and each box's wording, by hash. */
export interface ShownWording {
  policyVersion: string;
  policyHash: string;
  /** Purpose id to the hash of the wording shown beside its box; a purpose not here was not offered. */
  wordings: Record<string, string>;
}
