import express, { Router } from 'express';
import type { Locale } from '../options/locales.js';
import { newsletterRoutes } from '../newsletter/routes.js';
import type { NewsletterService } from '../newsletter/service.js';
import { policyRoutes } from '../policy/routes.js';
import type { PolicyService } from '../policy/service.js';
import { errorPage } from './errors.js';
import { requestLocale } from './locale.js';
import { securityHeaders } from './security.js';
import { moduleViewsDir, type Views } from './views.js';

export interface RouterParts {
  locales: readonly Locale[];
  views: Views;
  policy: PolicyService;
  newsletter: NewsletterService;
  controllerEmail: string;
}

/** The module's pages, with its own security headers, locale and error page. */
export function createRouter({ locales, views, policy, newsletter, controllerEmail }: RouterParts): Router {
  const router = Router();
  router.use(...securityHeaders());
  router.use(function privacyLocale(req, res, next) {
    res.locals.privacyLocale = requestLocale(req, res, locales);
    next();
  });
  router.use('/assets', express.static(`${moduleViewsDir}/assets`, { maxAge: '1h' }));
  router.use(policyRoutes(policy, views, locales));
  router.use(newsletterRoutes(newsletter, views, controllerEmail));
  router.use(errorPage(views, (req, res) => (res.locals.privacyLocale as Locale | undefined) ?? requestLocale(req, res, locales)));
  return router;
}
