import { Router, type Request } from 'express';
import { createConsentFields } from '../consent/fields.js';
import { createHooks } from './hooks.js';
import { consentLedger } from '../consent/ledger.js';
import { createReconfirmation } from '../consent/reconfirm.js';
import { createAccess } from '../rights/access.js';
import { createErasure } from '../rights/erase.js';
import { InvalidInputError } from '../consent/errors.js';
import type { Locale } from '../options/locales.js';
import { addressHasher, normaliseEmail } from '../subjects/email.js';
import { createRectification } from '../rights/rectify.js';
import { createRestriction } from '../rights/restriction.js';
import { currentSubject } from '../rights/current-subject.js';
import { createRightsExercise } from '../rights/exercise.js';
import { auditKeyRing } from '../audit/chain.js';
import { createAuditTrail } from '../audit/trail.js';
import { createRequests } from '../requests/service.js';
import { createGuestRequests } from '../requests/guest.js';
import { sourceRepository, type SubjectKey } from '../sources/repository.js';
import { createConsentService, type SubjectRef } from '../consent/service.js';
import { consentFollowUps } from '../consent/follow-up.js';
import { settledConsents } from './settled-consents.js';
import { consentWordings } from '../consent/wording.js';
import { PrivacyEmitter } from '../events.js';
import { consentCookie, createConsentMiddleware } from '../cookies/middleware.js';
import { cookieDeclaration } from '../cookies/declaration.js';
import { bannerRenderer } from '../cookies/cookie-pages.js';
import { createCookieService } from '../cookies/service.js';
import { gpcRecordingLimit } from '../cookies/gpc-limit.js';
import { createCsrf } from '../http/csrf.js';
import { hostCsp } from '../http/csp.js';
import { requestLocale, withLang } from '../http/locale.js';
import { hostTemplates } from './host-templates.js';
import { modulePaths } from './paths.js';
import { createRouter } from './router.js';
import { createViews } from '../http/views.js';
import { validateOptions } from '../options/validate.js';
import { presetReview } from '../presets/review.js';
import type { CurrentCustomer, PrivacyOptions } from '../options/schema.js';
import { policyVersionsRepository } from '../policy/repository.js';
import { afterPolicySettled, createPolicyService } from '../policy/service.js';
import { createMailer } from '../mail/mailer.js';
import { createNewsletterService } from '../newsletter/service.js';
import { signupLimits } from '../newsletter/signup-limits.js';
import { connectDatabase } from '../store/database.js';
import { speaksForAddress, subjectsRepository } from '../subjects/repository.js';
import { tokensRepository } from '../tokens/repository.js';
import { runMigrations } from '../store/migrator.js';
import { createRetention } from '../retention/service.js';
import { retentionSchedule } from '../retention/schedule.js';
import { tableNames } from '../store/tables.js';
import type { Privacy } from './types.js';

export type { Privacy } from './types.js';

/**
 * The one factory an integrator calls. Options are validated here, once; a mistake throws a
 * PrivacyOptionsError naming the option. Templates and the policy text are prepared here too.
 */
