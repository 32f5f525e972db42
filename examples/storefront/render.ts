import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Express, RequestHandler } from 'express';
import Handlebars from 'handlebars';
import type { Privacy } from '../../index.js';
import { formatMoney, shopLocales, t, type MessageKey, type ShopLocale } from './messages.js';

const viewsDir = fileURLToPath(new URL('./views', import.meta.url));

/**
 * The shop's own view engine: handlebars with a layout, the shop's messages and the privacy
 * module's helpers (consent fields for its forms, tags gated by cookie consent).
 */
export function useShopViews(app: Express, privacy: Privacy): void {
  const hbs = Handlebars.create();
  privacy.render.registerHandlebars(hbs);
  const localeOf = (options: Handlebars.HelperOptions) => (options.data?.root as { locale: ShopLocale }).locale;
  hbs.registerHelper('t', (key: MessageKey, options: Handlebars.HelperOptions) => t(localeOf(options), key, options.hash as Record<string, string>));
  hbs.registerHelper('money', (cents: number, options: Handlebars.HelperOptions) => formatMoney(cents, localeOf(options)));
  hbs.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  const templates = new Map<string, Handlebars.TemplateDelegate>();
  for (const file of fs.readdirSync(viewsDir).filter((name) => name.endsWith('.hbs'))) {
    templates.set(path.basename(file, '.hbs'), hbs.compile(fs.readFileSync(path.join(viewsDir, file), 'utf8')));
  }
  const layout = templates.get('layout');
  if (!layout) throw new Error(`storefront: ${viewsDir}/layout.hbs is missing`);
  app.engine('hbs', (file, context, done) => {
    const template = templates.get(path.basename(file, '.hbs'));
    if (!template) return done(new Error(`no shop template ${file}`));
    try {
      const data = context as Record<string, unknown>;
      done(null, layout({ ...data, body: new hbs.SafeString(template(data)) }));
    } catch (err) {
      done(err as Error);
    }
  });
  app.set('view engine', 'hbs');
  app.set('views', viewsDir);
}

/**
 * The shopper's language: `?lang=`, the `lang` cookie, the browser, Latvian. The cookie is the
 * privacy module's: its middleware sets it when the shopper picks a language from a switcher
 * (`?lang=en&pick=1`, as the layout's link is), never because a link carries `?lang=`.
 */
export const shopLocale: RequestHandler = function shopLocale(req, res, next) {
  const asked = typeof req.query.lang === 'string' ? req.query.lang : undefined;
  const cookie = /(?:^|;\s*)lang=(lv|en)(?:;|$)/.exec(req.headers.cookie ?? '')?.[1];
  let locale: ShopLocale;
  if (asked && (shopLocales as string[]).includes(asked)) {
    locale = asked as ShopLocale;
  } else if (cookie) {
    locale = cookie as ShopLocale;
  } else {
    locale = req.headers['accept-language'] ? (req.acceptsLanguages(...shopLocales) as ShopLocale | false) || 'lv' : 'lv';
  }
  res.locals.locale = locale;
  res.locals.otherLocale = locale === 'lv' ? 'en' : 'lv';
  // A page reached by a ?lang= link (nobody picked a language, so no cookie remembers it) posts
  // its forms in that language: each form's action carries this.
  res.locals.langQuery = asked && locale !== 'lv' && locale !== cookie ? `?lang=${locale}` : '';
  next();
};
