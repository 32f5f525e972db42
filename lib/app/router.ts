import express, { Router } from 'express';
import type { Knex } from 'knex';
import type { AuditTrail } from '../audit/trail.js';
import type { ConsentService } from '../consent/service.js';
import type { ConsentWordings } from '../consent/wording.js';
import type { Reconfirmation } from '../consent/reconfirm.js';
import { cookieRoutes } from '../cookies/cookie-pages.js';
import type { ConsentCookie } from '../cookies/middleware.js';
import type { CookieService } from '../cookies/service.js';
import type { Csrf } from '../http/csrf.js';
import { forwardRejections } from '../http/async-routes.js';
import { errorPage } from '../http/error-page.js';
import { formBody } from '../http/form-body.js';
import { formLimits, type FormLimitOptions } from '../http/form-limits.js';
import { translate } from '../i18n/index.js';
import { pageLocale, requestLocale } from '../http/locale.js';
import { noStore, securityHeaders } from '../http/security.js';
import { moduleViewsDir, type Views } from '../http/views.js';
import { newsletterRoutes } from '../newsletter/newsletter-pages.js';
import type { NewsletterService } from '../newsletter/service.js';
import type { ResolvedOptions } from '../options/schema.js';
import { policyRoutes } from '../policy/policy-pages.js';
import type { PolicyService } from '../policy/service.js';
import { recordsRoutes } from '../records/records-page.js';
import type { GuestRequests } from '../requests/guest.js';
import { guestRequestRoutes } from '../requests/request-pages.js';
import type { Requests } from '../requests/service.js';
import type { Access } from '../rights/access.js';
import { accountActions } from '../rights/account-actions.js';
import { accountPage } from '../rights/account-page.js';
import type { SubjectOf } from '../rights/current-subject.js';
import type { Erasure } from '../rights/erase.js';
import { erasureRoutes } from '../rights/erase-page.js';
import type { RightsExercise } from '../rights/exercise.js';
import type { Rectification } from '../rights/rectify.js';
import type { SourceRepository } from '../sources/repository.js';
import { staffOnly } from '../staff/gate.js';
import { subjectLookupRoutes } from '../staff/lookup.js';
import type { ConsentFollowUps } from '../consent/follow-up.js';
import { requestQueueRoutes } from '../staff/queue.js';
import type { TableNames } from '../store/tables.js';
import { normaliseEmail } from '../subjects/email.js';
import type { SubjectsRepository } from '../subjects/repository.js';
import type { ModulePaths } from './paths.js';

const minute = 60 * 1000;
const hour = 60 * minute;

/** Everything the module's pages use, built once by createPrivacy. */
export interface RouterParts {
  db: Knex;
  tables: TableNames;
  options: ResolvedOptions;
  paths: ModulePaths;
  views: Views;
  csrf: Csrf;
  policy: PolicyService;
  newsletter: NewsletterService;
  cookie: ConsentCookie;
  cookies: CookieService;
  reconfirmation: Reconfirmation;
  consents: ConsentService;
  followUps: ConsentFollowUps;
  wordings: ConsentWordings;
  subjects: SubjectsRepository;
  sources: SourceRepository;
  access: Access;
  rectification: Rectification;
  erasure: Erasure;
  requests: Requests;
  rights: RightsExercise;
  guests: GuestRequests;
  subjectOf: SubjectOf;
  audit: AuditTrail;
}

/**
 * The module's pages, the one place every router is mounted: its own security headers, the
 * shopper's language, the public pages, the shopper's account and requests, the staff pages
 * behind the host's `isStaff(req)`, and its error page.
 */
