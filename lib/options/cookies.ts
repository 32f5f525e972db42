import { z } from 'zod';

/** The cookie categories a visitor chooses; `necessary` is always on and never asked. */
export const cookieCategories = ['analytics', 'marketing'] as const;
export type CookieCategory = (typeof cookieCategories)[number];

const text = z.string().trim().min(1, { error: 'expected a non-empty text' });
const localized = z.strictObject({ lv: text.optional(), en: text.optional() });

/** The categories a declared cookie belongs to: `necessary` (exempt from consent, ePrivacy 5(3)) and the ones a visitor chooses. */
export const declaredCookieCategories = ['necessary', ...cookieCategories] as const;
export type DeclaredCookieCategory = (typeof declaredCookieCategories)[number];

const amount = (max: number) => z.number().int().min(0).max(max).optional();

/** How long a cookie lasts once set, as its Max-Age says: `{ days: 14 }`, `{ months: 13 }`, `{ minutes: 30 }`. */
export const cookieDuration = z
  .strictObject({
    years: amount(10),
    months: amount(120),
    days: amount(3650),
    hours: amount(87600),
    minutes: amount(5_256_000),
  })
  .refine((d) => Object.values(d).some((n) => (n ?? 0) > 0), { error: 'expected a length of time, e.g. { days: 14 } or { months: 13 }' });
export type CookieDuration = z.output<typeof cookieDuration>;

/** `'session'` (until the browser is closed), a duration the module writes out in each language, or the shop's own words. */
export const cookieLifetime = z.union([z.literal('session'), cookieDuration, localized], {
  error: "expected \"session\" (until the browser is closed), a duration such as { days: 14 } or { months: 13 }, or a text { lv: '…', en: '…' }",
});

/**
 * A cookie name as browsers send it (RFC 6265 token characters). A trailing `*` declares a family
 * of names, as tags that put an id in the name do (`_ga_*`).
 */
const cookieName = z.string().regex(/^[!#$%&'+\-.^_`|~0-9A-Za-z]{1,128}\*?$/, {
  error: 'expected a cookie name (letters, digits and !#$%&\'+-.^_`|~), optionally ending in "*" for a family of names such as "_ga_*"',
});

/**
 * One cookie the shop (or a tag on its pages) sets, with what a visitor must be told before
 * agreeing to it: what it is for, how long it lasts, who sets it and who else can read it
 * (ePrivacy Directive Art. 5(3); CJEU C-673/17 Planet49, para. 75–81).
 */
export const declaredCookie = z
  .strictObject({
    name: cookieName,
    category: z.enum(declaredCookieCategories),
    purpose: localized,
    lifetime: cookieLifetime,
    /** Who sets it; a first-party cookie's default is the shop (the controller). */
    provider: text.optional(),
    /** First party: set by the shop's own site. Third party: set by, and sent to, another company's site. */
    party: z.enum(['first', 'third']).default('first'),
    /** Who besides the shop can read it: for a third-party cookie, the provider and whoever it shares it with. */
    access: localized.optional(),
  })
  .refine((cookie) => cookie.party === 'first' || cookie.provider !== undefined, {
    path: ['provider'],
    error: "a third-party cookie names the company that sets it, e.g. provider: 'Google Ireland Limited'",
  })
  .refine((cookie) => cookie.party === 'first' || cookie.access !== undefined, {
    path: ['access'],
    error:
      "a third-party cookie says who can read it, e.g. access: { lv: 'Google Ireland Limited un Google LLC (ASV)', en: 'Google Ireland Limited and Google LLC (USA)' }",
  });

export type DeclaredCookieInput = z.input<typeof declaredCookie>;
