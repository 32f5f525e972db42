import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { translate, type MessageKey } from '../i18n/index.js';
import type { Locale } from '../options/locales.js';
import type { Csrf } from '../http/csrf.js';
import { formBody } from '../http/form-body.js';
import { pageLocale, withLang } from '../http/locale.js';
import type { Views } from '../http/views.js';
import { tokenPattern } from '../tokens/repository.js';
import type { LinkState, NewsletterService, TokenOutcome } from './service.js';

const tokenQuery = z.object({ token: z.string().regex(tokenPattern) });
const tokenForm = z.object({ token: z.string().regex(tokenPattern), _csrf: z.string().optional() });

interface Deps {
  newsletter: NewsletterService;
  views: Views;
  csrf: Csrf;
  controllerEmail: string;
  locales: readonly Locale[];
}

/**
 * The links in the module's e-mails: confirm a subscription, unsubscribe. Mail scanners open
 * every link (HEAD or GET) before the person does, so opening one only shows a button; the
 * button's POST, CSRF-protected, spends the token. The RFC 8058 one-click POST is the exception.
 */
export function newsletterRoutes({ newsletter, views, csrf, controllerEmail, locales }: Deps): Router {
  const router = Router();

  function show(res: Response, outcome: TokenOutcome | LinkState, success: { title: MessageKey; text: MessageKey }): void {
    const locale: Locale = outcome.locale ?? pageLocale(res);
    const title = outcome.ok ? success.title : (`token.${outcome.problem}.title` as MessageKey);
    const text = outcome.ok
      ? translate(locale, success.text, { email: outcome.email })
      : translate(locale, `token.${outcome.problem}.text` as MessageKey, { email: controllerEmail });
    views.send(res, 'message', { locale, title: translate(locale, title), message: text }, outcome.ok ? 200 : outcome.problem === 'unknown' ? 404 : 410);
  }

  /** The page a link opens: what pressing its button will do, the token in a hidden field. */
  function buttonPage(req: Request, res: Response, state: LinkState & { ok: true }, token: string, action: string, page: 'confirm' | 'unsubscribe'): void {
    const locale = state.locale;
    views.send(res, 'link-confirm', {
      locale,
      title: translate(locale, `newsletter.${page}.title`),
      text: translate(locale, `newsletter.${page}.text`, { email: state.email }),
      submit: translate(locale, `newsletter.${page}.submit`),
      csrfToken: csrf.token(req, res),
      actionUrl: withLang(`${req.baseUrl}${action}`, locale, locales),
      token,
    });
  }

  const unknown = (res: Response): TokenOutcome => ({ ok: false, problem: 'unknown', locale: pageLocale(res) });
  const form = formBody({ limit: '2kb', parameterLimit: 5 });

  router.get('/newsletter/confirm', async function confirmPage(req, res) {
    const query = tokenQuery.safeParse(req.query);
    if (!query.success) return show(res, unknown(res), { title: 'newsletter.confirmed.title', text: 'newsletter.confirmed.text' });
    const state = await newsletter.check('newsletter_confirm', query.data.token);
    if (!state.ok) return show(res, state, { title: 'newsletter.confirmed.title', text: 'newsletter.confirmed.text' });
    buttonPage(req, res, state, query.data.token, '/newsletter/confirm', 'confirm');
  });

  router.post('/newsletter/confirm', form, csrf.protect, async function confirmSubscription(req, res) {
    const body = tokenForm.safeParse(req.body);
    const outcome = body.success ? await newsletter.confirm(body.data.token, req) : unknown(res);
    // A consent given while processing is restricted is kept, and waits: the page says so.
    show(res, outcome, {
      title: 'newsletter.confirmed.title',
      text: outcome.ok && outcome.restricted ? 'newsletter.confirmed.restricted' : 'newsletter.confirmed.text',
    });
  });

  const unsubscribed = { title: 'newsletter.unsubscribed.title', text: 'newsletter.unsubscribed.text' } as const;

  router.get('/newsletter/unsubscribe', async function unsubscribePage(req, res) {
    const query = tokenQuery.safeParse(req.query);
    if (!query.success) return show(res, unknown(res), unsubscribed);
    const state = await newsletter.check('unsubscribe', query.data.token);
    // A link already followed: the address is unsubscribed, and the page says so without a button.
    if (!state.ok || state.used) return show(res, state, unsubscribed);
    buttonPage(req, res, state, query.data.token, '/newsletter/unsubscribe', 'unsubscribe');
  });

  /**
   * RFC 8058 one-click unsubscribe, posted by the mail client itself with the token in the URL
   * (the List-Unsubscribe address). That single-use token is the proof; a CSRF token cannot
   * exist here, and a forged post cannot guess one. The page's button posts the token in its body.
   */
  router.post('/newsletter/unsubscribe', async function oneClickUnsubscribe(req, res, next) {
    if (req.query.token === undefined) return next();
    const query = tokenQuery.safeParse(req.query);
    const outcome = query.success ? await newsletter.unsubscribe(query.data.token, req) : unknown(res);
    res
      .status(outcome.ok ? 200 : 400)
      .type('text')
      .send(outcome.ok ? 'unsubscribed' : 'invalid link');
  });

  router.post('/newsletter/unsubscribe', form, csrf.protect, async function unsubscribe(req, res) {
    const body = tokenForm.safeParse(req.body);
    const outcome = body.success ? await newsletter.unsubscribe(body.data.token, req) : unknown(res);
    show(res, outcome, unsubscribed);
  });

  return router;
}
