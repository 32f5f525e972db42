/**
 * The public contract: what `createPrivacy()` returns, named, apart from the code that builds it
 * (as a Medusa module's `types/` beside its service). `index.ts` exports these; the assembly
 * declares it returns them, so a change to a service that breaks the contract fails to compile.
 */
import type { Request, RequestHandler, Response, Router } from 'express';
import type Handlebars from 'handlebars';
import type { Knex } from 'knex';
import type { AuditEntry, AuditVerdict, AuditVerifyOptions } from '../audit/trail.js';
import type { ConsentFieldsInput } from '../consent/fields.js';
import type { ConsentSource } from '../consent/ledger.js';
import type { RecordedAfterCommit } from '../consent/after-commit.js';
import type { AfterCommitOptions, DeferredOptions, HookOptions, RecordedConsents, RecordedDeferred } from './hook-types.js';
import type { ConsentContext, ConsentState, ShopperAccount, SubjectRef } from '../consent/service.js';
import type { PrivacyLocals } from '../cookies/middleware.js';
import type { PrivacyEventName, PrivacyEvents } from '../events.js';
import type { CspDirectives } from '../http/csp.js';
import type { UnsubscribeLink } from '../newsletter/service.js';
import type { Locale } from '../options/locales.js';
import type { ResolvedOptions } from '../options/schema.js';
import type { PolicyService } from '../policy/service.js';
import type { Actor, PrivacyRequest } from '../requests/types.js';
import type { QueuePage } from '../requests/repository.js';
import type { RetentionReport, RuleReport, RunOptions } from '../retention/report.js';
import type { ErasureLine } from '../rights/erase.js';
import type { OutboxStatus } from '../mail/queue.js';
import type { MailDrainReport } from '../mail/worker.js';
import type { TableNames } from '../store/tables.js';

export type { AfterCommitOptions, DeferredOptions, HookOptions, RecordedConsents, RecordedDeferred } from './hook-types.js';

export interface OrderCreated {
  /** The order as the shop stored it; `email` is the order identifier the policy names. */
  order: { id?: string | number; email?: string };
  /**
   * The logged-in customer who ordered, if any: their own address (the account's, which may
   * differ from the order's) and whether the shop has proved it (`emailVerified`).
   */
  customer?: ShopperAccount | null;
  /** The checkout form's fields (e.g. `req.body`): `consent_<purpose>` boxes that were ticked. */
  consents?: Record<string, unknown>;
  req?: Request;
  locale?: string;
}

export interface AccountCreated {
  /** `emailVerified`: the shop has proved the address (most shops prove it later: call `emailVerified` then). */
  customer: { id: string | number; email: string; emailVerified?: boolean };
  consents?: Record<string, unknown>;
  req?: Request;
  locale?: string;
}

export interface EmailVerified {
  customer: { id: string | number; email: string };
}

export interface NewsletterSignup {
  email: string;
  /**
   * The form's fields (`req.body`) when it shows `consentFields({ at: 'newsletter' })`: its box
   * must be ticked, or nothing happens (`unticked`). Without them, the call itself is the sign-up.
   */
  consents?: Record<string, unknown>;
  source?: ConsentSource;
  req?: Request;
  locale?: string;
}

/** `already_subscribed`: the address has the consent already, and no e-mail was sent. */
/**
 * `queued`: the address gets a confirmation link, or a note that it already receives the news,
 * just after this returns (the same answer, in the same time, for every address). `limited`:
 * the address was sent 5 confirmations in the last hour, or the request's IP made 20 sign-ups;
 * nothing was written or sent. `unticked`: the form's box was left empty; nothing was written or
 * sent. Show the shopper one message for `queued`, "try again later" for `limited`, "tick the box" for `unticked`.
 */
export interface NewsletterSignupResult {
  status: 'queued' | 'limited' | 'unticked';
}

/** What the shop calls from its own code when an order, an account or a sign-up happens. */
export interface PrivacyHooks {
  orderCreated(order: OrderCreated, options: AfterCommitOptions): Promise<RecordedAfterCommit>;
  orderCreated(order: OrderCreated, options: DeferredOptions): Promise<RecordedDeferred>;
  orderCreated(order: OrderCreated, options?: HookOptions): Promise<RecordedConsents>;
  accountCreated(account: AccountCreated, options: AfterCommitOptions): Promise<RecordedAfterCommit>;
  accountCreated(account: AccountCreated, options: DeferredOptions): Promise<RecordedDeferred>;
  accountCreated(account: AccountCreated, options?: HookOptions): Promise<RecordedConsents>;
  /** The shop proved a customer's address: what the address holds without an account becomes theirs. */
  emailVerified(verified: EmailVerified, options?: HookOptions): Promise<void>;
  /** Sends the confirmation e-mail; nothing is consented until the link in it is clicked. */
  newsletterSignup(signup: NewsletterSignup): Promise<NewsletterSignupResult>;
}

