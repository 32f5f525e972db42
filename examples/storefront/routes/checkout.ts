import { Router, type Request, type Response } from 'express';
import type { Knex } from 'knex';
import type { Transporter } from 'nodemailer';
import { z } from 'zod';
import { hasInvisibleCharacters, type Privacy } from '../../../index.js';
import { formatMoney, t, type MessageKey, type ShopLocale } from '../messages.js';
import { cartLines } from './cart.js';

/**
 * A one-line field (a name, an address): no line break of any kind (U+2028 included), and no
 * invisible or control character (a bidi override reverses what follows), which would forge
 * lines in the order e-mail, the privacy export or what staff read.
 */
const oneLine = (max: number) =>
  z
    .string()
    .trim()
    .min(1, 'field.required')
    .max(max, 'field.tooLong')
    .refine((v) => !/[\n\v\f\r\u0085\u2028\u2029]/u.test(v), 'field.lineBreak')
    .refine((v) => /[\n\v\f\r\u0085\u2028\u2029]/u.test(v) || !hasInvisibleCharacters(v), 'field.characters');

/** Field rules; each message is a key of the shop's messages, shown in the shopper's language. */
export const contactFields = {
  // Invisible characters first: an address that looks like another must say why it was refused.
  email: z
    .string()
    .trim()
    .max(254, 'field.tooLong')
    .refine((v) => !hasInvisibleCharacters(v), 'field.emailInvisible')
    .email('field.email'),
  first_name: oneLine(80),
  last_name: oneLine(80),
  phone: z
    .string()
    .trim()
    .min(1, 'field.required')
    .max(32, 'field.tooLong')
    .regex(/^\+?[0-9 ()-]{6,}$/, 'field.phone'),
  address: oneLine(200),
};
const checkoutForm = z.object(contactFields);

/** `{ field: message }` in the shopper's language, for the form to show beside each field. */
export function fieldErrors(error: z.ZodError, locale: ShopLocale): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const issue of error.issues) {
    const field = String(issue.path[0]);
    errors[field] ??= t(locale, (issue.message.startsWith('field.') ? issue.message : 'field.required') as MessageKey);
  }
  return errors;
}

interface Deps {
  knex: Knex;
  privacy: Privacy;
  mail: Transporter;
  publicUrl: string;
}

/** Guest or customer checkout: the order, its lines and the consent records in one transaction. */
export function checkoutRoutes({ knex, privacy, mail, publicUrl }: Deps): Router {
  const router = Router();

  /** `submitted`: the form the shopper sent, when it comes back with an error (the boxes they ticked stay ticked). */
  async function showForm(
    req: Request,
    res: Response,
    status: number,
    values: Record<string, unknown>,
    errors: Record<string, string> = {},
    submitted?: Record<string, unknown>,
  ) {
    const locale: ShopLocale = res.locals.locale;
    res.status(status).render('checkout', {
      title: t(locale, 'checkout.title'),
      values,
      errors,
      hasErrors: Object.keys(errors).length > 0,
      // A logged-in customer's consents already given show as given, not as empty boxes.
      consentFields: await privacy.render.consentFieldsFor(req, res, { at: 'checkout', locale, ...(submitted ? { submitted } : {}) }),
      loggedIn: Boolean(req.session.customer),
    });
  }

  router.get('/checkout', async (req, res) => {
    const customer = req.session.customer ? await knex('customers').where({ id: req.session.customer.id }).first() : null;
    await showForm(req, res, 200, customer ?? {});
  });

  router.post('/checkout', async (req, res) => {
    const locale: ShopLocale = res.locals.locale;
    const form = checkoutForm.safeParse(req.body);
    const { lines, totalCents } = await cartLines(knex, req.session.cart, locale);
    if (lines.length === 0) {
      await showForm(req, res, 422, req.body, { cart: t(locale, 'checkout.emptyCart') }, req.body);
      return;
    }
    if (!form.success) {
      await showForm(req, res, 422, req.body, fieldErrors(form.error, locale), req.body);
      return;
    }
    const customer = req.session.customer ?? null;
    const order = await knex.transaction(async (trx) => {
      const [id] = await trx('orders').insert({ ...form.data, customer_id: customer?.id ?? null, total_cents: totalCents, locale, created_at: new Date() });
      const number = `XP-${10000 + Number(id)}`;
      await trx('orders').where({ id }).update({ number });
      await trx('order_lines').insert(
        lines.map((l) => ({
          order_id: id,
          product_id: l.product.id,
          sku: l.product.sku,
          name: l.name,
          quantity: l.quantity,
          unit_price_cents: l.product.price_cents,
        })),
      );
      const recorded = await privacy.hooks.orderCreated({ order: { id: Number(id), email: form.data.email }, customer, consents: req.body, req }, { trx });
      return { number, email: form.data.email, confirmNewsletter: recorded.toConfirm.length > 0 };
    });
    req.session.cart = {};
    req.session.lastOrder = { number: order.number, confirmNewsletter: order.confirmNewsletter };
    await mail.sendMail(
      orderConfirmation({ ...form.data, number: order.number, lines, totalCents, locale, policyUrl: `${publicUrl}${res.locals.privacy.policyUrl}` }),
    );
    res.redirect(303, '/checkout/thanks');
  });

  router.get('/checkout/thanks', (req, res) => {
    const order = req.session.lastOrder;
    if (!order) {
      res.redirect(303, '/');
      return;
    }
    res.render('thanks', { title: t(res.locals.locale, 'thanks.title'), order });
  });

  return router;
}

/** The order e-mail the checkout sends. */
export function orderConfirmation(o: {
  email: string;
  first_name: string;
  address: string;
  number: string;
  totalCents: number;
  locale: ShopLocale;
  policyUrl: string;
  lines: { name: string; quantity: number; lineCents: number }[];
}) {
  const items = o.lines.map((l) => `${l.quantity} × ${l.name} – ${formatMoney(l.lineCents, o.locale)}`);
  const paragraphs = [
    t(o.locale, 'mail.order.greeting', { name: o.first_name }),
    t(o.locale, 'mail.order.intro', { number: o.number }),
    items.join('\n'),
    t(o.locale, 'mail.order.total', { total: formatMoney(o.totalCents, o.locale) }),
    t(o.locale, 'mail.order.delivery', { address: o.address }),
    t(o.locale, 'mail.order.privacy', { url: o.policyUrl }),
  ];
  const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return {
    from: 'xparts.lv <info@xparts.lv>',
    to: o.email,
    subject: t(o.locale, 'mail.order.subject', { number: o.number }),
    text: paragraphs.join('\n\n'),
    html: paragraphs.map((p) => `<p>${escape(p).replace(/\n/g, '<br>')}</p>`).join(''),
  };
}
