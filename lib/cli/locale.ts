import { translate, type MessageKey } from '../i18n/index.js';
import { isLocale, type Locale } from '../options/locales.js';

/**
 * The operator's language: `--locale`, else SHOP_PRIVACY_LOCALE, else the terminal's own
 * (LC_ALL, LC_MESSAGES, LANG: "lv_LV.UTF-8" is Latvian), else English.
 */
export function cliLocale(argv: string[] = process.argv, env: NodeJS.ProcessEnv = process.env): Locale {
  const at = argv.findIndex((arg) => arg === '--locale' || arg.startsWith('--locale='));
  const flag = at < 0 ? undefined : argv[at];
  const given = flag === undefined ? undefined : flag.includes('=') ? flag.split('=')[1] : argv[at + 1];
  if (isLocale(given)) return given;
  const fromEnv = (env.SHOP_PRIVACY_LOCALE || env.LC_ALL || env.LC_MESSAGES || env.LANG || '').toLowerCase();
  return fromEnv.startsWith('lv') ? 'lv' : 'en';
}

/** The CLI's texts in one language. */
export type Say = (key: MessageKey, vars?: Record<string, string | number>) => string;

export const sayIn =
  (locale: Locale): Say =>
  (key, vars) =>
    translate(locale, key, vars);
