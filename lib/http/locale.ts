import type { Request, Response } from 'express';
import { readCookie } from './cookies.js';
import { isLocale, type Locale } from '../options/locales.js';

/**
 * The language cookie: it remembers a language the shopper picked from a language switcher, whose
 * links carry `pick=1` (`?lang=en&pick=1`). A link that only keeps the page's language (`?lang=en`,
 * as every link of the module's does) sets nothing: a cookie nobody asked for would need consent.
 */
export const languageCookie = { name: 'lang', maxAgeDays: 365, pickParam: 'pick' } as const;

/** The language the shopper just picked from a switcher, or null if this request is no such pick. */
export function pickedLocale(req: Request, locales: readonly Locale[]): Locale | null {
  const lang = req.query.lang;
  return req.query[languageCookie.pickParam] === '1' && isLocale(lang) && locales.includes(lang) ? lang : null;
}

/** The host's own answer, the `locale` option: e.g. the language saved in the customer's profile. */
export type HostLocale = (req: Request, res: Response) => unknown;

/**
 * The shopper's language: the host's first (the shop knows best): its `locale` option, then
 * `res.locals.locale`; then `?lang=`, then the language cookie, then Accept-Language, then the
 * policy's first language.
 */
export function requestLocale(req: Request, res: Response, locales: readonly Locale[], hostLocale?: HostLocale): Locale {
  const fromOption = hostLocale?.(req, res);
  if (isLocale(fromOption) && locales.includes(fromOption)) return fromOption;
  const fromHost = res.locals.locale;
  if (isLocale(fromHost) && locales.includes(fromHost)) return fromHost;
  const fromQuery = req.query.lang;
  if (isLocale(fromQuery) && locales.includes(fromQuery)) return fromQuery;
  const fromCookie = readCookie(req.headers.cookie, languageCookie.name);
  if (isLocale(fromCookie) && locales.includes(fromCookie)) return fromCookie;
  if (req.headers['accept-language']) {
    const accepted = req.acceptsLanguages(...locales);
    if (isLocale(accepted)) return accepted;
  }
  return locales[0] ?? 'lv';
}

/**
 * The language of one of the module's pages, which its router settles for every request before
 * a page runs (`res.locals.privacyLocale`). A page reached another way is a wiring mistake: said at once.
 */
export function pageLocale(res: Response): Locale {
  const locale = res.locals.privacyLocale;
  if (locale === undefined) throw new TypeError('express-shop-privacy: a page of the module was reached without privacy.router(), which settles its language');
  return locale;
}

/**
 * A link that keeps the shopper's language: `?lang=` is added unless it is the shop's first
 * language, so links and redirects stay in the language the page was in. A `#part` stays last.
 */
export function withLang(path: string, locale: Locale, locales: readonly Locale[]): string {
  if (locale === (locales[0] ?? 'lv')) return path;
  const [base, hash] = path.split('#') as [string, string | undefined];
  return `${base}${base.includes('?') ? '&' : '?'}lang=${locale}${hash === undefined ? '' : `#${hash}`}`;
}
