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
export function createMiddleware({ locales, mountPath }: { locales: readonly Locale[]; mountPath: string }): RequestHandler {
  const defaultLocale = locales[0];
  const policyPath = `${mountPath.replace(/\/$/, '')}/policy`;
  const policyUrls = new Map(locales.map((locale) => [locale, locale === defaultLocale ? policyPath : `${policyPath}?lang=${locale}`]));
  return function privacyMiddleware(req, res, next) {
    const locale = requestLocale(req, res, locales);
    const privacy: PrivacyLocals = { locale, policyUrl: policyUrls.get(locale) ?? policyPath };
    res.locals.privacy = privacy;
    next();
  };
}
