import { Router } from 'express';
import type { Knex } from 'knex';
import { t, type ShopLocale } from '../messages.js';

export interface Product {
  id: number;
  sku: string;
  name_lv: string;
  name_en: string;
  category: string;
  brand: string;
  price_cents: number;
  stock: number;
}

export const productName = (product: Product, locale: ShopLocale) => (locale === 'en' ? product.name_en : product.name_lv);

/** The catalogue: every part, or one category's. */
export function catalogueRoutes(knex: Knex): Router {
  const router = Router();
  router.get('/', async (req, res) => {
    const locale: ShopLocale = res.locals.locale;
    const categories = (await knex('products').distinct('category').orderBy('category').pluck('category')) as string[];
    const category = typeof req.query.category === 'string' && categories.includes(req.query.category) ? req.query.category : null;
    const products = (await knex('products')
      .modify((q) => void (category && q.where({ category })))
      .orderBy(['category', 'id'])) as Product[];
    res.render('catalogue', {
      title: t(locale, 'catalogue.title'),
      added: req.query.added === '1',
      category,
      categories: categories.map((id) => ({ id, name: t(locale, `category.${id}` as never), current: id === category })),
      products: products.map((p) => ({ ...p, name: productName(p, locale), categoryName: t(locale, `category.${p.category}` as never) })),
    });
  });
  return router;
}
