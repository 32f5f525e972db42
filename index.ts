/**
 * express-shop-privacy: everything a shop's privacy policy promises under the GDPR, for Express.
 * This file is the public API; everything else is internal. Every type a caller receives, passes
 * or catches is exported here by name (test/types pins them), and importing the package types
 * `res.locals.privacy`, `res.locals.privacyLocale` and `res.locals.cspNonce`.
 */

// The factory and what it returns.
export { createPrivacy } from './lib/app/privacy.js';
export type {
  Privacy,
  PrivacyHooks,
  PrivacyConsents,
  PrivacyRender,
  PrivacyRequests,
  PrivacyAudit,
  PrivacyRetention,
  PrivacyMail,
  PrivacyNewsletter,
  PrivacyListener,
  OrderCreated,
  AccountCreated,
  EmailVerified,
  NewsletterSignup,
  HookOptions,
  AfterCommitOptions,
  DeferredOptions,
  RecordedConsents,
  RecordedDeferred,
  NewsletterSignupResult,
  HostHandlebars,
  AuditRecord,
  AuditListOptions,
  EraseSubjectOptions,
  ExportSubjectOptions,
} from './lib/app/types.js';

// Errors: one family, a code from one catalogue.
export { PrivacyError, privacyErrorCodes, type PrivacyErrorCode } from './lib/http/errors.js';
export { PrivacyOptionsError, exampleSecrets, isExampleSecret } from './lib/options/validate.js';
export { InvalidInputError, SuppressedError } from './lib/consent/errors.js';
export { RequestRefusedError, type RequestRefusal } from './lib/requests/service.js';
export { RetentionRunError } from './lib/retention/service.js';

// Options.
export type {
  PrivacyOptions,
  ResolvedOptions,
  PrivacyLogger,
  MailTransport,
  CurrentCustomer,
  LegalBasis,
  ConsentPlace,
  PurposeInput as Purpose,
  RecipientInput as Recipient,
  SupervisoryAuthorityInput as SupervisoryAuthority,
  PolicyTextsInput as PolicyTexts,
  PolicyTextName,
} from './lib/options/schema.js';
export { legalBases, consentPlaces } from './lib/options/schema.js';
export type { ShopLayout, ShopLayoutContext } from './lib/options/schema.js';
export { defaultPurposes, defaultRecipients, defaultSecurityMeasures, defaultTimezone } from './lib/options/defaults.js';
// Presets: a whole policy's texts for one kind of shop, spread into the options.
export { xpartsPreset } from './lib/presets/xparts.js';
export type { PrivacyPreset } from './lib/presets/preset.js';
export { supportedLocales, type Locale, type Localized } from './lib/options/locales.js';
export type { DerivedOptions } from './lib/options/resolved.js';
export type { Period } from './lib/options/period.js';
export type { Clock } from './lib/store/time.js';
export type { TableNames } from './lib/store/tables.js';

// Data sources: the shop's tables, and its own functions for data kept elsewhere.
export {
  contactFields,
  type ContactField,
  type DataSourceInput as DataSource,
  type TableSourceInput as TableDataSource,
  type ValueFormat,
} from './lib/options/sources.js';
export type {
  CustomDataSource,
  SubjectKey,
  SourceValue,
  SourceContext,
  SourceCounts,
  CustomExport,
  CustomRectify,
  CustomErase,
  CustomPurge,
} from './lib/options/custom-source.js';
export { connectDatabase } from './lib/store/database.js';
// The shop's own transaction, whatever its data layer: the module's SQL runs inside it.
export { fromKnex, fromMysql2, fromBetterSqlite3, type HostAdapterOptions } from './lib/store/host-raw.js';
export { fromTypeORM, fromSequelize, fromDrizzle } from './lib/store/host-orms.js';
export { fromPrisma, type PrismaRawClient, type PrismaAdapterOptions } from './lib/store/host-prisma.js';
export type { PrivacyTransaction } from './lib/store/host-transaction.js';

// Cookies and the per-page locals.
export type { PrivacyLocals } from './lib/cookies/middleware.js';
export type { CspDirectives } from './lib/http/csp.js';
export { cookieCategories, type CookieCategory } from './lib/cookies/choice.js';
export { cookieDeclaration, findDeclaredCookie, type DeclaredCookie, type CookieLifetime, type CookieDeclarationOptions } from './lib/cookies/declaration.js';
export { declaredCookieCategories, type DeclaredCookieInput, type DeclaredCookieCategory, type CookieDuration } from './lib/options/cookies.js';

// Consents, subjects and the policy.
export type { ConsentState, SubjectRef, ConsentContext, ShopperAccount, ConsentProblem } from './lib/consent/service.js';
export type { RecordedAfterCommit } from './lib/consent/after-commit.js';
export type { ConsentFieldsInput } from './lib/consent/fields.js';
export { consentSources, type ConsentSource } from './lib/consent/ledger.js';
export { normaliseEmail, hasInvisibleCharacters } from './lib/subjects/email.js';
export type { PolicyService, PublishedPolicy } from './lib/policy/service.js';

// Events and their payloads.
export type { PrivacyEvents, PrivacyEventName, ConsentChange, RestrictionChange, ErasureDone, RectificationDone } from './lib/events.js';

// Rights, requests, retention, audit, mail.
export type { ErasureLine } from './lib/rights/erase.js';
export type { PrivacyRequest, RequestType, RequestStatus, RequestChannel, Actor } from './lib/requests/types.js';
export type { QueuePage } from './lib/requests/repository.js';
export type { RetentionReport, RuleReport, RetentionProgress, RunOptions as RetentionRunOptions } from './lib/retention/service.js';
export type { Locking as RetentionLocking } from './lib/retention/locking.js';
export { auditProblemText, type AuditVerdict, type AuditVerifyOptions, type AuditProblem, type AuditProblemKind, type AuditEntry } from './lib/audit/trail.js';
export type { UnsubscribeLink } from './lib/newsletter/service.js';
export type { UnsubscribeHeaders } from './lib/mail/mailer.js';
export { outboxTransport, readOutbox, type OutboxMessage } from './lib/mail/outbox.js';
export type { MailDrainReport, MailWorkerSettings } from './lib/mail/worker.js';
export type { OutboxStatus } from './lib/mail/queue.js';
