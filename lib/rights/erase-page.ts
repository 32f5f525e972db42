import { Router, type Request, type Response } from 'express';
import { translate } from '../i18n/index.js';
import type { ResolvedOptions } from '../options/schema.js';
import type { Csrf } from '../http/csrf.js';
import type { Views } from '../http/views.js';
import { withLang, pageLocale } from '../http/locale.js';
import type { SubjectOf } from './current-subject.js';
import { guestSessionCookie } from '../requests/guest-session.js';
import type { Erasure } from './erase.js';
import { formBody } from '../http/form-body.js';
import { describeErasure } from './erasure-report.js';
import type { ConsentCookie } from '../cookies/middleware.js';

interface Deps {
  options: Pick<ResolvedOptions, 'clock' | 'controller' | 'policy'>;
  views: Views;
  csrf: Csrf;
  erasure: Erasure;
  cookie: ConsentCookie;
  subjectOf: SubjectOf;
  accountPath: string;
  requestPath: string;
  /** Where the guest session cookie lives, to clear it. */
  cookiePath: string;
}

/** "Erase my account": a confirmation step that shows what will happen, then the deed, its report, and the end of the session. */
export function erasureRoutes({ options, views, csrf, erasure, cookie, subjectOf, accountPath, requestPath, cookiePath }: Deps): Router {
  const guestSession = guestSessionCookie(cookiePath);
  const router = Router();

  async function confirmation(req: Request, res: Response, status: number, error?: string) {
    const locale = pageLocale(res);
    const subject = await subjectOf(req);
    if (!subject) {
      // A guest erases through the link the request page e-mails, with erasure already chosen.
      const guestPage = withLang(`${requestPath}?type=erasure`, locale, options.policy.locales);
      views.send(
        res,
        'message',
        {
          title: translate(locale, 'account.loginNeeded.title'),
          message: translate(locale, 'account.loginNeeded.text', { email: options.controller.email }),
          link: { url: guestPage, label: translate(locale, 'request.forGuests') },
        },
        401,
      );
      return;
    }
    views.send(
      res,
      'erase-confirm',
      {
        title: translate(locale, 'erase.confirm.title'),
        lines: describeErasure(await erasure.preview(subject, locale), locale),
        error,
        csrfToken: csrf.token(req, res),
        actionUrl: withLang(`${accountPath}/erase`, locale, options.policy.locales),
        backUrl: withLang(accountPath, locale, options.policy.locales),
      },
      status,
    );
  }

  router.get('/account/erase', (req, res) => confirmation(req, res, 200));

  router.post('/account/erase', formBody({ limit: '4kb' }), csrf.protect, async function eraseAccount(req, res) {
    const locale = pageLocale(res);
    if ((req.body as { confirm?: unknown })?.confirm !== 'yes') return confirmation(req, res, 422, translate(locale, 'erase.confirm.required'));
    const subject = await subjectOf(req);
    if (!subject) return confirmation(req, res, 401);
    const { choice, stale } = cookie.read(req);
    const report = await erasure.erase(subject, locale, subject.context, {
      visitorId: (choice ?? stale)?.visitorId ?? null,
      report: { to: subject.email, locale },
    });
    const lines = describeErasure(report, locale);
    await endSession(req);
    if (subject.guestToken) guestSession.clear(res);
    views.send(res, 'erased', { title: translate(locale, 'erase.done.title'), intro: translate(locale, 'erase.done.text', { email: subject.email }), lines });
  });

  return router;
}

/** The erased shopper is logged out: an express-session is destroyed; other hosts end theirs on `subject.erased`. */
async function endSession(req: Request): Promise<void> {
  const session = (req as Request & { session?: { destroy?: (done: (err?: unknown) => void) => void } }).session;
  const destroy = session?.destroy?.bind(session);
  if (!destroy) return;
  await new Promise<void>((resolve, reject) => destroy((err) => (err ? reject(err) : resolve())));
}
