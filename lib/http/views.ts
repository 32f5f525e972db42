import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Response } from 'express';
import Handlebars from 'handlebars';
import { formatDate, pick, translate, type MessageKey } from '../i18n/index.js';
import type { Locale, Localized } from '../options/locales.js';

/** The module's own templates; `npm run build` copies them to dist/views, the same place relative to this file. */
export const moduleViewsDir = fileURLToPath(new URL('../../views', import.meta.url));

export interface PageContext {
  locale: Locale;
  title: string;
  nonce: string;
  [key: string]: unknown;
}

export interface Views {
  /** A whole page: the template inside the layout. */
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
}): Views {
  const { overrideDir, assetsPath, cookiesPath, requestPath, defaultLocale } = settings;
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
  return {
    page(name, context) {
      const body = get(name)(context);
      return layout({ assetsPath, cookiesPath, requestPath, defaultLocale, ...context, body: new hbs.SafeString(body) });
    },
    send(res, name, context, status = 200) {
      const locale: Locale = (context.locale as Locale | undefined) ?? res.locals.privacyLocale ?? defaultLocale;
      const banner = res.locals.privacy?.banner ?? '';
      const html = this.page(name, { locale, nonce: res.locals.cspNonce ?? '', banner: new hbs.SafeString(banner), ...context });
      res.status(status).type('html').send(html);
    },
    fragment(name, context) {
      return get(name)(context);
    },
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
