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
