import type { RequestHandler } from 'express';
import type { Locale } from '../options/locales.js';
import { requestLocale } from './locale.js';

export interface PrivacyLocals {
  /** The shopper's language as the module resolved it. */
  locale: Locale;
  /** Link to the privacy policy in that language, for the host's footer. */
  policyUrl: string;
}

/**
 * The middleware the host mounts on every page: it resolves the shopper's language and puts
 * `res.locals.privacy` where the host's templates can reach it. No database work.
 */
export function createMiddleware({ locales, policyUrl }: { locales: readonly Locale[]; policyUrl: (locale: Locale) => string }): RequestHandler {
  const policyUrls = new Map(locales.map((locale) => [locale, policyUrl(locale)]));
  return function privacyMiddleware(req, res, next) {
    const locale = requestLocale(req, res, locales);
    const privacy: PrivacyLocals = { locale, policyUrl: policyUrls.get(locale) ?? policyUrl(locale) };
    res.locals.privacy = privacy;
    next();
  };
}
