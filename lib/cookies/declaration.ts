import { csrfCookieName, csrfVisitorCookieName, hostPrefix } from '../http/csrf.js';
import { languageCookie } from '../http/locale.js';
import { formatDuration, translate, pick, type MessageKey } from '../i18n/index.js';
import { supportedLocales, type Locale, type Localized } from '../options/locales.js';
import type { ResolvedOptions } from '../options/schema.js';
import { PrivacyOptionsError } from '../options/validate.js';
import { guestCookie, guestSessionTtlMs } from '../requests/guest-session.js';
import { readCookieNames } from '../http/cookies.js';
import { cookieCategories } from './choice.js';
import type { CookieDuration, DeclaredCookieCategory } from '../options/cookies.js';

/** The options the cookie declaration is made from. */
export type CookieDeclarationOptions = Pick<ResolvedOptions, 'consentPurposes' | 'controller' | 'cookies' | 'policy'>;

/** How long a declared cookie lasts: until the browser closes, a duration, or the shop's own words. */
export type CookieLifetime = 'session' | CookieDuration | Localized;

/** One cookie of the resolved declaration: the module's own, or one the shop declared in `cookies.declarations`. */
export interface DeclaredCookie {
  /** The name; one ending in `*` stands for every name that starts with the rest (`_ga_*`). */
  name: string;
  category: DeclaredCookieCategory;
  purpose: Localized;
  lifetime: CookieLifetime;
  /** Who sets it: for a first-party cookie the shop, unless the shop named another. */
  provider: string;
  party: 'first' | 'third';
  /** Who besides the shop can read it (third-party cookies). */
  access?: Localized;
  /** `module`: a cookie the module itself sets, always declared; `shop`: one from `cookies.declarations`. */
  declaredBy: 'module' | 'shop';
}

const everyLocale = (key: MessageKey): Localized => Object.fromEntries(supportedLocales.map((locale) => [locale, translate(locale, key)]));

/**
 * Every cookie the shop's visitors may get, the module's own first: what the preference centre
 * and the policy list, and what a cookie scanner checks the pages against. Throws a
 * PrivacyOptionsError when `cookieDeclarationProblems` finds any.
 */
export function cookieDeclaration(options: CookieDeclarationOptions): DeclaredCookie[] {
  const problems = cookieDeclarationProblems(options);
  if (problems.length > 0) throw new PrivacyOptionsError(problems);
  const shop = shopProvider(options);
  return [
    ...moduleCookies(options),
    ...options.cookies.declarations.map((cookie): DeclaredCookie => ({ ...cookie, provider: cookie.provider ?? shop, declaredBy: 'shop' })),
  ];
}

const shopProvider = (options: CookieDeclarationOptions) => `${options.controller.name} (${options.controller.website})`;

/**
 * The cookies the module itself sets, each strictly necessary, with its real lifetime. The CSRF
 * and guest cookies are declared by the names a shop served over HTTPS sets, `__Host-…`; over
 * plain HTTP (development) the same cookies drop the prefix, which `findDeclaredCookie` knows.
 * The consent and language cookies keep their names over HTTPS (Secure there all the same): a
 * returning visitor's recorded choice is under that name.
 */
function moduleCookies(options: CookieDeclarationOptions): DeclaredCookie[] {
  const own = (name: string, purpose: MessageKey, lifetime: CookieLifetime): DeclaredCookie => ({
    name,
    category: 'necessary',
    purpose: everyLocale(purpose),
    lifetime,
    provider: shopProvider(options),
    party: 'first',
    declaredBy: 'module',
  });
  return [
    own(options.cookies.name, 'cookies.own.consent', { days: options.cookies.reaskAfterDays }),
    own(hostPrefix + csrfCookieName, 'cookies.own.csrf', 'session'),
    own(hostPrefix + csrfVisitorCookieName, 'cookies.own.csrf', 'session'),
    own(hostPrefix + guestCookie, 'cookies.own.guest', { minutes: guestSessionTtlMs / 60_000 }),
    own(languageCookie.name, 'cookies.own.lang', { days: languageCookie.maxAgeDays }),
  ];
}

/**
 * What is wrong with `cookies.declarations` given the rest of the options, each by its path: a
 * text missing in a policy language, a name declared twice or one of the module's own, a category
 * nobody can consent to.
 */
