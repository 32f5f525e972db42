import { Router, type Request, type Response } from 'express';
import type { Knex } from 'knex';
import { rateLimit } from 'express-rate-limit';
import { z } from 'zod';
import { translate } from '../i18n/index.js';
import type { Locale } from '../options/locales.js';
import type { CurrentCustomer, ResolvedOptions } from '../options/schema.js';
import type { Csrf } from '../http/csrf.js';
import { DatabaseRateLimitStore } from '../http/rate-limit-store.js';
import type { Views } from '../http/views.js';
import { withLang as localePath, pageLocale } from '../http/locale.js';
import type { SubjectOf } from '../rights/current-subject.js';
import { guestSessionCookie } from './guest-session.js';
import { emailErrorKey, normaliseEmail } from '../subjects/email.js';
import { tokenPattern } from '../tokens/repository.js';
import type { TableNames } from '../store/tables.js';
import { guestSessionTtlMs, type GuestRequests } from './guest.js';
import { formBody } from '../http/form-body.js';
import { requestTypes, type RequestType } from './types.js';

interface Deps {
  db: Knex;
  tables: TableNames;
  options: Pick<ResolvedOptions, 'controller' | 'currentCustomer' | 'policy' | 'secret'>;
  views: Views;
  csrf: Csrf;
  guests: GuestRequests;
  subjectOf: SubjectOf;
  requestPath: string;
  accountPath: string;
  cookiePath: string;
}

/** Where a verified guest lands for each right: the account page, at the part that does it. */
const landing: Record<RequestType, string> = {
  access: '',
  rectification: '#rectify',
  erasure: '/erase',
  restriction: '#restrict',
  objection: '#object',
  withdrawal: '#consents',
};

const hour = 60 * 60 * 1000;

/**
 * The request page for shoppers without an account: pick a right, give the e-mail used for
 * orders, follow the link mailed to it. Rate-limited per address and per IP in the shared
 * database, and the answer never says whether the address is known.
 */
