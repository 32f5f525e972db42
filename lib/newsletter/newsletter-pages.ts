import { Router, type Response } from 'express';
import { z } from 'zod';
import { translate, type MessageKey } from '../i18n/index.js';
import type { Locale } from '../options/locales.js';
import { pageLocale } from '../http/locale.js';
import type { Views } from '../http/views.js';
import { tokenPattern } from '../tokens/repository.js';
import type { NewsletterService, TokenOutcome } from './service.js';

const tokenQuery = z.object({ token: z.string().regex(tokenPattern) });

/** The links in the module's e-mails: confirm a subscription, unsubscribe in one click. */
export function newsletterRoutes(newsletter: NewsletterService, views: Views, controllerEmail: string): Router {
  const router = Router();

  function show(res: Response, outcome: TokenOutcome, success: { title: MessageKey; text: MessageKey }): void {
    const locale: Locale = outcome.locale ?? pageLocale(res);
    const title = outcome.ok ? success.title : (`token.${outcome.problem}.title` as MessageKey);
    const text = outcome.ok
      ? translate(locale, success.text, { email: outcome.email })
      : translate(locale, `token.${outcome.problem}.text` as MessageKey, { email: controllerEmail });
    views.send(res, 'message', { locale, title: translate(locale, title), message: text }, outcome.ok ? 200 : outcome.problem === 'unknown' ? 404 : 410);
  }

  const unknown = (res: Response): TokenOutcome => ({ ok: false, problem: 'unknown', locale: pageLocale(res) });

  router.get('/newsletter/confirm', async function confirmSubscription(req, res) {
    const query = tokenQuery.safeParse(req.query);
    const outcome = query.success ? await newsletter.confirm(query.data.token, req) : unknown(res);
    // A consent given while processing is restricted is kept, and waits: the page says so.
    show(res, outcome, {
      title: 'newsletter.confirmed.title',
      text: outcome.ok && outcome.restricted ? 'newsletter.confirmed.restricted' : 'newsletter.confirmed.text',
    });
  });

  router.get('/newsletter/unsubscribe', async function unsubscribe(req, res) {
    const query = tokenQuery.safeParse(req.query);
    const outcome = query.success ? await newsletter.unsubscribe(query.data.token, req) : unknown(res);
    show(res, outcome, { title: 'newsletter.unsubscribed.title', text: 'newsletter.unsubscribed.text' });
  });

  /**
   * RFC 8058 one-click unsubscribe, posted by the mail client itself. The single-use token in
   * the URL is the proof; a CSRF token cannot exist here, and a forged post cannot guess one.
   */
  router.post('/newsletter/unsubscribe', async function oneClickUnsubscribe(req, res) {
    const query = tokenQuery.safeParse(req.query);
    const outcome = query.success ? await newsletter.unsubscribe(query.data.token, req) : unknown(res);
    res
      .status(outcome.ok ? 200 : 400)
      .type('text')
      .send(outcome.ok ? 'unsubscribed' : 'invalid link');
  });

  return router;
}
