import { Router } from 'express';
import type { Knex } from 'knex';
import { formatDate, formatNumber, pick, translate } from '../i18n/index.js';
import type { AuditTrail } from '../audit/trail.js';
import type { ConsentService } from '../consent/service.js';
import type { Locale } from '../options/locales.js';
import { pageLocale, withLang } from '../http/locale.js';
import type { ResolvedOptions } from '../options/schema.js';
import type { Views } from '../http/views.js';
import type { Requests } from '../requests/service.js';
import type { SourceRepository, SubjectKey } from '../sources/repository.js';
import { normaliseEmail } from '../subjects/email.js';
import type { SubjectsRepository } from '../subjects/repository.js';
import type { ConsentFollowUps } from '../consent/follow-up.js';
import { staffNav } from './nav.js';
import { countCap } from './list-query.js';

/** A subject's requests shown at once; older ones follow a page at a time. */
const requestsPerPage = 20;

interface Deps {
  db: Knex;
  options: Pick<ResolvedOptions, 'policy' | 'purposes' | 'tableSources' | 'timezone'>;
  views: Views;
  sources: SourceRepository;
  subjects: SubjectsRepository;
  consents: ConsentService;
  followUps: Pick<ConsentFollowUps, 'settle'>;
  requests: Requests;
  audit: AuditTrail;
  staffPath: string;
}

/**
 * Subject look-up for staff, by e-mail or by order number and telephone (the policy's
 * "identifying the user by phone"). It shows only what handling a request needs: how many
 * records each source holds, consents, restriction, requests; never the records themselves.
 * Every search that finds someone is audited.
 */
