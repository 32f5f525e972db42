import cookieParser from 'cookie-parser';
import { doubleCsrf } from 'csrf-csrf';
import type { Request, RequestHandler, Response } from 'express';

/** The CSRF cookie: strictly necessary, sent with the module's forms, gone when the browser closes (no Max-Age). */
export const csrfCookieName = 'privacy_csrf';

/**
 * CSRF protection for the module's forms, with csrf-csrf's signed double-submit cookie: it
 * needs no session of the host's and no shared state between instances, only the secret.
 */
export function createCsrf(secret: string) {
  const parseCookies = cookieParser();
  const { generateCsrfToken, doubleCsrfProtection } = doubleCsrf({
    getSecret: () => secret,
    // Bound to no session: the host may have none, and a new visitor's session id changes
    // until it is saved. The HMAC-signed cookie still cannot be set or read by another site.
    getSessionIdentifier: () => '',
    cookieName: csrfCookieName,
    cookieOptions: { sameSite: 'lax', path: '/', secure: false, httpOnly: true },
    getCsrfTokenFromRequest: (req) => (req.body as { _csrf?: string } | undefined)?._csrf ?? req.get('x-csrf-token'),
  });
  /** csrf-csrf reads `req.cookies`; parse them if the host did not. */
  const ensureCookies = (req: Request, res: Response) => {
    if (!req.cookies) parseCookies(req, res, () => undefined);
  };
  const protect: RequestHandler = function csrfProtection(req, res, next) {
    ensureCookies(req, res);
    doubleCsrfProtection(req, res, next);
  };
  return {
    /** A token for a form on this response (sets the strictly necessary CSRF cookie if missing). */
    token(req: Request, res: Response): string {
      // One token per response: a second call would set a second cookie and void the first token.
      if (typeof res.locals.privacyCsrfToken === 'string') return res.locals.privacyCsrfToken;
      ensureCookies(req, res);
      res.locals.privacyCsrfToken = generateCsrfToken(req, res);
      return res.locals.privacyCsrfToken;
    },
    protect,
  };
}

export type Csrf = ReturnType<typeof createCsrf>;