/** A host's handlebars: the module itself or `Handlebars.create()`. */
export type HostHandlebars = Pick<typeof Handlebars, 'registerHelper' | 'registerPartial' | 'SafeString'>;

/** For the host's own templates, whatever their engine: consent fields for its forms, gating of tags by consent. */
export interface PrivacyRender {
  /** The notice and unticked consent boxes of one place (checkout, signup), as HTML. */
  consentFields(input: ConsentFieldsInput): string;
  /** The same for whoever is logged in: a consent they gave shows as given, with the way to withdraw it. */
  consentFieldsFor(req: Request, res: Response, input: Omit<ConsentFieldsInput, 'given' | 'locale'> & { locale?: string }): Promise<string>;
  /** Consents this shopper gave under an older policy version, each to confirm or withdraw; '' when none. */
  reconfirmPrompt(req: Request, res: Response): Promise<string>;
  /** Registers the `privacyConsentFields` partial and helper and the `privacyAllows` block helper. */
  registerHandlebars(handlebars: HostHandlebars): void;
}

/** Read and change a subject's consents. */
export interface PrivacyConsents {
  /** The current answer for every consent purpose; purposes never asked are not granted. */
  of(subject: SubjectRef): Promise<ConsentState[]>;
  allows(subject: SubjectRef, purpose: string): Promise<boolean>;
  /** Throws a SuppressedError when staff grant what the address withdrew, an InvalidInputError for a purpose not of consent. */
  grant(subject: SubjectRef, purpose: string, context: ConsentContext): Promise<void>;
  withdraw(subject: SubjectRef, purpose: string, context: ConsentContext): Promise<void>;
  /** Purposes the subject agreed to under an older policy version. */
  needsReconfirmation(subject: SubjectRef): Promise<string[]>;
}

/** For the shop's own campaign mailer. */
export interface PrivacyNewsletter {
  /** One recipient's one-click link and the RFC 8058 headers to put on the message. */
  unsubscribeLink(email: string, options?: { purpose?: string }): Promise<UnsubscribeLink>;
}

/** One entry of the audit trail as `audit.list()` reads it. */
export interface AuditRecord {
  id: number;
  seq: number;
  at: Date;
  actorType: string;
  actorId: string | null;
  action: string;
  subjectId: number | null;
  requestId: number | null;
  details: Record<string, unknown> | null;
  prevHash: string;
  hash: string;
}

export interface AuditListOptions {
  limit?: number;
  subjectId?: number;
  action?: string;
}

/** The hash-chained audit trail. */
export interface PrivacyAudit {
  /**
   * Re-computes the keyed chain and names the first edited or deleted row; gives the head as
   * `seq:hash` to keep outside the database, and with `expect` (a head kept before) detects rows
   * cut from the end, a wiped table or a rewritten chain.
   */
  verify(options?: AuditVerifyOptions): Promise<AuditVerdict>;
  list(options?: AuditListOptions): Promise<AuditRecord[]>;
  /** Adds the shop's own entries. */
  recordNow(entries: AuditEntry | AuditEntry[]): Promise<void>;
  /** The chain's end as `seq:hash`, to keep outside the database and pass to `verify({ expect })` later. */
  head(): Promise<string>;
}

/** Data-subject requests and their legal clock. A step that cannot be taken throws a RequestRefusedError. */
export interface PrivacyRequests {
  /** Open requests, the oldest deadline first: `limit` (default 100, at most 1,000) after `after`, the last of the page before. */
  queue(page?: QueuePage): Promise<PrivacyRequest[]>;
  find(id: number): Promise<PrivacyRequest | undefined>;
  start(id: number, staff: Actor): Promise<PrivacyRequest>;
  complete(id: number, staff: Actor, note?: string): Promise<PrivacyRequest>;
  /** Once, by at most two months, with the reason the shopper is told (Art. 12(3)). */
  extend(id: number, staff: Actor, months: number, reason: string): Promise<PrivacyRequest>;
  refuse(id: number, staff: Actor, reason: string): Promise<PrivacyRequest>;
}

/** Retention: every rule, applied in short batches, safely from several instances at once. */
export interface PrivacyRetention {
  rules(locale?: Locale): RuleReport[];
  /** Throws a RetentionRunError, carrying what was done, when a rule fails part-way. */
  run(options?: RunOptions): Promise<RetentionReport>;
  /** The in-process schedule's next time; null without a schedule. */
  nextRun(): Date | null;
}

