import type { Knex } from 'knex';

/** How the order and account hooks are called, and what the in-transaction call answers. */
/** Run inside the shop's own transaction, so its rows and the consent records commit together. */
export interface HookOptions {
  trx?: Knex.Transaction;
  deferred?: false | undefined;
}

/**
 * One statement in the shop's transaction: the answers are written into the module's outbox as
 * one row, and recorded after commit in the module's own transaction (a crash between the two
 * loses nothing; nothing is recorded twice). The answer has no `subjectId` yet; a read about the
 * shopper (the account page, `consents.of`) records the waiting answers first.
 */
export interface DeferredOptions {
  trx: Knex.Transaction;
  deferred: true;
}

/**
 * After-commit mode, for a shop that cannot pass its transaction: call the hook once the order
 * (or account) is committed. The order's `id` (the customer's for `accountCreated`) is required:
 * a second call for it records nothing and answers what the first recorded. Bad consent input
 * never throws here (the order stands): what can be recorded is, the rest is in `problems`.
 */
export interface AfterCommitOptions {
  afterCommit: true;
  trx?: undefined;
}

/** What a checkout or a sign-up recorded: the subject, and per purpose offered there, the answer. */
export interface RecordedConsents {
  subjectId: number;
  granted: string[];
  notGranted: string[];
  /** Ticked boxes of purposes confirmed by e-mail (the newsletter): a confirmation e-mail goes out after commit. */
  toConfirm: string[];
}

export type { RecordedDeferred } from '../consent/follow-up.js';
