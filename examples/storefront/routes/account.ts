import { Router, type Request, type Response } from 'express';
import { rateLimit } from 'express-rate-limit';
import type { Knex } from 'knex';
import type { Transporter } from 'nodemailer';
import { z } from 'zod';
import { normaliseEmail, type Privacy } from '../../../index.js';
import { t, type ShopLocale } from '../messages.js';
import { issueVerification } from '../email-verification.js';
import { hashPassword, verifyPassword } from '../passwords.js';
import { contactFields, fieldErrors } from './checkout.js';
import { sendVerification } from './verify-email.js';

const signupForm = z.object({
  email: contactFields.email,
  first_name: contactFields.first_name,
  last_name: contactFields.last_name,
  password: z.string().min(8, 'field.password').max(200, 'field.tooLong'),
});
const loginForm = z.object({ email: z.string().trim().max(254), password: z.string().max(200) });

interface Deps {
  knex: Knex;
  privacy: Privacy;
  mail: Transporter;
  publicUrl: string;
}

/**
 * Signup, login, logout and the account page, with scrypt-hashed passwords. Signup e-mails a
 * link that proves the address (routes/verify-email.ts); until it is followed the privacy
 * module shows the customer only what is linked to their account, not what the address holds.
 */
export function accountRoutes({ knex, privacy, mail, publicUrl }: Deps): Router {
  const router = Router();
  // Slows password guessing; each instance counts its own, which is enough for an example.
  const loginLimit = rateLimit({
    windowMs: 15 * 60 * 1000,
    limit: 10,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    handler: (_req, res) =>
      res.status(429).render('login', { title: t(res.locals.locale, 'login.title'), error: t(res.locals.locale, 'login.tooMany'), values: {} }),
  });

  // A new session id at login (no fixation), keeping what the shopper put in the cart.
  const logIn = (req: Request, customer: { id: number; email: string; first_name: string; email_verified_at: unknown }) => {
    const cart = req.session.cart;
    return new Promise<void>((resolve, reject) =>
      req.session.regenerate((err) => {
        if (err) return reject(err);
        req.session.cart = cart;
        req.session.customer = { id: customer.id, email: customer.email, firstName: customer.first_name, emailVerified: customer.email_verified_at !== null };
        resolve();
      }),
    );
  };

  // After an error the boxes the shopper ticked stay ticked (`values` is what they sent).
  const showSignup = (_req: Request, res: Response, status: number, values: Record<string, unknown>, errors: Record<string, string> = {}) =>
    res.status(status).render('signup', {
      title: t(res.locals.locale, 'signup.title'),
      values,
      errors,
      consentFields: privacy.render.consentFields({ at: 'signup', locale: res.locals.locale, ...(status === 200 ? {} : { submitted: values }) }),
    });

  router.get('/signup', (req, res) => showSignup(req, res, 200, {}));

  router.post('/signup', async (req, res) => {
    const locale: ShopLocale = res.locals.locale;
    const form = signupForm.safeParse(req.body);
    if (!form.success) return showSignup(req, res, 422, { ...req.body, password: '' }, fieldErrors(form.error, locale));
    const email = normaliseEmail(form.data.email);
    if (!email) return showSignup(req, res, 422, { ...req.body, password: '' }, { email: t(locale, 'field.email') });
    if (await knex('customers').where({ email }).first('id'))
      return showSignup(req, res, 409, { ...req.body, password: '' }, { email: t(locale, 'signup.taken') });
    const passwordHash = await hashPassword(form.data.password);
    const customer = await knex
      .transaction(async (trx) => {
        const [id] = await trx('customers').insert({
          email,
          password_hash: passwordHash,
          first_name: form.data.first_name,
          last_name: form.data.last_name,
          created_at: new Date(),
          last_login_at: new Date(),
        });
        const created = { id: Number(id), email, first_name: form.data.first_name, email_verified_at: null };
        // Anyone can type any address at signup: it is the customer's only once the e-mailed link is followed.
        await privacy.hooks.accountCreated({ customer: { id: created.id, email, emailVerified: false }, consents: req.body, req }, { trx });
        return { ...created, token: await issueVerification(trx, created) };
      })
      .catch(async (err: unknown) => {
        // The same address signed up a moment ago in another tab or instance: the unique index said no.
        if (await knex('customers').where({ email }).first('id')) return null;
        throw err;
      });
    if (!customer) return showSignup(req, res, 409, { ...req.body, password: '' }, { email: t(locale, 'signup.taken') });
    await logIn(req, customer);
    await sendVerification({ mail, publicUrl }, { email, firstName: customer.first_name, token: customer.token, locale });
    res.redirect(303, '/account');
  });

  router.get('/login', (_req, res) => res.render('login', { title: t(res.locals.locale, 'login.title'), values: {} }));

  router.post('/login', loginLimit, async (req, res) => {
    const locale: ShopLocale = res.locals.locale;
    const form = loginForm.safeParse(req.body);
    const email = form.success ? normaliseEmail(form.data.email) : null;
    const customer = email ? await knex('customers').where({ email }).first() : undefined;
    // The same answer, after the same work, whether the address is unknown or the password wrong.
    const ok = await verifyPassword(
      form.success ? form.data.password : '',
      customer?.password_hash ?? 'scrypt$AAAAAAAAAAAAAAAAAAAAAA==$' + 'A'.repeat(86) + '==',
    );
    if (!customer || !ok) {
      res
        .status(401)
        .render('login', { title: t(locale, 'login.title'), error: t(locale, 'login.failed'), values: { email: form.success ? form.data.email : '' } });
      return;
    }
    await knex('customers').where({ id: customer.id }).update({ last_login_at: new Date() });
    await logIn(req, customer);
    res.redirect(303, '/account');
  });

  router.post('/logout', (req, res, next) => {
    req.session.destroy((err) => (err ? next(err) : res.redirect(303, '/')));
  });

  router.get('/account', async (req, res) => {
    const locale: ShopLocale = res.locals.locale;
    if (!req.session.customer) return res.redirect(303, '/login');
    const customer = await knex('customers')
      .where({ id: req.session.customer.id })
      .first('email', 'first_name', 'last_name', 'phone', 'address', 'email_verified_at');
    // The address was proved in another browser: this session learns it here.
    const verified = customer ? customer.email_verified_at !== null : false;
    if (verified && !req.session.customer.emailVerified) req.session.customer.emailVerified = true;
    // Only this customer's orders: the id comes from the session, never from the request.
    const orders = await knex('orders').where({ customer_id: req.session.customer.id }).orderBy('id', 'desc').select('number', 'total_cents', 'created_at');
    res.render('account', {
      title: t(locale, 'account.title'),
      details: customer,
      unverified: customer && !verified,
      resent: req.query.verification === 'sent',
      reconfirm: await privacy.render.reconfirmPrompt(req, res),
      orders: orders.map((o) => ({ ...o, date: new Date(o.created_at).toLocaleDateString(locale === 'lv' ? 'lv-LV' : 'en-GB') })),
    });
  });

  return router;
}
