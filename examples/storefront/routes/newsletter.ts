import { Router } from 'express';
import { InvalidInputError, type Privacy } from '../../../index.js';
import { t, type ShopLocale } from '../messages.js';

/** The newsletter form: the module e-mails a confirmation link; nothing is consented before the click. */
export function newsletterRoutes(privacy: Privacy): Router {
  const router = Router();
  router.post('/newsletter', async (req, res) => {
    const locale: ShopLocale = res.locals.locale;
    try {
      // The module counts sign-ups per address and per IP: past either, it writes and sends nothing.
      // The form shows the module's notice and box: the box is the consent the link then confirms.
      const { status } = await privacy.hooks.newsletterSignup({ email: String(req.body.email ?? ''), consents: req.body, req });
      if (status === 'unticked') {
        res.status(422).render('message', { title: t(locale, 'footer.newsletter'), message: t(locale, 'newsletter.unticked') });
        return;
      }
      if (status === 'limited') {
        res.status(429).render('message', { title: t(locale, 'newsletter.limited.title'), message: t(locale, 'newsletter.limited.text') });
        return;
      }
    } catch (err) {
      if (!(err instanceof InvalidInputError)) throw err;
      res.status(422).render('message', { title: t(locale, 'footer.newsletter'), message: t(locale, 'newsletter.invalid') });
      return;
    }
    // One answer for every valid address, known or not.
    res.render('message', { title: t(locale, 'newsletter.title'), message: t(locale, 'newsletter.sent') });
  });
  return router;
}
