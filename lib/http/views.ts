import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Response } from 'express';
import Handlebars from 'handlebars';
import { formatDate, pick, translate, type MessageKey } from '../i18n/index.js';
import type { Locale, Localized } from '../options/locales.js';
import type { PrivacyLogger, ShopLayout } from '../options/schema.js';

/** The module's own templates; `npm run build` copies them to dist/views, the same place relative to this file. */
export const moduleViewsDir = fileURLToPath(new URL('../../views', import.meta.url));

export interface PageContext {
  locale: Locale;
  title: string;
  nonce: string;
  [key: string]: unknown;
}

export interface Views {
  /** A whole page: the template inside the module's own layout. */
  page(name: string, context: PageContext): string;
  /**
   * Sends a page in the response's language (`res.locals.privacyLocale`) with its CSP nonce and,
   * while a cookie choice is due, the banner.
   */
  send(res: Response, name: string, context: { title: string; [key: string]: unknown }, status?: number): void;
  /** A template alone, e.g. the policy text that is hashed. */
  fragment(name: string, context: { locale: Locale; [key: string]: unknown }): string;
}

/**
 * Compiles every template and partial once, at start. A template of the same name in
 * `overrideDir` (and `overrideDir/partials`) replaces the module's own.
 */
export function createViews(settings: {
  overrideDir?: string | undefined;
  assetsPath: string;
  cookiesPath: string;
  requestPath: string;
  defaultLocale: Locale;
  /** The shop's own layout (the `layout` option): a .hbs path or source, or a function for any engine. */
  shopLayout?: ShopLayout | string | undefined;
  logger?: PrivacyLogger;
}): Views {
  const { overrideDir, assetsPath, cookiesPath, requestPath, defaultLocale, logger = console } = settings;
  const hbs = Handlebars.create();
  registerHelpers(hbs);
  const templates = new Map<string, Handlebars.TemplateDelegate>();
  for (const dir of [moduleViewsDir, overrideDir]) {
    if (!dir) continue;
    for (const [name, source] of readTemplates(dir)) templates.set(name, hbs.compile(source, { strict: false }));
    for (const [name, source] of readTemplates(path.join(dir, 'partials'))) hbs.registerPartial(name, source);
  }
  const get = (name: string) => {
    const template = templates.get(name);
    if (!template) throw new Error(`express-shop-privacy: no template "${name}.hbs" in ${moduleViewsDir}`);
    return template;
  };
  const layout = get('layout');
  const shopLayout = inShopLayout(hbs, settings.shopLayout, assetsPath);
  // What the module's pages need in a <head> that is not theirs: the stylesheet (scripts come with the page's body).
  const privacyHead = new hbs.SafeString(`<link rel="stylesheet" href="${Handlebars.escapeExpression(`${assetsPath}/privacy.css`)}">`);
  return {
    page(name, context) {
      const body = get(name)(context);
      return layout({ assetsPath, cookiesPath, requestPath, defaultLocale, ...context, body: new hbs.SafeString(body) });
    },
    send(res, name, context, status = 200) {
      const locale: Locale = (context.locale as Locale | undefined) ?? res.locals.privacyLocale ?? defaultLocale;
      const banner = new hbs.SafeString(res.locals.privacy?.banner ?? '');
      const full = { locale, nonce: res.locals.cspNonce ?? '', banner, ...context };
      if (!shopLayout) {
        res.status(status).type('html').send(this.page(name, full));
        return;
      }
      // The class gives the module's own styles a root inside the shop's page, as <body class="privacy"> does in its own layout.
      const html = `<div class="privacy privacy-main privacy-in-layout" id="privacy-main">${get(name)(full)}</div>`;
      const { req } = res;
      Promise.resolve()
        .then(() =>
          shopLayout(html, { title: full.title, locale, nonce: full.nonce, req, res, privacyHead: privacyHead.toString(), privacyBanner: banner.toString() }),
        )
        .then(
          (page) => res.status(status).type('html').send(page),
          (err: unknown) => {
            // The shopper still gets the page, in the module's own layout; the shop learns its layout failed.
            logger.error(`[express-shop-privacy] the shop's layout failed, the page was sent in the module's own: ${(err as Error)?.name ?? 'Error'}`);
            if (!res.headersSent) res.status(status).type('html').send(this.page(name, full));
          },
        );
    },
    fragment(name, context) {
      return get(name)(context);
    },
  };
}

/**
 * The shop's layout as one function. A handlebars layout (a .hbs file or its source) is compiled
 * once with the module's helpers; it gets `{{{body}}}`, `{{{privacyHead}}}`, `{{{privacyBanner}}}`,
 * the page's title, locale and nonce, and the response's locals (`privacy`, the shop's own).
 */
function inShopLayout(hbs: typeof Handlebars, given: ShopLayout | string | undefined, assetsPath: string): ShopLayout | undefined {
  if (given === undefined || typeof given === 'function') return given;
  const source = given.endsWith('.hbs') && fs.existsSync(given) ? fs.readFileSync(given, 'utf8') : given;
  const template = hbs.compile(source, { strict: false });
  return (html, { title, locale, nonce, res, privacyHead, privacyBanner }) => {
    const banner = new hbs.SafeString(privacyBanner);
    return template({
      ...res.locals,
      title,
      locale,
      nonce,
      assetsPath,
      body: new hbs.SafeString(html),
      privacyHead: new hbs.SafeString(privacyHead),
      privacyBanner: banner,
      banner,
    });
  };
}

function readTemplates(dir: string): [string, string][] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((file) => file.endsWith('.hbs'))
    .map((file) => [path.basename(file, '.hbs'), fs.readFileSync(path.join(dir, file), 'utf8')]);
}

function registerHelpers(hbs: typeof Handlebars): void {
  const localeOf = (options: Handlebars.HelperOptions): Locale => (options.data?.root as { locale: Locale }).locale;
  /** {{t "policy.title" name=value}}: a message in the page's locale; the result is escaped. */
  hbs.registerHelper('t', function (key: MessageKey, options: Handlebars.HelperOptions) {
    return translate(localeOf(options), key, options.hash as Record<string, string>);
  });
  /** {{pick purpose.title}}: a localized option in the page's locale. */
  hbs.registerHelper('pick', function (text: Localized, options: Handlebars.HelperOptions) {
    return pick(text, localeOf(options));
  });
  hbs.registerHelper('date', function (value: string | Date, options: Handlebars.HelperOptions) {
    return formatDate(value, localeOf(options));
  });
  hbs.registerHelper('eq', (a: unknown, b: unknown) => a === b);
}
