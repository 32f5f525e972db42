import type { Request, RequestHandler } from 'express';
import type { ResolvedOptions } from '../options/schema.js';

/**
 * Staff pages exist only for whom the host's `isStaff(req)` says yes; to anyone else they
 * answer as an unknown page would (404), so they do not even reveal they are there.
 */
export function staffOnly(options: ResolvedOptions): RequestHandler {
  return async function staffGate(req, res, next) {
    if (await options.isStaff(req)) {
      res.locals.privacyStaffId = await staffIdOf(options, req);
      return next();
    }
    next('router');
  };
}

/** Who the staff member is, for the audit trail and "handled by": the host's `staffId(req)`, else "staff". */
export async function staffIdOf(options: ResolvedOptions, req: Request): Promise<string> {
  const id = await options.staffId(req);
  return id === null || id === undefined || String(id).trim() === '' ? 'staff' : String(id).slice(0, 64);
}