export function cookieDeclarationProblems(options: CookieDeclarationOptions): string[] {
  const problems: string[] = [];
  const locales = options.policy.locales;
  const offered = offeredCategories(options);
  const own = new Set(moduleCookies(options).flatMap((cookie) => [cookie.name, unprefixed(cookie.name)]));
  const seen = new Set<string>();
  const missing = (text: Localized | undefined, path: string) => {
    for (const locale of locales)
      if (text && !text[locale]) problems.push(`${path}.${locale}: missing; every text needs each language of policy.locales (${locales.join(', ')})`);
  };
  options.cookies.declarations.forEach((cookie, i) => {
    const at = `cookies.declarations[${i}]`;
    if (own.has(cookie.name)) problems.push(`${at}.name: "${cookie.name}" is the module's own cookie, which the module declares itself; leave it out`);
    else if (seen.has(cookie.name)) problems.push(`${at}.name: "${cookie.name}" is declared twice; declare each cookie once`);
    seen.add(cookie.name);
    if (cookie.category !== 'necessary' && !offered.includes(cookie.category)) {
      problems.push(
        `${at}.category: no purpose asks consent to "${cookie.category}" cookies (purposes[].consent.cookieCategory), so this cookie could never be set; add such a purpose or remove the cookie`,
      );
    }
    missing(cookie.purpose, `${at}.purpose`);
    missing(cookie.access, `${at}.access`);
    if (typeof cookie.lifetime === 'object' && isText(cookie.lifetime)) missing(cookie.lifetime, `${at}.lifetime`);
  });
  return problems;
}

/** A lifetime in the shop's own words rather than a duration (an empty object counts, to be reported as missing). */
const isText = (lifetime: Exclude<CookieLifetime, 'session'>): lifetime is Localized =>
  'lv' in lifetime || 'en' in lifetime || Object.keys(lifetime).length === 0;

/** The categories a visitor is asked about: those a consent purpose names as its cookie category. */
export function offeredCategories(options: CookieDeclarationOptions): DeclaredCookieCategory[] {
  return cookieCategories.filter((category) => options.consentPurposes.some((p) => p.consent?.cookieCategory === category));
}

/** A module cookie's name without `__Host-`: the name the same cookie has over plain HTTP. */
const unprefixed = (name: string) => (name.startsWith(hostPrefix) ? name.slice(hostPrefix.length) : name);

/** The declared cookie a name belongs to: by its exact name, a module cookie by its name over plain HTTP, or by a `prefix*` family. */
export function findDeclaredCookie(declaration: readonly DeclaredCookie[], name: string): DeclaredCookie | undefined {
  return (
    declaration.find((cookie) => cookie.name === name) ??
    declaration.find((cookie) => cookie.declaredBy === 'module' && unprefixed(cookie.name) === name) ??
    declaration.find((cookie) => cookie.name.endsWith('*') && name.startsWith(cookie.name.slice(0, -1)))
  );
}

/**
 * The shop's own first-party cookies of the categories a visitor refuses that their browser
 * still sends: a withdrawal removes what the consent allowed (GDPR Art. 7(3)). A third-party
 * cookie belongs to another site, which only its provider can remove.
 */
export function cookiesToClear(declaration: readonly DeclaredCookie[], header: string | undefined, refused: readonly DeclaredCookieCategory[]): string[] {
  return readCookieNames(header).filter((name) => {
    const cookie = findDeclaredCookie(declaration, name);
    return cookie !== undefined && cookie.party === 'first' && refused.includes(cookie.category);
  });
}

/** "365 dienas" / "365 days", "līdz pārlūka aizvēršanai" / "until the browser is closed", or the shop's words. */
export function describeLifetime(lifetime: CookieLifetime, locale: Locale): string {
  if (lifetime === 'session') return translate(locale, 'cookies.lifetime.session');
  if (isText(lifetime)) return pick(lifetime, locale);
  return formatDuration(lifetime as CookieDuration, locale);
}

/** One category's cookies as the preference centre and the policy show them, in one language. */
export interface CookieTable {
  id: DeclaredCookieCategory;
  title: string;
  cookies: { name: string; purpose: string; lifetime: string; provider: string; party: string }[];
}

/** The declaration as tables, necessary first, then each category the visitor is asked about. */
export function cookieTables(declaration: readonly DeclaredCookie[], categories: readonly DeclaredCookieCategory[], locale: Locale): CookieTable[] {
  return (['necessary', ...categories] as const).map((id) => ({
    id,
    title: translate(locale, `cookies.${id}.title` as MessageKey),
    cookies: declaration
      .filter((cookie) => cookie.category === id)
      .map((cookie) => ({
        name: cookie.name,
        purpose: pick(cookie.purpose, locale),
        lifetime: describeLifetime(cookie.lifetime, locale),
        provider: cookie.provider,
        party:
          cookie.party === 'first'
            ? translate(locale, 'cookies.party.first')
            : translate(locale, 'cookies.party.third', { access: pick(cookie.access, locale) }),
      })),
  }));
}

/** The policy's cookie tables: the options' whole declaration, in one language. */
export function policyCookieTables(options: CookieDeclarationOptions, locale: Locale): CookieTable[] {
  return cookieTables(cookieDeclaration(options), offeredCategories(options), locale);
}
