import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { translate, type MessageKey } from '../i18n/index.js';
import type { Locale } from '../options/locales.js';
import type { CurrentCustomer, ResolvedOptions } from '../options/schema.js';
import type { Csrf } from '../http/csrf.js';
import { safeReturnPath } from '../http/return-path.js';
import { withLang, pageLocale } from '../http/locale.js';
import type { Views } from '../http/views.js';
import { newVisitorId, type CookieCategory, type CookieChoice } from './choice.js';
import type { ConsentCookie } from './middleware.js';
import { formBody } from '../http/form-body.js';
import type { CookieService } from './service.js';
import { cookiesToClear, cookieTables } from './declaration.js';

const choiceForm = z.object({
  choice: z.enum(['accept', 'reject', 'save']),
  analytics: z.literal('yes').optional(),
  marketing: z.literal('yes').optional(),
  return_to: z.string().optional(),
  _csrf: z.string().optional(),
});

interface Deps {
  options: Pick<ResolvedOptions, 'clock' | 'currentCustomer' | 'defaultLocale' | 'policy'>;
  views: Views;
  csrf: Csrf;
  cookie: ConsentCookie;
  cookies: CookieService;
  cookiesPath: string;
  accountPath: string;
}

/** The preference centre (GET /cookies) and the one endpoint every cookie choice is posted to. */
export function cookieRoutes({ options, views, csrf, cookie, cookies, cookiesPath, accountPath }: Deps): Router {
  const router = Router();
  const tablesIn = new Map(options.policy.locales.map((locale) => [locale, cookieTables(cookies.declaration, cookies.categories, locale)]));

  router.get('/cookies', async function preferenceCentre(req, res) {
    const locale = pageLocale(res);
    const { choice } = cookie.read(req);
    const gpc = req.get('sec-gpc') === '1';
    const tables = tablesIn.get(locale) ?? cookieTables(cookies.declaration, cookies.categories, locale);
    // These are the browser's choices; a logged-in shopper's account consents are set on their own page.
    const customer = (await options.currentCustomer(req)) as CurrentCustomer | null;
    views.send(res, 'cookies', {
      accountUrl: customer ? withLang(accountPath, locale, options.policy.locales) : null,
      title: translate(locale, 'cookies.title'),
      csrfToken: csrf.token(req, res),
      actionUrl: withLang(cookiesPath, locale, options.policy.locales),
      returnTo: req.query.return_to === undefined ? cookiesPath : safeReturnPath(req.query.return_to),
      saved: req.query.saved === '1',
      answered: choice !== null,
      // Each category with the table of its cookies: what the visitor agrees to, cookie by cookie.
      necessary: tables[0],
      categories: cookies.categories.map((id, i) => ({
        id,
        title: translate(locale, `cookies.${id}.title` as MessageKey),
        text: translate(locale, `cookies.${id}.text` as MessageKey),
        granted: choice?.[id] === true,
        locked: id === 'marketing' && gpc,
        table: tables[i + 1],
      })),
    });
  });

  router.post('/cookies', formBody({ limit: '4kb' }), csrf.protect, async function saveChoice(req: Request, res: Response) {
    const locale = pageLocale(res);
    const form = choiceForm.safeParse(req.body);
    if (!form.success) {
      views.send(res, 'error', { title: translate(locale, 'error.badRequest.title'), message: translate(locale, 'error.badRequest.text') }, 400);
      return;
    }
    const { choice: action, analytics, marketing } = form.data;
    const gpc = req.get('sec-gpc') === '1';
    const { choice: current, stale } = cookie.read(req);
    const wants = (category: CookieCategory, ticked: boolean) =>
      category === 'marketing' && gpc ? false : action === 'accept' ? true : action === 'reject' ? false : ticked;
    const next: CookieChoice = {
      visitorId: current?.visitorId ?? stale?.visitorId ?? newVisitorId(),
      analytics: cookies.categories.includes('analytics') ? wants('analytics', analytics === 'yes') : null,
      marketing: cookies.categories.includes('marketing') ? wants('marketing', marketing === 'yes') : null,
      policyVersion: options.policy.version,
      madeAt: Math.floor(options.clock().getTime() / 1000),
      gpc: gpc || Boolean(current?.gpc),
    };
    const customer = (await options.currentCustomer(req)) as CurrentCustomer | null;
    // Under GPC marketing was recorded as refused already; record only what the visitor answered.
    const answered = cookies.categories.filter((category) => !(category === 'marketing' && gpc));
    await cookies.record({ choice: next, previous: current ?? stale, categories: answered, source: 'banner', locale, req, customer });
    cookie.write(req, res, next);
    // A refusal or withdrawal also removes the shop's cookies of that category this browser still has.
    const refused = cookies.categories.filter((category) => next[category] !== true);
    for (const name of cookiesToClear(cookies.declaration, req.headers.cookie, refused)) res.clearCookie(name, { path: '/' });
    if (req.accepts(['html', 'json']) === 'json') {
      res.json({ analytics: next.analytics === true, marketing: next.marketing === true });
      return;
    }
    const back = safeReturnPath(form.data.return_to);
    res.redirect(
      303,
      back === cookiesPath || back.startsWith(`${cookiesPath}?`) ? `${cookiesPath}?saved=1${locale === options.defaultLocale ? '' : `&lang=${locale}`}` : back,
    );
  });

  return router;
}

/** The banner's HTML for one response: it carries this response's CSRF token, return path and nonce. */
export function bannerRenderer({
  views,
  csrf,
  cookiesPath,
  scriptUrl,
  policyUrl,
  defaultLocale,
}: {
  views: Views;
  csrf: Csrf;
  cookiesPath: string;
  scriptUrl: string;
  policyUrl(locale: Locale): string;
  defaultLocale: Locale;
}) {
  return (req: Request, res: Response, locale: Locale, gpc: boolean, reconfirm: string): string => {
    const returnTo = safeReturnPath(req.originalUrl);
    const settings = new URLSearchParams({ return_to: returnTo, ...(locale === defaultLocale ? {} : { lang: locale }) });
    return views.fragment('banner', {
      locale,
      gpc,
      reconfirm,
      csrfToken: csrf.token(req, res),
      returnTo,
      actionUrl: withLang(cookiesPath, locale, [defaultLocale]),
      settingsUrl: `${cookiesPath}?${settings}`,
      declarationUrl: `${cookiesPath}?${settings}#privacy-cookie-list`,
      policyUrl: policyUrl(locale),
      scriptUrl,
      nonce: res.locals.cspNonce,
    });
  };
}
