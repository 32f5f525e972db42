import { Router } from 'express';
import { readOutbox } from '../../../index.js';
import { t, type ShopLocale } from '../messages.js';

/** Development only: the e-mails the shop and the privacy module sent, as the outbox transport kept them. */
export function outboxRoutes(outboxDir: string): Router {
  const router = Router();
  router.get('/dev/outbox', async (_req, res) => {
    const locale: ShopLocale = res.locals.locale;
    res.render('outbox', { title: t(locale, 'outbox.title'), messages: await readOutbox(outboxDir) });
  });
  router.get('/dev/outbox/:id', async (req, res, next) => {
    // Ids are looked up in the listing, never joined into a path.
    const message = (await readOutbox(outboxDir)).find((m) => m.id === req.params.id);
    if (!message) return next();
    res.render('outbox-message', { title: message.subject, message });
  });
  return router;
}
