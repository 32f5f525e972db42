import { Router } from 'express';
import type { Knex } from 'knex';
import { z } from 'zod';
import { t, type ShopLocale } from '../messages.js';
import { productName, type Product } from './catalogue.js';

const line = z.object({ productId: z.coerce.number().int().positive(), quantity: z.coerce.number().int().min(0).max(99).default(1) });

/** The cart's lines with current prices; parts no longer sold drop out. */
export async function cartLines(knex: Knex, cart: Record<string, number> | undefined, locale: ShopLocale) {
  const ids = Object.keys(cart ?? {}).map(Number);
  if (ids.length === 0) return { lines: [], totalCents: 0 };
  const products = (await knex('products').whereIn('id', ids)) as Product[];
  const lines = products.map((product) => {
    const quantity = cart?.[String(product.id)] ?? 0;
    return { product, name: productName(product, locale), quantity, lineCents: quantity * product.price_cents };
  });
  return { lines, totalCents: lines.reduce((sum, l) => sum + l.lineCents, 0) };
}

/** A cart kept in the shopper's session. */
export function cartRoutes(knex: Knex): Router {
  const router = Router();

  router.get('/cart', async (req, res) => {
    const locale: ShopLocale = res.locals.locale;
    const { lines, totalCents } = await cartLines(knex, req.session.cart, locale);
    res.render('cart', { title: t(locale, 'cart.title'), lines, totalCents });
  });

  router.post('/cart/add', async (req, res) => {
    const parsed = line.safeParse(req.body);
    const exists = parsed.success && (await knex('products').where({ id: parsed.data.productId }).first('id'));
    if (!parsed.success || !exists) {
      res.status(400).render('error', { title: t(res.locals.locale, 'error.title'), message: t(res.locals.locale, 'error.text') });
      return;
    }
    const cart = { ...(req.session.cart ?? {}) };
    const key = String(parsed.data.productId);
    cart[key] = Math.min(99, (cart[key] ?? 0) + Math.max(1, parsed.data.quantity));
    req.session.cart = cart;
    res.redirect(303, '/cart');
  });

  router.post('/cart/update', (req, res) => {
    const parsed = line.safeParse(req.body);
    if (parsed.success && req.session.cart?.[String(parsed.data.productId)] !== undefined) {
      const id = String(parsed.data.productId);
      const others = Object.fromEntries(Object.entries(req.session.cart).filter(([key]) => key !== id));
      req.session.cart = parsed.data.quantity === 0 ? others : { ...req.session.cart, [id]: parsed.data.quantity };
    }
    res.redirect(303, '/cart');
  });

  router.post('/cart/remove', (req, res) => {
    const parsed = line.safeParse(req.body);
    if (parsed.success && req.session.cart) {
      const id = String(parsed.data.productId);
      req.session.cart = Object.fromEntries(Object.entries(req.session.cart).filter(([key]) => key !== id));
    }
    res.redirect(303, '/cart');
  });

  return router;
}
