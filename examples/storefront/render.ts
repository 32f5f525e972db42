import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Express, RequestHandler } from 'express';
import Handlebars from 'handlebars';
import type { Privacy, ShopLayout } from '../../index.js';
import { formatMoney, shopLocales, t, type MessageKey, type ShopLocale } from './messages.js';

const viewsDir = fileURLToPath(new URL('./views', import.meta.url));

/** The shop's view engine, made before the privacy module so the module can be given its layout. */
export interface ShopViews {
  /**
   * The privacy module's pages (policy, account, cookies, requests, staff) inside the shop's own
   * header and footer: the `layout` option. The layout reads the module's stylesheet, banner and
   * nonce from `res.locals.privacy`, as on every shop page; the language is the module page's.
   */
  privacyLayout: ShopLayout;
  /** Registers the engine on the app, with the privacy module's helpers (consent fields, tags gated by cookie consent). */
  use(app: Express, privacy: Privacy): void;
}

/** The shop's own view engine: handlebars with a layout and the shop's messages, compiled once. */
export function shopViews(): ShopViews {
  const hbs = Handlebars.create();
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
  return {
    privacyLayout: (html, { title, locale, res }) =>
      layout({ ...res.locals, title, locale, otherLocale: locale === 'lv' ? 'en' : 'lv', body: new hbs.SafeString(html) }),
    use(app, privacy) {
      privacy.render.registerHandlebars(hbs);
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
    },
  };
}

/** The shop's views on an app whose privacy module renders its pages in its own layout (the benchmarks'). */
export function useShopViews(app: Express, privacy: Privacy): void {
  shopViews().use(app, privacy);
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
