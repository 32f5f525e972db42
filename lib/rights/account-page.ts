import { Router, type Request, type Response } from 'express';
import { formatDate, translate } from '../i18n/index.js';
import type { Locale } from '../options/locales.js';
import type { ResolvedOptions } from '../options/schema.js';
import type { ConsentService } from '../consent/service.js';
import type { ConsentWordings } from '../consent/wording.js';
import type { Reconfirmation } from '../consent/reconfirm.js';
import type { Csrf } from '../http/csrf.js';
import type { Views } from '../http/views.js';
import { withLang as localePath, pageLocale } from '../http/locale.js';
import type { SubjectsRepository } from '../subjects/repository.js';
import type { Knex } from 'knex';
import type { Requests } from '../requests/service.js';
import type { Access } from './access.js';
import type { SubjectOf } from './current-subject.js';
import { guestSessionTtlMs } from '../requests/guest.js';
import type { RightsExercise } from './exercise.js';
import { shownValue } from './values.js';
import { contactFields, type ContactField } from '../options/sources.js';
import type { Rectification } from './rectify.js';

/** Rows shown per source on the page; the downloads carry all of them. */
const shownRows = 50;
/** The latest requests shown on the page; the downloads list every one. */
const shownRequests = 20;

/** A request staff have yet to answer. */
const pending = (status: string) => status === 'open' || status === 'in_progress';

interface Deps {
  db: Knex;
  options: Pick<
    ResolvedOptions,
    'clock' | 'consentPurposes' | 'controller' | 'currency' | 'customSources' | 'policy' | 'purposes' | 'tableSources' | 'timezone'
  >;
  views: Views;
  csrf: Csrf;
  access: Access;
  consents: ConsentService;
  wordings: ConsentWordings;
  subjects: SubjectsRepository;
  reconfirmation: Reconfirmation;
  rectification: Rectification;
  requests: Requests;
  rights: RightsExercise;
  subjectOf: SubjectOf;
  accountPath: string;
  requestPath: string;
}

/** What a form just reported to the page: errors and the values typed, or a notice. */
export interface FormOutcome {
  errors?: Record<string, string>;
  values?: Record<string, unknown>;
  notice?: string;
}

/**
 * The shopper's privacy account page: everything held, the Art. 15 information, consents with
 * a switch each, the other rights, and the downloads. Who the shopper is comes only from the
 * host's `currentCustomer(req)` or a guest's verified e-mail link: nothing in the URL can
 * point at another person's data. Anyone else is sent to the request page.
 */
/** The correction form's fields in the order a person reads them. */
const formOrder: readonly ContactField[] = ['full_name', 'first_name', 'last_name', 'phone', 'address', 'street', 'postcode', 'city', 'country', 'email'];
/** What a shop without table sources (or with a custom one) is offered. */
const usualContact: readonly ContactField[] = ['first_name', 'last_name', 'phone', 'address'];

