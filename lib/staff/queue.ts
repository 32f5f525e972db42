import { Router, type Request, type Response } from 'express';
import type { Clock } from '../store/time.js';
import { formatDate, translate } from '../i18n/index.js';
import type { AuditTrail } from '../audit/trail.js';
import type { Locale } from '../options/locales.js';
import type { Csrf } from '../http/csrf.js';
import type { Views } from '../http/views.js';
import { withLang, pageLocale } from '../http/locale.js';
import { RequestRefusedError, type Requests } from '../requests/service.js';
import { requestTypes, type Actor, type PrivacyRequest, type RequestStatus } from '../requests/types.js';
import type { ListCursor } from '../requests/repository.js';
import { formBody } from '../http/form-body.js';
import { staffNav } from './nav.js';
import { closedStates, countCap, countText, listUrl, openStates, pageSize, parseListQuery, statesOf, type ListQuery } from './list-query.js';

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

/** The staff request queue: soonest due first, overdue flagged, a page at a time, filtered by type and state; a request's detail and its actions. */
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
  // Each list is read a page at a time from its keyset, and counted no further than countCap:
  // the page costs the same with 100 open requests as with 100,000.
  router.get('/', async function queue(req, res) {
    const locale = pageLocale(res);
    const now = clock();
    const db = requests.db;
    const query = parseListQuery(req.query as Record<string, unknown>);
    const states = statesOf(query.state);
    const base = `${staffPath}/`;
    const link = (cursors: { after?: ListCursor | null; closedAfter?: ListCursor | null }) => listUrl(base, locale, locales, query, cursors);
    const list = async (statuses: readonly RequestStatus[] | null, read: 'queuePage' | 'closedPage', after: ListCursor | null) => {
      if (!statuses) return null;
      const filter = { statuses, type: query.type };
      const page = await requests.repository[read](db, filter, after, pageSize);
      return {
        rows: page.requests.map((r) => row(r, locale, now)),
        next: page.next,
        count: countText(await requests.repository.countUpTo(db, filter, countCap), locale),
      };
    };
    const open = await list(states.open, 'queuePage', query.after);
    const closed = await list(states.closed, 'closedPage', query.closedAfter);
    views.send(
      res,
      'staff-queue',
      {
        title: translate(locale, 'staff.queue.title'),
        nav: staffNav(staffPath, locale, locales, 'queue'),
        error: query.problem ? translate(locale, query.problem) : null,
        filter: filterForm(locale, query, base),
        filtered: Boolean(query.type || query.state),
        open: open && pages(open, link({ after: open.next, closedAfter: query.closedAfter }), query.after && link({ closedAfter: query.closedAfter })),
        closed: closed && pages(closed, link({ after: query.after, closedAfter: closed.next }), query.closedAfter && link({ after: query.after })),
      },
      query.problem ? 400 : 200,
    );
  });

  /** A list with its "next page" link (when there is one) and "first page" (when not on it). */
  function pages<T extends { rows: unknown[]; next: ListCursor | null }>(list: T, nextUrl: string, firstUrl: string | null) {
    const next = list.next ? nextUrl : null;
    return { ...list, nextUrl: next, firstUrl, paged: Boolean(next || firstUrl), shown: list.rows.length > 0 || Boolean(firstUrl) };
  }

  /** The filter: a GET form whose choices are exactly the types and states the page accepts. */
  function filterForm(locale: Locale, query: ListQuery, base: string) {
    return {
      actionUrl: base,
      lang: locale === locales[0] ? null : locale,
      types: requestTypes.map((value) => ({ value, label: translate(locale, `request.type.${value}`), selected: value === query.type })),
      states: [...openStates, ...closedStates].map((value) => ({
        value,
        label: translate(locale, `request.status.${value}`),
        selected: value === query.state,
      })),
    };
  }

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
