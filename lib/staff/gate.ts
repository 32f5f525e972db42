import type { Request, RequestHandler } from 'express';
import { translate } from '../i18n/index.js';
import type { Views } from '../http/views.js';
import { pageLocale } from '../http/locale.js';
import type { ResolvedOptions } from '../options/schema.js';

/** How the host says who is staff. */
type StaffOptions = Pick<ResolvedOptions, 'isStaff' | 'staffId'>;

/**
 * Staff pages exist only for whom the host's `isStaff(req)` says yes; to anyone else they
 * answer as an unknown page would (404), so they do not even reveal they are there.
 */
export function staffOnly(options: StaffOptions, views: Views): RequestHandler {
  return async function staffGate(req, res, next) {
    if (await options.isStaff(req)) {
      res.locals.privacyStaffId = await staffIdOf(options, req);
      return next();
    }
    // Answered here, for every method, so no host handler further on ever sees the request.
    const locale = pageLocale(res);
    views.send(res, 'message', { title: translate(locale, 'error.notFound.title'), message: translate(locale, 'error.notFound.text') }, 404);
  };
}

/** Who the staff member is, for the audit trail and "handled by": the host's `staffId(req)`, else "staff". */
export async function staffIdOf(options: StaffOptions, req: Request): Promise<string> {
  const id = await options.staffId(req);
  return id === null || id === undefined || String(id).trim() === '' ? 'staff' : String(id).slice(0, 64);
}
