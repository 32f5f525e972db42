import { Router, type Request, type Response } from 'express';
import type { Clock } from '../store/time.js';
import { formatDate, translate } from '../i18n/index.js';
import type { AuditTrail } from '../audit/trail.js';
import type { Locale } from '../options/locales.js';
import type { Csrf } from '../http/csrf.js';
import type { Views } from '../http/views.js';
import { withLang, pageLocale } from '../http/locale.js';
import { RequestRefusedError, type Requests } from '../requests/service.js';
import type { Actor, PrivacyRequest } from '../requests/types.js';
import { formBody } from '../http/form-body.js';
import { staffNav } from './nav.js';

interface Deps {
  locales: readonly Locale[];
  clock: Clock;
  /** The shop's time zone, for the days shown; UTC until the assembly passes it. */
  timezone?: string;
  views: Views;
  csrf: Csrf;
  requests: Requests;
  audit: AuditTrail;
  staffPath: string;
}

const staffOf = (res: Response): Actor => ({ type: 'staff', id: res.locals.privacyStaffId as string });

/** The staff request queue: soonest due first, overdue flagged; a request's detail and its actions. */
export function requestQueueRoutes({ locales, clock, timezone, views, csrf, requests, audit, staffPath }: Deps): Router {
  const router = Router();

  const row = (request: PrivacyRequest, locale: Locale, now: Date) => ({
    id: request.id,
    url: `${staffPath}/requests/${request.id}`,
    type: translate(locale, `request.type.${request.type}`),
    status: translate(locale, `request.status.${request.status}`),
    channel: translate(locale, `request.channel.${request.channel}`),
    received: formatDate(request.receivedAt, locale, timezone),
    due: formatDate(request.dueAt, locale, timezone),
    closed: request.closedAt ? formatDate(request.closedAt, locale, timezone) : null,
    overdue: ['open', 'in_progress'].includes(request.status) && request.dueAt.getTime() < now.getTime(),
  });

  // The queue shows no personal data (no addresses, no words of the shopper), so viewing it is not audited.
  router.get('/', async function queue(_req, res) {
    const locale = pageLocale(res);
    const now = clock();
    const db = requests.db;
    views.send(res, 'staff-queue', {
      title: translate(locale, 'staff.queue.title'),
      nav: staffNav(staffPath, locale, locales, 'queue'),
      open: (await requests.repository.queue(db)).map((r) => row(r, locale, now)),
      closed: (await requests.repository.recentlyClosed(db)).map((r) => row(r, locale, now)),
    });
  });

  async function detail(req: Request, res: Response, state: { error?: string; notice?: string } = {}, status = 200): Promise<void> {
    const locale = pageLocale(res);
    const id = Number(req.params.id);
    const request = /^\d{1,9}$/.test(String(req.params.id)) ? await requests.find(id) : undefined;
    if (!request) return notFound(res, locale);
    // The address and the shopper's own words are personal data: every look is audited.
    await audit.recordNow({ actor: staffOf(res), action: 'staff.viewed_request', subjectId: request.subjectId, requestId: request.id });
    const open = ['open', 'in_progress'].includes(request.status);
    views.send(
      res,
      'staff-request',
      {
        title: translate(locale, 'staff.request.title', { id: request.id }),
        nav: staffNav(staffPath, locale, locales, 'queue'),
        request: row(request, locale, clock()),
        email: request.email,
        details: request.details,
        extended: request.extendedAt
          ? translate(locale, 'staff.request.extended', { date: formatDate(request.extendedAt, locale, timezone), reason: request.extensionReason ?? '' })
          : null,
        outcome: request.outcome,
        handledBy: request.handledBy,
        lookupUrl: request.email ? `${staffPath}/lookup?email=${encodeURIComponent(request.email)}` : null,
        open,
        canStart: request.status === 'open',
        canExtend: open && !request.extendedAt,
        actionUrl: `${staffPath}/requests/${request.id}`,
        csrfToken: csrf.token(req, res),
        error: state.error,
        notice: state.notice ?? (req.query.saved === '1' ? translate(locale, 'staff.action.saved') : null),
      },
      status,
    );
  }

  router.get('/requests/:id', (req, res) => detail(req, res));

  const body = formBody({ limit: '8kb', parameterLimit: 10 });
  // A Map, not an object: "/constructor" or "/valueOf" must find nothing, not Object.prototype's.
  const actions = new Map<string, (id: number, staff: Actor, form: Record<string, unknown>) => Promise<unknown>>([
    ['start', (id, staff) => requests.start(id, staff)],
    ['complete', (id, staff, form) => requests.complete(id, staff, typeof form.note === 'string' ? form.note : undefined)],
    ['extend', (id, staff, form) => requests.extend(id, staff, Number(form.months), form.reason)],
    ['refuse', (id, staff, form) => requests.refuse(id, staff, form.reason)],
  ]);
  router.post('/requests/:id/:action', body, csrf.protect, async function act(req, res) {
    const locale = pageLocale(res);
    const action = actions.get(String(req.params.action));
    const id = Number(req.params.id);
    if (!action || !/^\d{1,9}$/.test(String(req.params.id)) || !(await requests.find(id))) return notFound(res, locale);
    try {
      await action(id, staffOf(res), req.body as Record<string, unknown>);
    } catch (err) {
      if (err instanceof RequestRefusedError) return detail(req, res, { error: translate(locale, err.key) }, 422);
      throw err;
    }
    res.redirect(303, withLang(`${staffPath}/requests/${id}?saved=1`, locale, locales));
  });

  function notFound(res: Response, locale: Locale): void {
    views.send(res, 'message', { title: translate(locale, 'error.notFound.title'), message: translate(locale, 'error.notFound.text') }, 404);
  }

  return router;
}
