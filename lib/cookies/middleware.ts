import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { languageCookie, pickedLocale, requestLocale, withLang } from '../http/locale.js';
import { nextNonce } from '../http/nonce.js';
import { safeReturnPath } from '../http/return-path.js';
import type { Locale } from '../options/locales.js';
import type { ResolvedOptions } from '../options/schema.js';
import type { CurrentCustomer } from '../options/schema.js';
import { readCookie } from '../http/cookies.js';
import { cookieCategories, decodeChoice, encodeChoice, newVisitorId, type CookieCategory, type CookieChoice } from './choice.js';
import type { CookieService } from './service.js';
import { cookiesToClear } from './declaration.js';
import { verifiedCookies } from './verified-cache.js';

/** The options the consent cookie and the per-page middleware read. */
type CookieOptions = Pick<ResolvedOptions, 'clock' | 'cookies' | 'currentCustomer' | 'locale' | 'policy' | 'secret'>;

export interface PrivacyLocals {
  /** The shopper's language as the module resolved it. */
  locale: Locale;
  /** Link to the privacy policy in that language, for the host's footer. */
  policyUrl: string;
  /** Link to the cookie preference centre, for every page's footer. */
  cookiesUrl: string;
  /** Link to the page where anyone, a guest too, uses their rights by an e-mailed link, for the footer. */
  requestUrl: string;
  /** Whether scripts of a cookie category may run: `necessary` always; the others only with consent. */
  allows(category: CookieCategory | 'necessary'): boolean;
  /** The cookie banner's HTML while a choice is due, else ''. Render it unescaped. */
  banner: string;
  /** The module's stylesheet (banner and pages), for the host's <head>. */
  stylesheetUrl: string;
  /** The CSP nonce of this response, for the host's own inline scripts. */
  nonce: string;
  /** The browser sent Sec-GPC: 1. */
  gpc: boolean;
}

export interface ConsentCookie {
  read(req: Request): { choice: CookieChoice | null; stale: CookieChoice | null };
  write(req: Request, res: Response, choice: CookieChoice): void;
}

/** Reads and writes the one consent cookie: signed, HttpOnly, SameSite=Lax, Secure over HTTPS. */
export function consentCookie(options: CookieOptions): ConsentCookie {
  const { name, reaskAfterDays, verifiedCacheSize } = options.cookies;
  // A cache only, so nothing to share between instances.
  const verified = verifiedCookies(verifiedCacheSize);
  const maxAgeMs = reaskAfterDays * 24 * 60 * 60 * 1000;
  return {
    read(req) {
      const raw = readCookie(req.headers.cookie, name);
      // A visitor sends the same cookie page after page: its signature is checked once, then remembered.
      let decoded = raw === undefined ? null : verified.get(raw);
      if (decoded === undefined) {
        decoded = decodeChoice(raw, options.secret);
        if (raw !== undefined && decoded) verified.remember(raw, decoded);
      }
      // A choice made under another policy version, or too long ago, is asked again.
      const current = decoded && decoded.policyVersion === options.policy.version && options.clock().getTime() - decoded.madeAt * 1000 < maxAgeMs;
      return { choice: current ? decoded : null, stale: current ? null : decoded };
    },
    write(req, res, choice) {
      res.cookie(name, encodeChoice(choice, options.secret), { httpOnly: true, sameSite: 'lax', secure: req.secure, maxAge: maxAgeMs, path: '/' });
    },
  };
}

interface Limits {
  restricted: boolean;
  objected: boolean;
}
const none: Limits = { restricted: false, objected: false };

interface Deps {
  options: CookieOptions;
  cookie: ConsentCookie;
  cookies: CookieService;
  policyUrl(locale: Locale): string;
  cookiesPath: string;
  requestPath: string;
  /** The privacy account page, which shows the re-consent prompt itself. */
  accountPath: string;
  stylesheetUrl: string;
  renderBanner(req: Request, res: Response, locale: Locale, gpc: boolean, reconfirm: string): string;
  /** Consents a logged-in shopper gave under an older policy, asked again inside the banner. */
  reconfirmPrompt(req: Request, res: Response, locale: Locale): Promise<string>;
  /** Whether a GPC signal from a browser without a consent cookie may still be written (see gpc-limit.ts). */
  mayRecordGpc(req: Request, res: Response): Promise<boolean>;
}

/**
 * The per-page middleware. A visitor who has chosen costs one cookie read and no database
 * query; only a first Global Privacy Control signal is written to the ledger, once.
 */