export function guestRequestRoutes({ db, tables, options, views, csrf, guests, subjectOf, requestPath, accountPath, cookiePath }: Deps): Router {
  const guestSession = guestSessionCookie(cookiePath);
  const router = Router();
  const withLang = (path: string, locale: Locale) => localePath(path, locale, options.policy.locales);
  const limited = (_req: Request, res: Response) => {
    const locale = pageLocale(res);
    views.send(
      res,
      'message',
      { title: translate(locale, 'request.limited.title'), message: translate(locale, 'request.limited.text', { email: options.controller.email }) },
      429,
    );
  };
  const store = (prefix: string) => new DatabaseRateLimitStore(db, tables.rateLimits, options.secret, prefix);
  const perIp = rateLimit({ windowMs: hour, limit: 20, standardHeaders: 'draft-8', legacyHeaders: false, store: store('request-ip'), handler: limited });
  const perAddress = rateLimit({
    windowMs: hour,
    limit: 5,
    standardHeaders: false,
    legacyHeaders: false,
    store: store('request-address'),
    handler: limited,
    // Only a well-formed address counts against itself; anything else is refused by the form anyway.
    skip: (req) => normaliseEmail((req.body as { email?: unknown } | undefined)?.email) === null,
    // skip() has let through only a well-formed address.
    keyGenerator: (req) => normaliseEmail((req.body as { email?: unknown }).email) ?? '',
  });

  async function form(req: Request, res: Response, state: { errors?: Record<string, string>; values?: Record<string, unknown> } = {}, status = 200) {
    const locale = pageLocale(res);
    const chosen = typeof state.values?.type === 'string' ? state.values.type : typeof req.query.type === 'string' ? req.query.type : '';
    views.send(
      res,
      'request',
      {
        title: translate(locale, 'request.title'),
        csrfToken: csrf.token(req, res),
        actionUrl: withLang(requestPath, locale),
        types: requestTypes.map((type) => ({
          type,
          label: translate(locale, `request.type.${type}`),
          hint: translate(locale, `request.hint.${type}`),
          checked: chosen === type,
        })),
        email: typeof state.values?.email === 'string' ? state.values.email : '',
        errors: state.errors ?? {},
        hasErrors: Boolean(state.errors && Object.keys(state.errors).length > 0),
        verified: (await subjectOf(req)) ? withLang(accountPath, locale) : null,
      },
      status,
    );
  }

  router.get('/request', (req, res) => form(req, res));

  const askForm = z.object({ type: z.enum(requestTypes), email: z.string(), _csrf: z.string().optional() });
  router.post('/request', formBody({ limit: '4kb', parameterLimit: 10 }), csrf.protect, perIp, perAddress, async function ask(req, res) {
    const locale = pageLocale(res);
    const parsed = askForm.safeParse(req.body);
    const email = normaliseEmail(parsed.success ? parsed.data.email : undefined);
    if (!parsed.success || !email) {
      const errors: Record<string, string> = {};
      if (!parsed.success && parsed.error.issues.some((i) => i.path[0] === 'type')) errors.type = translate(locale, 'request.invalid.type');
      if (!email) errors.email = translate(locale, emailErrorKey((req.body as { email?: unknown } | undefined)?.email));
      return form(req, res, { errors, values: req.body as Record<string, unknown> }, 422);
    }
    await guests.ask(parsed.data.type, email, locale);
    views.send(res, 'message', {
      title: translate(locale, 'request.sent.title'),
      message: translate(locale, 'request.sent.text', { email, controller: options.controller.email }),
    });
  });

  // A button, not the GET itself, uses the link up: mail scanners that open links must not spend it.
  router.get('/request/verify', function confirmPage(req, res) {
    const locale = pageLocale(res);
    const token = typeof req.query.token === 'string' ? req.query.token : '';
    if (!tokenPattern.test(token)) return tokenProblem(res, locale, 'unknown');
    views.send(res, 'request-verify', {
      title: translate(locale, 'request.verify.title'),
      text: translate(locale, 'request.verify.text', { minutes: guestSessionTtlMs / 60000 }),
      csrfToken: csrf.token(req, res),
      actionUrl: withLang(`${requestPath}/verify`, locale),
      token,
    });
  });

  router.post('/request/verify', formBody({ limit: '2kb', parameterLimit: 5 }), csrf.protect, async function verify(req, res) {
    const locale = pageLocale(res);
    const token = typeof (req.body as { token?: unknown }).token === 'string' ? (req.body as { token: string }).token : '';
    const outcome = await guests.verify(token, (await options.currentCustomer(req)) as CurrentCustomer | null);
    if (!outcome.ok) return tokenProblem(res, locale, outcome.problem);
    guestSession.set(req, res, outcome.session);
    const requestLocale = outcome.request.locale as Locale;
    res.redirect(303, withLang(`${accountPath}${landing[outcome.request.type]}`, requestLocale));
  });

  router.post('/request/end', formBody({ limit: '2kb', parameterLimit: 5 }), csrf.protect, async function end(req, res) {
    const locale = pageLocale(res);
    const subject = await subjectOf(req);
    if (subject?.guestToken) await guests.end(subject.guestToken);
    guestSession.clear(res);
    views.send(res, 'message', {
      title: translate(locale, 'request.ended.title'),
      message: translate(locale, 'request.ended.text'),
      link: { url: withLang(requestPath, locale), label: translate(locale, 'request.again') },
    });
  });

  function tokenProblem(res: Response, locale: Locale, problem: 'unknown' | 'used' | 'expired'): void {
    views.send(
      res,
      'message',
      {
        title: translate(locale, `token.${problem}.title`),
        message: translate(locale, `token.${problem}.text`, { email: options.controller.email }),
        link: { url: withLang(requestPath, locale), label: translate(locale, 'request.again') },
      },
      problem === 'unknown' ? 404 : 410,
    );
  }

  return router;
}