export function accountPage({
  db,
  options,
  views,
  csrf,
  access,
  consents,
  wordings,
  subjects,
  reconfirmation,
  rectification,
  requests,
  rights,
  subjectOf,
  accountPath,
  requestPath,
}: Deps) {
  const router = Router();
  const consentIds = options.consentPurposes.map((p) => p.id);
  const legitimate = options.purposes.filter((p) => p.legalBasis === 'legitimate_interests');
  const withLang = (path: string, locale: Locale) => localePath(path, locale, options.policy.locales);
  // The correction form offers what the shop's tables keep (a custom source may take the usual fields), and the e-mail always.
  const kept = new Set([
    ...options.tableSources.flatMap((source) =>
      [source.columns, ...source.links.map((link) => link.columns)].flatMap((columns) => Object.values(columns).flatMap((c) => (c.contact ? [c.contact] : []))),
    ),
    ...(options.customSources.length > 0 || options.tableSources.length === 0 ? usualContact : []),
  ]);
  const contactForm = formOrder.filter((field) => field === 'email' || kept.has(field));

  router.get('/account', async function account(req, res) {
    if (!(await subjectOf(req))) return res.redirect(303, withLang(requestPath, pageLocale(res)));
    await show(req, res);
  });

  /** The page, with what a form just reported. */
  async function show(req: Request, res: Response, form: FormOutcome = {}, status = 200): Promise<void> {
    const locale = pageLocale(res);
    const subject = await subjectOf(req);
    if (!subject) return sessionNeeded(res, locale);
    const sections = [];
    for (const section of access.sections(subject, locale)) {
      const rows = [];
      let more = false;
      for await (const row of section.rows) {
        if (rows.length === shownRows) {
          more = true;
          break;
        }
        rows.push({
          fields: Object.entries(row.values).map(([column, value]) => ({
            label: section.labels[column] ?? column,
            value: shownValue(value, section.formats[column], locale, options.currency, options.timezone),
          })),
          children: Object.entries(row.children).flatMap(([childId, childRows]) =>
            childRows.map((values) => ({
              label: section.childLabels[childId]?.label,
              text: Object.entries(values)
                .map(
                  ([k, v]) =>
                    `${section.childLabels[childId]?.labels[k] ?? k}: ${shownValue(v, section.childLabels[childId]?.formats[k], locale, options.currency, options.timezone)}`,
                )
                .join('; '),
            })),
          ),
        });
      }
      sections.push({
        ...section,
        rows,
        more,
        purposeTitles: section.purposes.map((id) => access.information(locale).purposes.find((p) => p.id === id)?.title ?? id).join(', '),
      });
    }
    const states = await consents.of(subject.id === null ? null : { subjectId: subject.id });
    const current = await rectification.current(subject);
    const flags = subject.id === null ? undefined : await subjects.flags(db, subject.id);
    const when = (at: unknown) => (at === null || at === undefined ? null : formatDate(new Date(at as string), locale, options.timezone));
    // Newest first and bounded: the page never reads a long history whole; the downloads carry it.
    const latestRequests =
      subject.id !== null || subject.emailVerified
        ? await requests.repository.ofSubject(db, subject.id, subject.emailVerified ? requests.hashAddress(subject.email) : null, { limit: shownRequests + 1 })
        : [];
    const recentRequests = latestRequests.slice(0, shownRequests);
    const rectifyErrors = Boolean(form.errors && Object.keys(form.errors).some((field) => field !== 'objection' && field !== 'restriction'));
    views.send(
      res,
      'account',
      {
        title: translate(locale, 'account.title'),
        email: subject.email,
        sections,
        shownRows,
        consents: states
          .filter((s) => consentIds.includes(s.purpose))
          .map((s) => ({
            ...s,
            wording: wordings.of(s.purpose, locale).text,
            since: s.updatedAt ? formatDate(s.updatedAt, locale, options.timezone) : null,
          })),
        csrfToken: csrf.token(req, res),
        actionUrl: withLang(`${accountPath}/consents`, locale),
        txtUrl: withLang(`${accountPath}/export.txt`, locale),
        jsonUrl: withLang(`${accountPath}/export.json`, locale),
        information: access.information(locale),
        reconfirm: await reconfirmation.prompt(req, res, locale),
        restrictedSince: when(flags?.restricted_at),
        objectedOn: when(flags?.marketing_objection_at),
        restrictUrl: withLang(`${accountPath}/restrict`, locale),
        restrictPartUrl: withLang(`${accountPath}/restrict/part`, locale),
        restrictionError: form.errors?.restriction,
        restrictionWhat: form.values && typeof form.values.what === 'string' ? form.values.what : '',
        eraseUrl: withLang(`${accountPath}/erase`, locale),
        objectUrl: withLang(`${accountPath}/object`, locale),
        rectifyUrl: withLang(`${accountPath}/rectify`, locale),
        contact: contactForm.map((field) => ({
          field,
          label: translate(locale, `rectify.field.${field}`),
          value: form.values ? String(form.values[field] ?? '') : (current[field] ?? ''),
          error: form.errors?.[field],
          type: field === 'email' ? 'email' : field === 'phone' ? 'tel' : 'text',
        })),
        rectifyErrors,
        other: form.values && typeof form.values.other === 'string' ? form.values.other : '',
        otherError: form.errors?.other,
        objectionError: form.errors?.objection,
        objectionReason: form.values && typeof form.values.reason === 'string' ? form.values.reason : '',
        legitimate: legitimate.map((p) => ({ id: p.id, title: p.title[locale] ?? p.id, selected: form.values?.purpose === p.id })),
        objectLegitUrl: withLang(`${accountPath}/object/legitimate`, locale),
        guest: subject.context.channel === 'guest' ? { minutes: guestSessionTtlMs / 60000, endUrl: withLang(`${requestPath}/end`, locale) } : null,
        // An address the shop has not proved: the guests' link proves it, and what it holds shows here then.
        prove: subject.context.channel === 'account' && !subject.emailVerified ? { actionUrl: withLang(requestPath, locale) } : null,
        moreRequests: latestRequests.length > shownRequests,
        shownRequests,
        requests: recentRequests.map((r) => ({
          line: translate(locale, 'account.requests.line', {
            id: r.id,
            type: translate(locale, `request.type.${r.type}`),
            received: formatDate(r.receivedAt, locale, options.timezone),
            status: translate(locale, `request.status.${r.status}`),
          }),
          due: pending(r.status) ? translate(locale, 'account.requests.due', { due: formatDate(r.dueAt, locale, options.timezone) }) : null,
        })),
        // The page folds each section below the consents; these open: a form that reports an error,
        // a restriction in force (it stops everything), requests still waiting for an answer.
        open: {
          rectify: rectifyErrors,
          restrict: Boolean(flags?.restricted_at) || Boolean(form.errors?.restriction),
          objectLegitimate: Boolean(form.errors?.objection),
          requests: recentRequests.some((r) => pending(r.status)),
        },
        notice: form.notice ?? (await noticeOf(req, subject.id, subject.email, locale)),
      },
      status,
    );
  }

  async function noticeOf(req: Request, subjectId: number | null, email: string, locale: Locale): Promise<string | null> {
    const id = Number(req.query.request);
    // Only the shopper's own request is named: the number in the URL cannot show another's.
    const request = Number.isSafeInteger(id) && id > 0 ? await requests.find(id) : undefined;
    if (request && subjectId !== null && request.subjectId === subjectId)
      return translate(locale, 'account.received', { id, due: formatDate(request.dueAt, locale, options.timezone) });
    if (req.query.saved === '1') return translate(locale, 'account.saved');
    const corrected = typeof req.query.corrected === 'string' ? req.query.corrected.split(',').filter(isContactField) : [];
    const sent = req.query.emailSent === '1' ? translate(locale, 'rectify.emailSent') : '';
    if (corrected.length > 0) {
      const fields = corrected.map((field) => translate(locale, `rectify.field.${field}`).toLocaleLowerCase(locale)).join(', ');
      return `${translate(locale, 'rectify.corrected', { fields })}${sent ? ` ${sent}` : ''}`;
    }
    if (sent) return sent;
    if (req.query.confirmSent === '1') return translate(locale, 'account.newsletterConfirmSent', { email });
    return null;
  }

  function sessionNeeded(res: Response, locale: Locale): void {
    views.send(
      res,
      'message',
      {
        title: translate(locale, 'account.loginNeeded.title'),
        message: translate(locale, 'account.loginNeeded.text', { email: options.controller.email }),
        link: { url: withLang(requestPath, locale), label: translate(locale, 'request.forGuests') },
      },
      401,
    );
  }

  for (const format of ['txt', 'json'] as const) {
    router.get(`/account/export.${format}`, async function download(req, res) {
      const locale = pageLocale(res);
      const subject = await subjectOf(req);
      if (!subject) return sessionNeeded(res, locale);
      await rights.downloaded(subject, locale, format);
      res.type(format === 'txt' ? 'text/plain; charset=utf-8' : 'application/json; charset=utf-8');
      res.attachment(`${options.controller.website}-privacy-${options.clock().toISOString().slice(0, 10)}.${format}`);
      res.set('Cache-Control', 'no-store');
      // Written as it is read, so a long history never sits in memory whole.
      for await (const piece of format === 'txt' ? access.txt(subject, locale) : access.json(subject, locale)) {
        if (!res.write(piece)) await new Promise((resolve) => res.once('drain', resolve));
      }
      res.end();
    });
  }

  return { router, show, sessionNeeded, withLang };
}

export type AccountPage = ReturnType<typeof accountPage>;

const isContactField = (field: string): field is ContactField => (contactFields as readonly string[]).includes(field);
