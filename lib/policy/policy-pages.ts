import { Router } from 'express';
import { translate } from '../i18n/index.js';
import type { Locale } from '../options/locales.js';
import { pageLocale } from '../http/locale.js';
import type { Views } from '../http/views.js';
import type { PolicyService } from './service.js';

/** GET /policy: the privacy policy in the shopper's language, from the text rendered at start. */
export function policyRoutes(policy: PolicyService, views: Views, locales: readonly Locale[]): Router {
  const router = Router();
  router.get('/policy', function showPolicy(_req, res) {
    const locale = pageLocale(res);
    const published = policy.published(locale);
    views.send(res, 'policy-page', {
      title: translate(locale, 'policy.title'),
      policyText: published.text,
      languages: locales.map((code) => ({ code, current: code === locale })),
    });
  });
  // A sign to print and put up at the entrance of premises under video surveillance (EDPB 3/2019 §7).
  const notice = policy.premisesNotice();
  if (notice) {
    router.get('/premises-notice', function showPremisesNotice(_req, res) {
      res.type('html').send(notice);
    });
  }
  return router;
}
