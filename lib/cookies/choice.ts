import { randomBytes } from 'node:crypto';
import cookieSignature from 'cookie-signature';

export { cookieCategories, type CookieCategory } from '../options/cookies.js';

/** What the consent cookie remembers: the visitor's answers, under which policy, since when. */
export interface CookieChoice {
  visitorId: string;
  /** null: not answered yet (e.g. only GPC has spoken for marketing). */
  analytics: boolean | null;
  marketing: boolean | null;
  policyVersion: string;
  /** Seconds since the epoch when the choice was made. */
  madeAt: number;
  /** A Global Privacy Control signal was seen and recorded. */
  gpc: boolean;
}

export function newVisitorId(): string {
  return randomBytes(16).toString('base64url');
}

const flag = (value: boolean | null) => (value === null ? '' : value ? '1' : '0');
const unflag = (value: string | undefined) => (value === '1' ? true : value === '0' ? false : null);

/** `visitor.analytics.marketing.version.time.gpc`, signed with the secret (express's cookie-signature). */
export function encodeChoice(choice: CookieChoice, secret: string): string {
  const value = [
    choice.visitorId,
    flag(choice.analytics),
    flag(choice.marketing),
    Buffer.from(choice.policyVersion).toString('base64url'),
    choice.madeAt,
    choice.gpc ? '1' : '0',
  ].join('.');
  return cookieSignature.sign(value, secret);
}

/** The choice in a cookie value, or null if it is missing, forged or malformed. */
export function decodeChoice(raw: string | undefined, secret: string): CookieChoice | null {
  if (!raw || raw.length > 512) return null;
  const value = cookieSignature.unsign(raw, secret);
  if (value === false) return null;
  const [visitorId, analytics, marketing, version, madeAt, gpc] = value.split('.');
  if (!visitorId || !/^[A-Za-z0-9_-]{22}$/.test(visitorId) || version === undefined || !/^\d+$/.test(madeAt ?? '')) return null;
  return {
    visitorId,
    analytics: unflag(analytics),
    marketing: unflag(marketing),
    policyVersion: Buffer.from(version, 'base64url').toString('utf8'),
    madeAt: Number(madeAt),
    gpc: gpc === '1',
  };
}
