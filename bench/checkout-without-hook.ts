import { Router } from 'express';
import type { Knex } from 'knex';
import type { Transporter } from 'nodemailer';
import { z } from 'zod';
import type { Privacy } from '../index.js';
import type { ShopLocale } from '../examples/storefront/messages.js';
import { cartLines } from '../examples/storefront/routes/cart.js';
import { contactFields, orderConfirmation } from '../examples/storefront/routes/checkout.js';

const checkoutForm = z.object(contactFields);

/**
 * The example shop's POST /checkout without `privacy.hooks.orderCreated`: the same validation,
 * transaction, order e-mail and redirect, for bench/order-hook to set beside the shop's own.
 * Mounted in front of the shop's checkout, which still serves the form and the thanks page; a
 * form with an error or an empty cart falls through to it (that path calls no hook either).
 * `deferredTo`: the same checkout with the hook in one statement (`{ trx, deferred: true }`) instead.
 */
export function checkoutWithoutHook({ knex, mail, publicUrl, deferredTo }: { knex: Knex; mail: Transporter; publicUrl: string; deferredTo?: Privacy }): Router {
  const router = Router();
  router.post('/checkout', async (req, res, next) => {
    const locale: ShopLocale = res.locals.locale;
    const form = checkoutForm.safeParse(req.body);
    const { lines, totalCents } = await cartLines(knex, req.session.cart, locale);
    if (lines.length === 0 || !form.success) {
      next();
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
      const recorded = deferredTo
        ? await deferredTo.hooks.orderCreated({ order: { id: Number(id), email: form.data.email }, customer, consents: req.body, req }, { trx, deferred: true })
        : null;
      return { number, confirmNewsletter: (recorded?.toConfirm.length ?? 0) > 0 };
    });
    req.session.cart = {};
    req.session.lastOrder = order;
    await mail.sendMail(
      orderConfirmation({ ...form.data, number: order.number, lines, totalCents, locale, policyUrl: `${publicUrl}${res.locals.privacy.policyUrl}` }),
    );
    res.redirect(303, '/checkout/thanks');
  });
  return router;
}
