/**
 * express-shop-privacy: everything a shop's privacy policy promises under the GDPR, for Express.
 * This file is the public API; everything else is internal.
 */
export { createPrivacy, type Privacy } from './lib/app/privacy.js';
export { PrivacyOptionsError } from './lib/options/validate.js';
export { PrivacyError, privacyErrorCodes, type PrivacyErrorCode } from './lib/http/errors.js';
export { RequestRefusedError, type RequestRefusal } from './lib/requests/service.js';
export type { PrivacyLogger } from './lib/options/schema.js';
export type { PrivacyOptions, ResolvedOptions, CurrentCustomer, LegalBasis, PurposeInput as Purpose, RecipientInput as Recipient } from './lib/options/schema.js';
export { legalBases } from './lib/options/schema.js';
export { defaultPurposes, defaultRecipients, defaultController, defaultSupervisoryAuthority, defaultSecurityMeasures } from './lib/options/defaults.js';
export { supportedLocales, type Locale, type Localized } from './lib/options/locales.js';
export type { PrivacyLocals } from './lib/cookies/middleware.js';
export { cookieCategories, type CookieCategory } from './lib/cookies/choice.js';
export { cookieDeclaration, findDeclaredCookie, type DeclaredCookie, type CookieLifetime } from './lib/cookies/declaration.js';
export { declaredCookieCategories, type DeclaredCookieInput, type DeclaredCookieCategory, type CookieDuration } from './lib/options/cookies.js';
export type { OrderCreated, AccountCreated, EmailVerified, NewsletterSignup, HookOptions } from './lib/app/hooks.js';
export type { ConsentState, SubjectRef, ConsentContext, ShopperAccount } from './lib/consent/service.js';
export { consentSources, type ConsentSource } from './lib/consent/ledger.js';
export { InvalidInputError, SuppressedError } from './lib/consent/errors.js';
export type { ConsentChange, PrivacyEvents } from './lib/events.js';
export { normaliseEmail, hasInvisibleCharacters } from './lib/subjects/email.js';
export type { DataSourceInput as DataSource, ContactField } from './lib/options/sources.js';
export type { SubjectKey } from './lib/sources/repository.js';
export { connectDatabase } from './lib/store/database.js';
export type { Clock } from './lib/store/time.js';
export type { UnsubscribeLink } from './lib/newsletter/service.js';
export type { UnsubscribeHeaders } from './lib/mail/mailer.js';
export { outboxTransport, readOutbox, type OutboxMessage } from './lib/mail/outbox.js';
export { RetentionRunError, type RetentionReport, type RuleReport, type RetentionProgress, type RunOptions as RetentionRunOptions } from './lib/retention/service.js';
export type { Period } from './lib/options/period.js';
export type { Actor } from './lib/requests/types.js';
export { auditProblemText, type AuditVerdict, type AuditProblem, type AuditProblemKind, type AuditEntry } from './lib/audit/trail.js';