export function subjectLookupRoutes({ db, options, views, sources, subjects, consents, followUps, requests, audit, staffPath }: Deps): Router {
  const router = Router();
  const { tableSources } = options;
  const text = (value: unknown) => (typeof value === 'string' ? value.trim().slice(0, 254) : '');

  router.get('/lookup', async function lookup(req, res) {
    const locale = pageLocale(res);
    const query = { email: text(req.query.email), order: text(req.query.order), phone: text(req.query.phone) };
    // The subject's older requests, a page at a time by number (the keyset): `before` is the last one shown.
    const before = req.query.before === undefined ? null : /^\d{1,10}$/.test(String(req.query.before)) ? Number(req.query.before) : 'invalid';
    const page = {
      title: translate(locale, 'staff.lookup.title'),
      nav: staffNav(staffPath, locale, options.policy.locales, 'lookup'),
      query,
      actionUrl: `${staffPath}/lookup`,
      locale,
    };
    if (!query.email && !query.order) return views.send(res, 'staff-lookup', page);
    if (before === 'invalid') return views.send(res, 'staff-lookup', { ...page, error: translate(locale, 'staff.list.badCursor') }, 400);
    const found = await find(query);
    if (found === 'invalid') return views.send(res, 'staff-lookup', { ...page, error: translate(locale, 'staff.lookup.invalid') }, 422);
    // Every search is audited, found or not; the details say how, never what was typed.
    await audit.recordNow({
      actor: { type: 'staff', id: res.locals.privacyStaffId as string },
      action: 'staff.looked_up_subject',
      subjectId: found ? found.id : null,
      // Someone only the shop's tables know has no subject id: the keyed hash of the address says who, not the address.
      details: {
        by: query.email ? 'email' : 'order_and_phone',
        found: Boolean(found),
        ...(found && found.id === null ? { emailHash: requests.hashAddress(found.email) } : {}),
      },
    });
    if (!found) return views.send(res, 'staff-lookup', { ...page, none: true });
    views.send(res, 'staff-lookup', { ...page, result: await describe(found, locale, query, before) });
  });

  async function find(query: { email: string; order: string; phone: string }): Promise<SubjectKey | null | 'invalid'> {
    let email: string | null;
    let customerId: string | null = null;
    if (query.email) {
      email = normaliseEmail(query.email);
      if (!email) return 'invalid';
    } else {
      if (!query.phone) return 'invalid';
      const row = await sources.byReference(tableSources, query.order, query.phone);
      if (!row) return null;
      email = normaliseEmail(row.email);
      customerId = row.customerId;
    }
    // A checkout recorded in one statement a moment ago is followed up first, so staff see its answers.
    await followUps.settle({ email, customerId });
    const known = (email ? await subjects.findByEmail(db, email) : undefined) ?? (customerId ? await subjects.findByCustomer(db, customerId) : undefined);
    // Staff look at what is held under the address, as a request about it needs.
    if (known) return { id: known.id, email: known.email, customerId: known.customer_id ?? customerId, emailVerified: true };
    if (email && (await sources.holdsAnything(tableSources, email))) return { id: null, email, customerId, emailVerified: true };
    return null;
  }

  async function describe(subject: SubjectKey, locale: Locale, query: Record<string, string>, before: number | null) {
    const held = [];
    for (const source of tableSources) {
      // Counted no further than countCap rows: a shop's busiest address costs what a page does.
      const [row] = (await db.count({ n: '*' }).from(
        sources
          .matching(db(source.table).select(db.raw('1')), source, subject)
          .limit(countCap + 1)
          .as('held'),
      )) as { n: number | string }[];
      const n = Number(row?.n ?? 0);
      const label = pick(source.label, locale);
      held.push(
        n > countCap
          ? translate(locale, 'staff.lookup.heldMore', { label, count: formatNumber(countCap, locale) })
          : translate(locale, 'staff.lookup.held', { label, count: n }),
      );
    }
    const theirs = await requests.repository.ofSubject(db, subject.id, requests.hashAddress(subject.email), { before, limit: requestsPerPage + 1 });
    const last = theirs.length > requestsPerPage ? theirs[requestsPerPage - 1] : undefined;
    const more = (params: Record<string, string>) => withLang(`${staffPath}/lookup?${new URLSearchParams(params).toString()}`, locale, options.policy.locales);
    const asked = Object.fromEntries(Object.entries(query).filter(([, value]) => value !== ''));
    const flags = subject.id === null ? undefined : await subjects.flags(db, subject.id);
    const when = (at: unknown) => (at === null || at === undefined ? null : formatDate(new Date(at as string), locale, options.timezone));
    const states = subject.id === null ? [] : await consents.of({ subjectId: subject.id });
    // Customers who gave this address without proving it, and checkouts by other accounts that used it.
    const records = await subjects.allAt(db, subject.email);
    const notes = [];
    for (const record of records) {
      for (const entry of await audit.list({ subjectId: record.id, action: 'subject.address_used_by_another', limit: 20 })) {
        notes.push(translate(locale, 'staff.lookup.borrowed', { date: formatDate(entry.at, locale, options.timezone), customer: entry.actorId ?? '?' }));
      }
    }
    return {
      claims: records.filter((r) => r.customer_key !== '').map((r) => translate(locale, 'staff.lookup.claim', { customer: r.customer_id ?? r.customer_key })),
      notes,
      email: subject.email,
      customerId: subject.customerId,
      held,
      consents: states.map(
        (s) =>
          `${pick(options.purposes.find((p) => p.id === s.purpose)?.title, locale)}: ${translate(locale, s.granted ? 'account.granted' : 'account.notGranted')}`,
      ),
      restricted: when(flags?.restricted_at),
      objected: when(flags?.marketing_objection_at),
      requests: theirs.slice(0, requestsPerPage).map((r) => ({
        url: `${staffPath}/requests/${r.id}`,
        text: `${r.id}: ${translate(locale, `request.type.${r.type}`)}, ${translate(locale, `request.status.${r.status}`)}`,
      })),
      olderUrl: last ? more({ ...asked, before: String(last.id) }) : null,
      newestUrl: before === null ? null : more(asked),
    };
  }

  return router;
}