/**
 * The mail outbox: every e-mail the module sends is written in the transaction of the change it
 * tells about, and sent by a worker (in every instance unless `mailer.worker.enabled` is false).
 */
export interface PrivacyMail {
  /** Sends everything due now, in this process, and says what happened: for a cron job, a test or a shutdown. */
  drain(): Promise<MailDrainReport>;
  /** How many e-mails wait, are being sent, went, or were given up. */
  status(): Promise<Record<OutboxStatus, number>>;
}

/** A listener of one of the module's events; what it returns is not awaited by the action. */
export type PrivacyListener<E extends PrivacyEventName> = (...args: PrivacyEvents[E]) => void | Promise<void>;

export interface EraseSubjectOptions {
  locale?: string;
  actor?: Actor;
  /** E-mail the report to the person, in their own language. */
  notify?: boolean;
}

export interface ExportSubjectOptions {
  format: 'txt' | 'json';
  locale?: string;
  actor: Actor;
}

export interface Privacy {
  /** Listen to the module's events, e.g. `privacy.on('consent.withdrawn', …)` to tell a mailing provider. */
  on<E extends PrivacyEventName>(event: E, listener: PrivacyListener<E>): Privacy;
  off<E extends PrivacyEventName>(event: E, listener: PrivacyListener<E>): Privacy;
  /** The validated options with every default filled in. */
  readonly options: ResolvedOptions;
  /** The knex instance the module uses: the host's own, or one it opened from a URL. */
  readonly db: Knex;
  readonly tables: TableNames;
  readonly policy: PolicyService;
  /** What the shop calls when an order, an account or a newsletter sign-up happens. */
  readonly hooks: PrivacyHooks;
  /** Read and change a subject's consents: of, allows, grant, withdraw, needsReconfirmation. */
  readonly consents: PrivacyConsents;
  readonly newsletter: PrivacyNewsletter;
  readonly render: PrivacyRender;
  readonly audit: PrivacyAudit;
  /** Data-subject requests and their legal clock (what the staff pages work on). */
  readonly requests: PrivacyRequests;
  /** Whether a subject has restricted processing (GDPR Art. 18): the shop must then not use their data either. */
  isRestricted(subject: SubjectRef): Promise<boolean>;
  /** Erases a subject over every data source and the module's own records in one transaction (the account page's "erase my data"); returns the report. */
  eraseSubject(subject: SubjectRef, options?: EraseSubjectOptions): Promise<ErasureLine[]>;
  /** Whether the module or any data source holds anything about this address. */
  holds(email: string): Promise<boolean>;
  /** What `eraseSubject` would do now, changing nothing: for a confirmation step. */
  previewErasure(subject: SubjectRef, options?: { locale?: string }): Promise<ErasureLine[]>;
  /**
   * The access answer (Art. 15; Art. 20 as JSON) for a subject, as text pieces to stream. It is
   * recorded as an access request answered and audited as a view of personal data.
   */
  exportSubject(subject: SubjectRef, options: ExportSubjectOptions): Promise<AsyncIterable<string>>;
  readonly retention: PrivacyRetention;
  readonly mail: PrivacyMail;
  /**
   * Creates or updates the module's tables, records the published policy texts and settles their
   * version and date (by default the day the text was first published). Safe to run on every start.
   */
  migrate(): Promise<{ ran: string[] }>;
  /** Per-page middleware: `app.use(privacy.middleware())`: cookie consent, GPC, `res.locals.privacy`. */
  middleware(): RequestHandler;
  /** The module's pages: `app.use('/privacy', privacy.router())`. */
  router(): Router;
  /** What the shop's own CSP must allow for the module's banner and fragments, to merge into its helmet; the same frozen object each call. */
  cspDirectives(): CspDirectives;
  /** Stops the mail worker (e-mails in flight are sent by the next run) and closes the database connection if the module opened it (not a knex instance the host passed in). */
  close(): Promise<void>;
}

/**
 * What the module puts on `res.locals`, typed for the module's own code and for the shop's:
 * `privacy` on every page behind `privacy.middleware()`, `privacyLocale` on the module's pages,
 * `cspNonce` for the page's inline script (the shop may set it first, and the module uses it).
 */
declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace -- Express's own way to type res.locals
  namespace Express {
    interface Locals {
      /**
       * Set by `privacy.middleware()` on every request it runs for: typed as present, as
       * express-session types `req.session`, for the routes behind it (the module's own code checks).
       */
      privacy: PrivacyLocals;
      privacyLocale?: Locale;
      cspNonce?: string;
    }
  }
}
