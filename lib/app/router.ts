import express, { Router } from 'express';
import type { Reconfirmation } from '../consent/reconfirm.js';
import { cookieRoutes } from '../cookies/cookie-pages.js';
import type { ConsentCookie } from '../cookies/middleware.js';
import type { CookieService } from '../cookies/service.js';
import type { Locale } from '../options/locales.js';
import type { ResolvedOptions } from '../options/schema.js';
import type { Csrf } from '../http/csrf.js';
import { newsletterRoutes } from '../newsletter/newsletter-pages.js';
import type { NewsletterService } from '../newsletter/service.js';
import { policyRoutes } from '../policy/policy-pages.js';
import type { PolicyService } from '../policy/service.js';
import { errorPage } from '../http/error-page.js';
import { requestLocale } from '../http/locale.js';
import { securityHeaders } from '../http/security.js';
import { moduleViewsDir, type Views } from '../http/views.js';

export interface RouterParts {
  options: ResolvedOptions;
  views: Views;
  policy: PolicyService;
  newsletter: NewsletterService;
  csrf: Csrf;
  cookie: ConsentCookie;
  cookies: CookieService;
  cookiesPath: string;
  accountPath: string;
  reconfirmation: Reconfirmation;
  /** The shopper's account page, downloads and erasure. */
  account: Router[];
  /** The staff pages, mounted at `/staff` behind the host's `isStaff(req)`. */
  staff: Router;
}

/** The module's pages, with its own security headers, locale and error page. */
export function createRouter({ options, views, policy, newsletter, csrf, cookie, cookies, cookiesPath, accountPath, reconfirmation, account, staff }: RouterParts): Router {
  const locales = options.policy.locales;
  const router = Router();
  router.use(...securityHeaders());
  router.use(function privacyLocale(req, res, next) {
    res.locals.privacyLocale = requestLocale(req, res, locales, options.locale);
    next();
  });
  router.use('/assets', express.static(`${moduleViewsDir}/assets`, { maxAge: '1h' }));
  router.use(policyRoutes(policy, views, locales));
  router.use(newsletterRoutes(newsletter, views, options.controller.email));
  router.use(cookieRoutes({ options, views, csrf, cookie, cookies, cookiesPath, accountPath }));
  router.use(reconfirmation.routes());
  router.use(...account);
  router.use('/staff', staff);
  router.use(errorPage(views, options.logger, (req, res) => (res.locals.privacyLocale as Locale | undefined) ?? requestLocale(req, res, locales, options.locale)));
  return router;
}
