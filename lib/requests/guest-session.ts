import type { Request, Response } from 'express';
import { readCookie } from '../http/cookies.js';

const minute = 60_000;

/** The verified session a guest's e-mailed link opens: long enough to read, download and decide; short enough to be safe on a shared computer. */
export const guestSessionTtlMs = 30 * minute;

/** The cookie that carries a verified guest's session token (random, stored hashed, 30 minutes); `__Host-privacy_guest` over HTTPS. */
export const guestCookie = 'privacy_guest';

/**
 * The guest session as one cookie: set when a link is verified, read on each page, cleared on end or erasure.
 * Over HTTPS (`req.secure`, which honours `trust proxy`) it is `__Host-privacy_guest`: Secure, Path=/ and no
 * Domain, so neither a plain HTTP response nor a sibling subdomain can plant a session in the shopper's
 * browser. The prefix needs Path=/, which widens the cookie from the module's pages to the whole site; it is
 * HttpOnly, so the shop's scripts still cannot read it. Over plain HTTP (development) it stays
 * `privacy_guest` for the module's path. Each request reads only the name that fits it.
 */
export function guestSessionCookie(cookiePath: string) {
  const cookieOf = (secure: boolean) =>
    secure
      ? { name: `__Host-${guestCookie}`, attributes: { path: '/', httpOnly: true, sameSite: 'lax', secure: true } as const }
      : { name: guestCookie, attributes: { path: cookiePath, httpOnly: true, sameSite: 'lax', secure: false } as const };
  return {
    read: (req: Request): string | undefined => readCookie(req.headers.cookie, cookieOf(req.secure).name),
    set: (req: Request, res: Response, token: string): void => {
      const { name, attributes } = cookieOf(req.secure);
      res.cookie(name, token, { ...attributes, maxAge: guestSessionTtlMs });
    },
    clear: (res: Response): void => {
      const { name, attributes } = cookieOf(res.req.secure);
      res.clearCookie(name, attributes);
    },
  };
}
