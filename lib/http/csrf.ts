import { randomBytes } from 'node:crypto';
import cookieParser from 'cookie-parser';
import { doubleCsrf, type DoubleCsrfUtilities } from 'csrf-csrf';
import type { CookieOptions, Request, RequestHandler, Response } from 'express';
import type { Clock } from '../store/time.js';

/**
 * The CSRF cookies: strictly necessary, sent with the module's forms, gone when the browser
 * closes (no Max-Age). `privacy_csrf` holds the token; `privacy_csrf_id` the visitor id and the
 * issue time the token was signed with. Over HTTPS both are `__Host-` (Secure, Path=/, no
 * Domain): a browser takes such a cookie only from this very host over TLS, so neither a plain
 * HTTP response nor a sibling subdomain can plant a pair.
 */
export const csrfCookieName = 'privacy_csrf';
export const csrfVisitorCookieName = 'privacy_csrf_id';
export const hostPrefix = '__Host-';

const hour = 60 * 60 * 1000;
/**
 * A token older than this is refused with the "form expired" page (in the visitor's language):
 * long enough for a checkout left open over lunch, short enough that a pair taken once is not
 * a key for ever.
 */
export const csrfMaxAgeMs = 4 * hour;
/**
 * A page shown when the visitor's token is older than this issues a new one, so every form
 * rendered has at least `csrfMaxAgeMs - csrfRenewAfterMs` (3 hours) to be sent. Until then the
 * token is reused, so two tabs of the shop hold the same valid pair.
 */
export const csrfRenewAfterMs = 1 * hour;
/** Instances' clocks may differ a little: a token issued up to this far "ahead" is still fresh. */
const clockSkewMs = 60_000;

/** The visitor id and issue time a token is signed with: `<id>.<ms since epoch>`. */
interface Stamp {
  visitor: string;
  issuedAt: number;
  value: string;
}

function parseStamp(value: unknown): Stamp | undefined {
  if (typeof value !== 'string') return undefined;
  const match = /^([A-Za-z0-9_-]{22})\.(\d{1,15})$/.exec(value);
  return match?.[1] && match[2] ? { visitor: match[1], issuedAt: Number(match[2]), value } : undefined;
}

/**
 * CSRF protection for the module's forms, with csrf-csrf's signed double-submit cookie: it
 * needs no session of the host's and no shared state between instances, only the secret.
 * Each token is bound (csrf-csrf's `getSessionIdentifier`) to the visitor's random id and its
 * issue time, both in the companion cookie: a changed id or time breaks the token's HMAC, and a
 * time older than `csrfMaxAgeMs` is refused. The host's session is not used: it may have none,
 * and a new visitor's session id changes until it is saved.
 */
export function createCsrf(secret: string, clock: Clock) {
  const parseCookies = cookieParser();
  /** A stamp issued on this request, which its cookie will carry from the next request on. */
  const issued = new WeakMap<Request, string>();
  const names = (secure: boolean) => ({ token: `${secure ? hostPrefix : ''}${csrfCookieName}`, stamp: `${secure ? hostPrefix : ''}${csrfVisitorCookieName}` });
  const cookieOptions = (secure: boolean): CookieOptions => ({ sameSite: 'lax', path: '/', secure, httpOnly: true });
  const stampOf = (req: Request) => issued.get(req) ?? (req.cookies as Record<string, unknown>)[names(req.secure).stamp];
  const ageOf = (stamp: Stamp) => clock().getTime() - stamp.issuedAt;
  const fresh = (stamp: Stamp, maxAgeMs: number) => ageOf(stamp) >= -clockSkewMs && ageOf(stamp) <= maxAgeMs;

  /** One csrf-csrf per scheme, made once: the cookie's name and Secure follow `req.secure` (which honours `trust proxy`). */
  const forScheme = (secure: boolean): DoubleCsrfUtilities =>
    doubleCsrf({
      getSecret: () => secret,
      // A stamp past its age binds to nothing token() ever signs, so its token is refused.
      getSessionIdentifier: (req) => {
        const stamp = parseStamp(stampOf(req));
        return stamp && fresh(stamp, csrfMaxAgeMs) ? stamp.value : 'expired';
      },
      cookieName: names(secure).token,
      cookieOptions: cookieOptions(secure),
      getCsrfTokenFromRequest: (req) => (req.body as { _csrf?: string } | undefined)?._csrf ?? req.get('x-csrf-token'),
    });
  const schemes = { secure: forScheme(true), plain: forScheme(false) };
  const scheme = (req: Request) => (req.secure ? schemes.secure : schemes.plain);

  /** csrf-csrf reads `req.cookies`; parse them if the host did not. */
  const ensureCookies = (req: Request, res: Response) => {
    if (!req.cookies) parseCookies(req, res, () => undefined);
  };
  const protect: RequestHandler = function csrfProtection(req, res, next) {
    ensureCookies(req, res);
    scheme(req).doubleCsrfProtection(req, res, next);
  };
  return {
    /** A token for a form on this response (sets the strictly necessary CSRF cookies if missing or due for renewal). */
    token(req: Request, res: Response): string {
      // One token per response: a second call would set a second cookie and void the first token.
      if (typeof res.locals.privacyCsrfToken === 'string') return res.locals.privacyCsrfToken;
      ensureCookies(req, res);
      const current = parseStamp(stampOf(req));
      const renew = !current || !fresh(current, csrfRenewAfterMs);
      if (renew) {
        // The visitor keeps their id; only the issue time moves on.
        const stamp = `${current?.visitor ?? randomBytes(16).toString('base64url')}.${clock().getTime()}`;
        issued.set(req, stamp);
        res.cookie(names(req.secure).stamp, stamp, cookieOptions(req.secure));
      }
      res.locals.privacyCsrfToken = scheme(req).generateCsrfToken(req, res, { overwrite: renew });
      return res.locals.privacyCsrfToken;
    },
    protect,
  };
}

export type Csrf = ReturnType<typeof createCsrf>;
