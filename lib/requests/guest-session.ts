import type { Request, Response } from 'express';
import { readCookie } from '../http/cookies.js';

const minute = 60_000;

/** The verified session a guest's e-mailed link opens: long enough to read, download and decide; short enough to be safe on a shared computer. */
export const guestSessionTtlMs = 30 * minute;

/** The cookie that carries a verified guest's session token (random, stored hashed, 30 minutes). */
export const guestCookie = 'privacy_guest';

/** The guest session as one cookie: set when a link is verified, read on each page, cleared on end or erasure. */
export function guestSessionCookie(cookiePath: string) {
  const attributes = { path: cookiePath, httpOnly: true, sameSite: 'lax' } as const;
  return {
    read: (req: Request): string | undefined => readCookie(req.headers.cookie, guestCookie),
    set: (req: Request, res: Response, token: string): void =>
      void res.cookie(guestCookie, token, { ...attributes, secure: req.secure, maxAge: guestSessionTtlMs }),
    clear: (res: Response): void => void res.clearCookie(guestCookie, attributes),
  };
}
