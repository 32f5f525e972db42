import type { Request, RequestHandler, Response } from 'express';
import type { Knex } from 'knex';
import { rateLimit } from 'express-rate-limit';
import { DatabaseRateLimitStore } from './rate-limit-store.js';

export interface FormLimitOptions {
  db: Knex;
  /** The rate-limit table, shared by every instance of the shop. */
  table: string;
  /** Keys the counters' HMAC: the table holds neither an address nor an IP in clear. */
  secret: string;
  /** Names the counters: `<name>-ip` and `<name>-address`. */
  name: string;
  windowMs: number;
  /** Posts one IP may make per window. */
  perIp: number;
  /** Posts that may mail one address per window; counted only with `addressOf`. */
  perAddress?: number;
  /**
   * The address this post would mail, normalised, or null when it mails none: such a post is
   * counted by neither limit. Without it every post counts against its IP.
   */
  addressOf?: (req: Request) => string | null | Promise<string | null>;
  /** The answer past either limit (the caller's page, in the shopper's language, status 429). */
  limited: (req: Request, res: Response) => void;
}

/**
 * Limits for a form that mails someone or writes for a stranger (issue 18: a form that mails any
 * address it is given must be bounded per address and per IP), counted in the shared database.
 * Built once at mount; per request it resolves the address once and counts.
 */
export function formLimits({ db, table, secret, name, windowMs, perIp, perAddress, addressOf, limited }: FormLimitOptions): RequestHandler[] {
  const addresses = new WeakMap<Request, string | null>();
  const store = (kind: string) => new DatabaseRateLimitStore(db, table, secret, `${name}-${kind}`);
  const handler = (req: Request, res: Response) => limited(req, res);
  const mailsNobody = (req: Request) => addressOf !== undefined && (addresses.get(req) ?? null) === null;
  const handlers: RequestHandler[] = [];
  if (addressOf) {
    handlers.push(async function resolveAddress(req, _res, next) {
      try {
        addresses.set(req, await addressOf(req));
        next();
      } catch (err) {
        next(err);
      }
    });
  }
  handlers.push(rateLimit({ windowMs, limit: perIp, standardHeaders: 'draft-8', legacyHeaders: false, store: store('ip'), handler, skip: mailsNobody }));
  if (addressOf && perAddress !== undefined) {
    handlers.push(
      rateLimit({
        windowMs,
        limit: perAddress,
        standardHeaders: false,
        legacyHeaders: false,
        store: store('address'),
        handler,
        skip: mailsNobody,
        // skip() has let through only a post that names an address.
        keyGenerator: (req) => addresses.get(req) ?? '',
      }),
    );
  }
  return handlers;
}
