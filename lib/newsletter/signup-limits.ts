import type { Knex } from 'knex';
import { DatabaseRateLimitStore } from '../http/rate-limit-store.js';

const hour = 60 * 60 * 1000;
/** Confirmation e-mails one address may be sent in an hour, whoever asks. */
export const signupsPerAddress = 5;
/** Sign-ups one IP may make in an hour, for any addresses. */
export const signupsPerIp = 20;

/**
 * The newsletter sign-up mails whatever address it is given, so it is bounded inside the module
 * (issue 18: 30 posts once sent 30 e-mails to a stranger): per address and, given the request,
 * per IP, counted in the shared database whichever form or hook of the shop asks.
 */
export function signupLimits(db: Knex, table: string, secret: string) {
  const store = (prefix: string, limit: number) => {
    const counter = new DatabaseRateLimitStore(db, table, secret, prefix);
    counter.init({ windowMs: hour, limit });
    return counter;
  };
  // The prefixes the example shop's own limits counted under before the module took them over.
  const byIp = store('newsletter-ip', signupsPerIp);
  const byAddress = store('newsletter-address', signupsPerAddress);
  return {
    /** Counts this sign-up; false once the IP (when known) or the address is past its hour's allowance. */
    async allow(email: string, ip: string | undefined): Promise<boolean> {
      if (ip && (await byIp.increment(ip)).totalHits > signupsPerIp) return false;
      return (await byAddress.increment(email)).totalHits <= signupsPerAddress;
    },
  };
}

export type SignupLimits = ReturnType<typeof signupLimits>;