export function createConsentMiddleware({
  options,
  cookie,
  cookies,
  policyUrl,
  cookiesPath,
  requestPath,
  accountPath,
  stylesheetUrl,
  renderBanner,
  reconfirmPrompt,
  mayRecordGpc,
}: Deps): RequestHandler {
  const locales = options.policy.locales;
  const policyUrls = new Map(locales.map((locale) => [locale, policyUrl(locale)]));
  /**
   * Synchronous unless there is something to wait for (a first GPC signal to record, a banner
   * with a re-confirmation prompt): an async middleware costs every page a promise and a tick.
   */
  return function privacyMiddleware(req, res, next) {
    if (rememberPickedLanguage(req, res)) return;
    // First: the banner's own script tag carries it.
    res.locals.cspNonce ??= nextNonce();
    const locale = requestLocale(req, res, locales, options.locale);
    const gpc = req.get('sec-gpc') === '1';
    const { choice, stale } = cookie.read(req);
    if (gpc && !(choice?.gpc && choice.marketing === false)) {
      recordGpc(req, res, locale, choice, stale).then((recorded) => decide(req, res, next, locale, gpc, recorded), next);
      return;
    }
    decide(req, res, next, locale, gpc, choice);
  };

  /**
   * A language picked from a switcher (`?lang=en&pick=1`) is remembered in the language cookie,
   * a necessary one the shopper asked for; the page then loads again without `pick`, so a link
   * copied from the address bar sets nothing for whoever opens it.
   */
  function rememberPickedLanguage(req: Request, res: Response): boolean {
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    const picked = pickedLocale(req, locales);
    if (!picked) return false;
    res.cookie(languageCookie.name, picked, {
      httpOnly: true,
      sameSite: 'lax',
      secure: req.secure,
      maxAge: languageCookie.maxAgeDays * 24 * 60 * 60 * 1000,
      path: '/',
    });
    const [path, query = ''] = req.originalUrl.split('?') as [string, string | undefined];
    const params = new URLSearchParams(query);
    params.delete(languageCookie.pickParam);
    res.redirect(303, safeReturnPath(`${path}${params.size > 0 ? `?${params}` : ''}`));
    return true;
  }

  function decide(req: Request, res: Response, next: NextFunction, locale: Locale, gpc: boolean, choice: CookieChoice | null): void {
    const answered = cookieCategories.every((category) => !cookies.categories.includes(category) || (choice !== null && choice[category] !== null));
    const onPreferencePage = req.path === cookiesPath || req.originalUrl.split('?')[0] === cookiesPath;
    // A browser that allowed a tag may belong to a customer whose record forbids it (restriction,
    // an objection): one look at their record, only for a logged-in shopper who allowed something.
    const permissive = choice !== null && cookieCategories.some((category) => choice[category] === true);
    const limited = permissive ? accountLimits(req) : none;
    // Only while a choice is due (a first visit, or a policy change) may the banner cost a query.
    if (answered || onPreferencePage) {
      if (!(limited instanceof Promise)) return finish(res, next, locale, gpc, choice, '', limited);
      limited.then((limits) => finish(res, next, locale, gpc, choice, '', limits), next);
      return;
    }
    // The account page asks about each consent in its own body: the banner does not ask twice.
    const prompt = req.originalUrl.split('?')[0] === accountPath ? Promise.resolve('') : reconfirmPrompt(req, res, locale);
    Promise.all([prompt, limited]).then(
      ([prompt, limits]) => finish(res, next, locale, gpc, choice, renderBanner(req, res, locale, gpc, prompt), limits),
      next,
    );
  }

  /** What the logged-in customer's own record forbids; nothing for a visitor who is not. */
  function accountLimits(req: Request): Limits | Promise<Limits> {
    const customer = options.currentCustomer(req) as CurrentCustomer | null | Promise<CurrentCustomer | null>;
    const of = (c: CurrentCustomer | null) => (c ? cookies.limitsOf(String(c.id)) : none);
    return customer instanceof Promise ? customer.then(of) : of(customer);
  }

  function finish(res: Response, next: NextFunction, locale: Locale, gpc: boolean, choice: CookieChoice | null, banner: string, limits: Limits): void {
    const nonce = (res.locals.cspNonce ??= nextNonce());
    const locals: PrivacyLocals = {
      locale,
      policyUrl: policyUrls.get(locale) ?? policyUrl(locale),
      cookiesUrl: withLang(cookiesPath, locale, locales),
      requestUrl: withLang(requestPath, locale, locales),
      allows: (category) =>
        category === 'necessary' || (!limits.restricted && !(category === 'marketing' && (gpc || limits.objected)) && choice?.[category] === true),
      banner,
      stylesheetUrl,
      nonce,
      gpc,
    };
    res.locals.privacy = locals;
    next();
  }

  /** GPC is an objection to marketing (GDPR Art. 21(5)): refuse it without asking, and say so once in the ledger. */
  async function recordGpc(req: Request, res: Response, locale: Locale, choice: CookieChoice | null, stale: CookieChoice | null): Promise<CookieChoice> {
    const previous = choice ?? stale;
    const next: CookieChoice = {
      visitorId: previous?.visitorId ?? newVisitorId(),
      analytics: choice?.analytics ?? null,
      marketing: false,
      policyVersion: options.policy.version,
      madeAt: choice?.madeAt ?? Math.floor(options.clock().getTime() / 1000),
      gpc: true,
    };
    const customer = (await options.currentCustomer(req)) as CurrentCustomer | null;
    if (previous || customer || (await mayRecordGpc(req, res))) {
      await cookies.record({ choice: next, previous: choice, categories: ['marketing'], source: 'gpc', locale, req, customer });
    }
    cookie.write(req, res, next);
    // As a withdrawal does: the shop's own marketing cookies this browser still has go.
    for (const name of cookiesToClear(cookies.declaration, req.headers.cookie, ['marketing'])) res.clearCookie(name, { path: '/' });
    return next;
  }
}
