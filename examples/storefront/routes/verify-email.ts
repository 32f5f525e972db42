import { Router, type Request, type RequestHandler, type Response } from 'express';
import { rateLimit } from 'express-rate-limit';
import type { Knex } from 'knex';
import type { Transporter } from 'nodemailer';
import type { Privacy } from '../../../index.js';
import { checkVerification, issueVerification, useVerification, verificationMail, type VerificationProblem } from '../email-verification.js';
import { t, type ShopLocale } from '../messages.js';

interface Deps {
  knex: Knex;
  privacy: Privacy;
  mail: Transporter;
  publicUrl: string;
}

const refusalStatus: Record<VerificationProblem, number> = { unknown: 404, used: 410, expired: 410 };

/** The link in the e-mail: `/account/verify?token=…`, in the language the e-mail was written in. */
export function verificationUrl(publicUrl: string, token: string, locale: ShopLocale): string {
  return `${publicUrl}/account/verify?token=${token}&lang=${locale}`;
}

/**
 * Sends a customer the link that proves their address. The account stands if the mail server
 * is down: the account page offers to send the link again.
 */
export async function sendVerification(
  deps: Pick<Deps, 'mail' | 'publicUrl'>,
  to: { email: string; firstName: string; token: string; locale: ShopLocale },
): Promise<boolean> {
  try {
    await deps.mail.sendMail(
      verificationMail({ email: to.email, firstName: to.firstName, locale: to.locale, url: verificationUrl(deps.publicUrl, to.token, to.locale) }),
    );
    return true;
  } catch (err) {
    console.error(`[storefront] the address confirmation e-mail could not be sent: ${(err as Error)?.name ?? 'Error'}`);
    return false;
  }
}

/**
 * Proving a customer's address: the e-mailed link opens a page with a button, and only the
 * button's POST (CSRF-protected like every form of the shop) uses the link up. Mail scanners
 * open links; a GET never changes anything.
 */
export function verifyEmailRoutes(deps: Deps): Router {
  const { knex, privacy } = deps;
  const router = Router();
  // A link now and then, not a mail cannon: each instance counts its own, which is enough for an example.
  const resendLimit = rateLimit({
    windowMs: 60 * 60 * 1000,
    limit: 3,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    handler: (_req, res) => showMessage(res, 429, t(res.locals.locale, 'verify.title'), t(res.locals.locale, 'account.resendTooMany')),
  });

  const showMessage = (res: Response, status: number, title: string, message: string) => res.status(status).render('verify-email', { title, message });
  const refuse = (res: Response, problem: VerificationProblem) => {
    const locale: ShopLocale = res.locals.locale;
    showMessage(res, refusalStatus[problem], t(locale, `verify.${problem}.title`), t(locale, `verify.${problem}.text`));
  };

  router.get('/account/verify', async (req, res) => {
    const token = req.query.token;
    const link = await checkVerification(knex, token);
    if (!link.ok) return refuse(res, link.problem);
    res.render('verify-email', { title: t(res.locals.locale, 'verify.title'), token });
  });

  router.post('/account/verify', async (req: Request, res) => {
    const token = (req.body as { token?: unknown } | undefined)?.token;
    const now = new Date();
    const verified = await knex.transaction(async (trx) => {
      const link = await useVerification(trx, token, now);
      if (!link.ok) return link;
      await trx('customers').where({ id: link.customer.id }).whereNull('email_verified_at').update({ email_verified_at: now });
      // What the address holds from before the account (guest orders, the mailing list) is now the customer's.
      await privacy.hooks.emailVerified({ customer: link.customer }, { trx });
      return link;
    });
    if (!verified.ok) return refuse(res, verified.problem);
    const session = req.session.customer;
    if (session?.id === verified.customer.id) session.emailVerified = true;
    res.redirect(303, '/account/verified');
  });

  router.get('/account/verified', (_req, res) => {
    const locale: ShopLocale = res.locals.locale;
    showMessage(res, 200, t(locale, 'verify.done.title'), t(locale, 'verify.done.text'));
  });

  // Someone not logged in is sent to log in before the limit counts them: nothing is mailed for them.
  const loggedIn: RequestHandler = (req, res, next) => (req.session.customer ? next() : res.redirect(303, '/login'));

  router.post('/account/verify/resend', loggedIn, resendLimit, async (req, res) => {
    const locale: ShopLocale = res.locals.locale;
    const customerId = req.session.customer?.id;
    if (customerId === undefined) return res.redirect(303, '/login');
    const customer = await knex('customers').where({ id: customerId }).first('id', 'email', 'first_name', 'email_verified_at');
    if (!customer) return res.redirect(303, '/login');
    if (customer.email_verified_at !== null) return res.redirect(303, '/account');
    const token = await issueVerification(knex, { id: Number(customer.id), email: customer.email });
    const sent = await sendVerification(deps, { email: customer.email, firstName: customer.first_name, token, locale });
    if (!sent) return showMessage(res, 503, t(locale, 'verify.title'), t(locale, 'error.text'));
    res.redirect(303, '/account?verification=sent');
  });

  return router;
}