export function createRouter(parts: RouterParts): Router {
  const { db, tables, options, paths, views, csrf, policy, newsletter, cookie, cookies, reconfirmation, consents, wordings, subjects, sources, access } = parts;
  const { rectification, erasure, requests, rights, guests, subjectOf, audit } = parts;
  const at = { accountPath: paths.accountPath, requestPath: paths.requestPath, staffPath: paths.staffPath, cookiePath: paths.cookiePath };
  const router = Router();
  router.use(...securityHeaders());
  router.use(function privacyLocale(req, res, next) {
    res.locals.privacyLocale = requestLocale(req, res, options.policy.locales, options.locale);
    next();
  });
  router.use('/assets', express.static(`${moduleViewsDir}/assets`, { maxAge: '1h' }));
  router.use(policyRoutes(policy, views, options.policy.locales));
  // Everything after the policy, the premises notice and the assets is personal or per visitor.
  router.use(noStore);

  // Forms that mail an address they are given, or write for a stranger, are bounded per IP and
  // per address in the shared database (issue 18), like the guest request form.
  const limited = (_req: express.Request, res: express.Response) => {
    const locale = pageLocale(res);
    const message = translate(locale, 'request.limited.text', { email: options.controller.email });
    views.send(res, 'message', { title: translate(locale, 'request.limited.title'), message }, 429);
  };
  const limits = (limit: Omit<FormLimitOptions, 'db' | 'table' | 'secret' | 'limited'>) =>
    formLimits({ db, table: tables.rateLimits, secret: options.secret, limited, ...limit });
  // The e-mail change mails the new address: counted per that address, and only when it changes.
  const newAddress = async (req: express.Request) => {
    const email = normaliseEmail((req.body as { email?: unknown } | undefined)?.email);
    const subject = email === null ? null : await subjectOf(req);
    return subject && email !== normaliseEmail(subject.email) ? email : null;
  };
  router.post(
    '/account/rectify',
    formBody({ limit: '8kb', parameterLimit: 20 }),
    csrf.protect,
    ...limits({ name: 'email-change', windowMs: hour, perIp: 20, perAddress: 5, addressOf: newAddress }),
  );
  // Generous for people, but a flood replaying one CSRF pair stays bounded; counted first, so a
  // refused post costs neither the body's parsing nor the CSRF check (nor, once past, a statement).
  router.post('/cookies', ...limits({ name: 'banner', windowMs: minute, perIp: 60 }), formBody({ limit: '4kb' }), csrf.protect);
  router.use(newsletterRoutes({ newsletter, views, csrf, controllerEmail: options.controller.email, locales: options.policy.locales }));
  router.use(cookieRoutes({ options, views, csrf, cookie, cookies, cookiesPath: paths.cookiesPath, accountPath: paths.accountPath }));
  router.use(reconfirmation.routes());

  const page = accountPage({
    db,
    options,
    views,
    csrf,
    access,
    consents,
    wordings,
    subjects,
    reconfirmation,
    rectification,
    requests,
    rights,
    subjectOf,
    ...at,
  });
  router.use(page.router);
  router.use(accountActions({ options, views, csrf, page, rights, rectification, subjectOf, newsletter, limited, ...at }));
  router.use(erasureRoutes({ options, views, csrf, erasure, cookie, subjectOf, ...at }));
  router.use(guestRequestRoutes({ db, tables, options, views, csrf, guests, subjectOf, ...at }));

  // Everything under /staff: a 404 for anyone the host's isStaff(req) does not vouch for.
  const staff = Router();
  staff.use(staffOnly(options, views));
  staff.use(requestQueueRoutes({ locales: options.policy.locales, clock: options.clock, views, csrf, requests, audit, ...at }));
  staff.use(subjectLookupRoutes({ db, options, views, sources, subjects, consents, followUps: parts.followUps, requests, audit, ...at }));
  staff.use(recordsRoutes({ options, views, noticePath: policy.premisesNotice() ? paths.noticePath : null, ...at }));
  router.use('/staff', staff);

  router.use(errorPage(views, options.logger, (req, res) => res.locals.privacyLocale ?? requestLocale(req, res, options.policy.locales, options.locale)));
  // Every async page above reaches the error page on Express 4 as on Express 5.
  return forwardRejections(router);
}