export function createPrivacy(input: PrivacyOptions): Privacy {
  const options = validateOptions(input);
  // A wrong cookie declaration is an options error too, said before any connection is opened; a preset's texts under another controller, a warning.
  cookieDeclaration(options);
  const review = presetReview(options);
  if (review) options.logger.warn(review);
  const ownsDb = typeof options.db === 'string';
  const db = typeof options.db === 'string' ? connectDatabase(options.db) : options.db;
  const tables = tableNames(options.tablePrefix);
  const locales = options.policy.locales;
  const { defaultLocale, localeOr: localeOf } = options;
  const paths = modulePaths(options);
  const { base, cookiesPath, publicBase, noticePath, policyUrl } = paths;
  const views = createViews({ ...paths, overrideDir: options.views, defaultLocale, shopLayout: options.layout, logger: options.logger });
  const policy = createPolicyService(options, views, policyVersionsRepository(db, tables, options.clock), {
    policyUrl: `${publicBase}/policy`,
    assetsPath: paths.assetsPath,
    noticePath,
    requestPath: paths.requestPath,
  });

  const events = new PrivacyEmitter(options.logger);
  const mailer = createMailer({ db, tables, options, views });
  const wordings = consentWordings(options);
  const subjects = subjectsRepository(tables, options.clock);
  const tokens = tokensRepository(tables, options.clock);
  const ledger = consentLedger(tables);
  // The chain's keys live outside the database: whoever can write it cannot recompute the chain.
  const [auditSecret = options.secret] = options.auditSecrets ?? [options.secret];
  const auditKeys = auditKeyRing(options);
  const audit = createAuditTrail({ db, tables, clock: options.clock, keys: auditKeys, logger: options.logger });
  const hashAddress = addressHasher(options.secret);
  const consents = createConsentService({ db, tables, options, policy, wordings, ledger, subjects, events, audit, hashAddress });
  const followUps = consentFollowUps({ options, mailer, policy, wordings, hashAddress, localeOf: consents.localeOf, find: (ref) => consents.find(ref) });
  const settled = settledConsents(consents, followUps);
  const csrf = createCsrf(options.secret, options.clock);
  const cookie = consentCookie(options);
  const cookies = createCookieService({ db, options, ledger, subjects, audit });
  const renderBanner = bannerRenderer({ views, csrf, cookiesPath, scriptUrl: `${base}/assets/banner.js`, policyUrl, defaultLocale });
  const newsletter = createNewsletterService({
    db,
    limits: signupLimits(db, tables.rateLimits, options.secret),
    options,
    consents,
    wordings,
    subjects,
    tokens,
    mailer,
    links: {
      confirm: (token) => `${publicBase}/newsletter/confirm?token=${token}`,
      unsubscribe: (token) => `${publicBase}/newsletter/unsubscribe?token=${token}`,
    },
  });
  const reconfirmation = createReconfirmation({ options, views, csrf, consents, wordings, actionUrl: `${base}/consents/reconfirm`, policyUrl });
  const consentsUrl = (locale: Locale) => withLang(`${base}/account#consents`, locale, locales);
  /** What the logged-in shopper has agreed to, on their own record: never what an address typed holds. */
  const givenOf = async (req: Request) => {
    const customer = (await options.currentCustomer(req)) as CurrentCustomer | null;
    return customer ? (await settled.of({ customerId: customer.id })).filter((state) => state.granted).map((state) => state.purpose) : [];
  };
  const render = hostTemplates(
    createConsentFields(options, views, wordings, { policy: policyUrl, consents: consentsUrl }),
    reconfirmation.prompt,
    (req, res) => requestLocale(req, res, locales, options.locale),
    givenOf,
  );
  const sources = sourceRepository(db);
  const { tableSources } = options;
  const requests = createRequests({ db, tables, options, mailer, audit, hashAddress });
  const access = createAccess({ db, options, sources, ledger, requests });
  const restriction = createRestriction({ db, options, consents, subjects, events });
  const erasure = createErasure({ db, tables, options, sources, events, requests, audit, hashAddress, mailer });
  const rectification = createRectification({
    db,
    options,
    sources,
    subjects,
    tokens,
    mailer,
    events,
    requests,
    confirmLink: (token) => `${publicBase}/account/email/confirm?token=${token}`,
    unsubscribeLink: (token) => `${publicBase}/newsletter/unsubscribe?token=${token}`,
  });
  const guests = createGuestRequests({
    db,
    options,
    subjects,
    tokens,
    sources,
    requests,
    mailer,
    verifyLink: (token) => `${publicBase}/request/verify?token=${token}`,
  });
  const subjectOf = currentSubject(db, options, subjects, guests, followUps);
  const rights = createRightsExercise({ db, options, consents, subjects, restriction, requests, audit });
  const retention = createRetention({ db, tables, options, mailer, audit, events });
  const schedule = retentionSchedule(options, () => retention.run());
  const middleware = createConsentMiddleware({
    mayRecordGpc: gpcRecordingLimit(db, tables, options.secret),
    options,
    cookie,
    cookies,
    policyUrl,
    cookiesPath,
    requestPath: paths.requestPath,
    accountPath: paths.accountPath,
    stylesheetUrl: `${paths.assetsPath}/privacy.css`,
    renderBanner,
    reconfirmPrompt: reconfirmation.prompt,
  });

  /** A subject as every source sees it, from the module's record or, for one it never met, the address given. */
  async function subjectKeyOf(ref: SubjectRef): Promise<SubjectKey> {
    await followUps.settleRef(ref);
    const subject = await consents.find(ref);
    const email = subject?.email ?? (typeof ref === 'string' ? normaliseEmail(ref) : 'email' in ref ? normaliseEmail(ref.email) : null);
    if (!email) throw new InvalidInputError('expected a known subject or an e-mail address');
    const customerId = subject?.customer_id ?? (typeof ref === 'object' && 'customerId' in ref ? String(ref.customerId) : null);
    // An address the caller names is vouched for; a customer's record speaks for its address only once proven.
    const byAddress = typeof ref === 'string' || 'email' in ref;
    const emailVerified = byAddress || !subject || speaksForAddress(subject);
    return { id: subject?.id ?? null, email, customerId, emailVerified };
  }

  return {
    options,
    db,
    tables,
    policy,
    hooks: createHooks(consents, newsletter, options.logger, { db, tables, clock: options.clock }, followUps),
    newsletter: { unsubscribeLink: newsletter.unsubscribeLink },
    consents: settled,
    render,
    cspDirectives: hostCsp(`${base}/assets/banner.js`, `${paths.assetsPath}/privacy.css`, cookiesPath, `${base}/consents/reconfirm`),
    isRestricted: restriction.isRestricted,
    audit: { verify: audit.verify, list: audit.list, recordNow: audit.recordNow, head: audit.head },
    requests: {
      find: requests.find,
      start: requests.start,
      complete: requests.complete,
      extend: requests.extend,
      refuse: requests.refuse,
      queue: (page) => requests.repository.queue(db, page),
    },
    retention: { rules: retention.rules, run: retention.run, nextRun: schedule.nextRun },
    mail: { drain: mailer.drain, status: mailer.status },
    async eraseSubject(ref, { locale, actor = { type: 'system' as const }, notify = false } = {}) {
      const subject = await subjectKeyOf(ref);
      const chosen = localeOf(locale);
      // The person reads the report in their own language when the module knows it.
      const theirs = localeOf((await consents.find(ref))?.locale ?? locale);
      return erasure.erase(subject, chosen, { actor, channel: 'staff' }, notify ? { report: { to: subject.email, locale: theirs } } : {});
    },
    async holds(email) {
      const normalised = normaliseEmail(email);
      if (!normalised) return false;
      if (await subjects.findByEmail(db, normalised)) return true;
      return sources.holdsAnything(tableSources, normalised);
    },
    async previewErasure(ref, { locale } = {}) {
      return erasure.preview(await subjectKeyOf(ref), localeOf(locale));
    },
    async exportSubject(ref, { format, locale, actor }) {
      const subject = await subjectKeyOf(ref);
      const chosen = localeOf(locale);
      await db.transaction((trx) => requests.selfServed(trx, 'access', subject, chosen, { actor, channel: 'staff' }, { format }));
      return format === 'txt' ? access.txt(subject, chosen) : access.json(subject, chosen);
    },
    on(event, listener) {
      events.on(event, listener);
      return this;
    },
    off(event, listener) {
      events.off(event, listener);
      return this;
    },
    async migrate() {
      const ran = await runMigrations(db, tables, { secret: options.secret, auditSecret });
      // The policy's version and date are settled before the first request: they are recorded with every consent.
      await policy.settle();
      // E-mails an earlier run of the shop left unsent go out now.
      mailer.nudge();
      for (const { source, rows } of await sources.unmatchableAddresses(tableSources)) {
        options.logger.warn(
          `[express-shop-privacy] data source "${source}": ${rows} row(s) hold an e-mail address with capital letters outside ASCII, which SQLite cannot match to their owner; store addresses as normaliseEmail() returns them.`,
        );
      }
      return { ran };
    },
    middleware(...args: unknown[]) {
      rejectAsHandler('middleware', args);
      return afterPolicySettled(policy, middleware);
    },
    router(...args: unknown[]) {
      rejectAsHandler('router', args);
      const router = createRouter({
        db,
        tables,
        options,
        paths,
        views,
        csrf,
        policy,
        newsletter,
        cookie,
        cookies,
        reconfirmation,
        consents,
        followUps,
        wordings,
        subjects,
        sources,
        access,
        rectification,
        erasure,
        requests,
        rights,
        guests,
        subjectOf,
        audit,
      });
      // As the middleware: a shop that migrated with `shop-privacy migrate` has the policy settled on the first request.
      const settled = Router();
      settled.use(afterPolicySettled(policy, router));
      return settled;
    },
    async close() {
      await schedule.stop();
      await mailer.stop();
      if (ownsDb) await db.destroy();
    },
  };
}

/** `app.use(privacy.middleware)` (without the call) would hang every request; say so at once. */
function rejectAsHandler(name: string, args: unknown[]): void {
  if (args.length > 0) {
    throw new TypeError(`express-shop-privacy: privacy.${name}() takes no arguments. Mount it as app.use(privacy.${name}()), with the parentheses.`);
  }
}
