import type { Request, Response } from 'express';
import type { Knex } from 'knex';
import { rateLimit } from 'express-rate-limit';
import { DatabaseRateLimitStore } from '../http/rate-limit-store.js';
import type { TableNames } from '../store/tables.js';

const hour = 60 * 60 * 1000;

/** A browser keeps its GPC refusal in the consent cookie; one that keeps none is counted by address instead. */
const cookielessRefusalsPerHour = 30;

/**
 * Whether a GPC signal from a browser that sends no consent cookie may be written to the ledger.
 * A real browser keeps the cookie set with its first refusal and never asks again; a client that
 * drops it would otherwise append a ledger row with every page (issue 18: nothing anonymous grows
 * without bound). Past the limit the page still refuses advertising; only the row is not written.
 */
export function gpcRecordingLimit(db: Knex, tables: TableNames, secret: string): (req: Request, res: Response) => Promise<boolean> {
  const limit = rateLimit({
    windowMs: hour,
    limit: cookielessRefusalsPerHour,
    standardHeaders: false,
    legacyHeaders: false,
    store: new DatabaseRateLimitStore(db, tables.rateLimits, secret, 'gpc-ip'),
    // Not a refusal of the page: the middleware goes on, told that this one is not recorded.
    handler: (_req, res, next) => {
      res.locals.privacyGpcUnrecorded = true;
      next();
    },
  });
  return (req, res) =>
    new Promise<boolean>((resolve, reject) => {
      void limit(req, res, (err?: unknown) =>
        err ? reject(err instanceof Error ? err : new Error(String(err))) : resolve(res.locals.privacyGpcUnrecorded !== true),
      );
    });
}
