import express, { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { formatDate, translate } from '../i18n/index.js';
import type { Locale } from '../options/locales.js';
import type { ResolvedOptions } from '../options/schema.js';
import type { ConsentService } from '../consent/service.js';
import type { ConsentWordings } from '../consent/wording.js';
import type { Reconfirmation } from '../consent/reconfirm.js';
import type { Csrf } from '../http/csrf.js';
import type { Views } from '../http/views.js';
import type { SubjectsRepository } from '../subjects/repository.js';
import type { Knex } from 'knex';
import type { Access } from './access.js';
import { currentSubject } from './current-subject.js';
import type { Restriction } from './restriction.js';
import { contactChanges, type Rectification } from './rectify.js';

/** Rows shown per source on the page; the downloads carry all of them. */
const shownRows = 50;

interface Deps {
  db: Knex;
  options: ResolvedOptions;
  views: Views;
  csrf: Csrf;
  access: Access;
  consents: ConsentService;
  wordings: ConsentWordings;
  subjects: SubjectsRepository;
  reconfirmation: Reconfirmation;
  restriction: Restriction;
  rectification: Rectification;
  accountPath: string;
}

/**
 * The shopper's privacy account page: everything held, the Art. 15 information, consents with
 * a switch each, and the downloads. Who the shopper is comes only from the host's
 * `currentCustomer(req)`: nothing in the URL can point at another person's data.
 */
export function accountRoutes({ db, options, views, csrf, access, consents, wordings, subjects, reconfirmation, restriction, rectification, accountPath }: Deps): Router {
  const router = Router();
  const consentIds = options.purposes.filter((p) => p.legalBasis === 'consent').map((p) => p.id);

  const subjectOf = currentSubject(db, options, subjects);

  function loginNeeded(res: Response, locale: Locale): void {
    views.send(res, 'message', { title: translate(locale, 'account.loginNeeded.title'), message: translate(locale, 'account.loginNeeded.text', { email: options.controller.email }) }, 401);
  }

  router.get('/account', (req, res) => showAccount(req, res));

  /** The page, with what a form just reported: errors and the values typed, or a notice. */
  async function showAccount(req: Request, res: Response, form: { errors?: Record<string, string>; values?: Record<string, unknown>; notice?: string } = {}, status = 200) {
    const locale: Locale = res.locals.privacyLocale;
    const subject = await subjectOf(req);
    if (!subject) return loginNeeded(res, locale);
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
          fields: Object.entries(row.values).map(([column, value]) => ({ label: section.labels[column] ?? column, value: value ?? '—' })),
          children: Object.entries(row.children).flatMap(([childId, childRows]) => childRows.map((values) => ({
            label: section.childLabels[childId]?.label,
            text: Object.entries(values).map(([k, v]) => `${section.childLabels[childId]?.labels[k] ?? k}: ${v ?? '—'}`).join('; '),
          }))),
        });
      }
      sections.push({ ...section, rows, more, purposeTitles: section.purposes.map((id) => access.information(locale).purposes.find((p) => p.id === id)?.title ?? id).join(', ') });
    }
    const states = await consents.of({ subjectId: subject.id });
    const current = await rectification.current(subject);
    const flags = subject.id ? await subjects.flags(db, subject.id) : undefined;
    const when = (at: unknown) => (at === null || at === undefined ? null : formatDate(new Date(at as string), locale));
    views.send(res, 'account', {
      title: translate(locale, 'account.title'),
      email: subject.email,
      sections,
      shownRows,
      consents: states.filter((s) => consentIds.includes(s.purpose)).map((s) => ({
        ...s,
        wording: wordings.of(s.purpose, locale).text,
        since: s.updatedAt ? formatDate(s.updatedAt, locale) : null,
      })),
      csrfToken: csrf.token(req, res),
      actionUrl: `${accountPath}/consents`,
      txtUrl: `${accountPath}/export.txt${locale === options.policy.locales[0] ? '' : `?lang=${locale}`}`,
      jsonUrl: `${accountPath}/export.json${locale === options.policy.locales[0] ? '' : `?lang=${locale}`}`,
      information: access.information(locale),
      reconfirm: await reconfirmation.prompt(req, res, locale),
      restrictedSince: when(flags?.restricted_at),
      objectedOn: when(flags?.marketing_objection_at),
      restrictUrl: `${accountPath}/restrict`,
      eraseUrl: `${accountPath}/erase`,
      objectUrl: `${accountPath}/object`,
      rectifyUrl: `${accountPath}/rectify`,
      contact: (['first_name', 'last_name', 'phone', 'address', 'email'] as const).map((field) => ({
        field,
        label: translate(locale, `rectify.field.${field}`),
        value: form.values ? String(form.values[field] ?? '') : (current[field] ?? ''),
        error: form.errors?.[field],
        type: field === 'email' ? 'email' : field === 'phone' ? 'tel' : 'text',
      })),
      rectifyErrors: Boolean(form.errors && Object.keys(form.errors).length > 0),
      notice: form.notice ?? (req.query.saved === '1' ? translate(locale, 'account.saved') : req.query.emailSent === '1' ? translate(locale, 'rectify.emailSent') : null),
    }, status);
  }

  for (const format of ['txt', 'json'] as const) {
    router.get(`/account/export.${format}`, async function download(req, res) {
      const locale: Locale = res.locals.privacyLocale;
      const subject = await subjectOf(req);
      if (!subject) return loginNeeded(res, locale);
      res.type(format === 'txt' ? 'text/plain; charset=utf-8' : 'application/json; charset=utf-8');
      res.attachment(`${options.controller.website}-privacy-${new Date().toISOString().slice(0, 10)}.${format}`);
      res.set('Cache-Control', 'no-store');
      // Written as it is read, so a long history never sits in memory whole.
      for await (const piece of format === 'txt' ? access.txt(subject, locale) : access.json(subject, locale)) {
        if (!res.write(piece)) await new Promise((resolve) => res.once('drain', resolve));
      }
      res.end();
    });
  }

  const consentForm = z.object({ purpose: z.enum(consentIds as [string, ...string[]]), answer: z.enum(['grant', 'withdraw']), _csrf: z.string().optional() });
  router.post('/account/consents', express.urlencoded({ extended: false, limit: '4kb' }), csrf.protect, async function changeConsent(req, res) {
    const locale: Locale = res.locals.privacyLocale;
    const subject = await subjectOf(req);
    if (!subject) return loginNeeded(res, locale);
    const form = consentForm.safeParse(req.body);
    if (!form.success) return badRequest(res, locale);
    const context = { source: 'account' as const, req, locale };
    const { id } = await subjects.findOrCreate(db, subject.email, subject.customerId, locale, new Date());
    // Giving and withdrawing are the same one click.
    if (form.data.answer === 'grant') await consents.grant({ subjectId: id }, form.data.purpose, context);
    else await consents.withdraw({ subjectId: id }, form.data.purpose, context);
    res.redirect(303, savedUrl(locale));
  });

  const restrictForm = z.object({ answer: z.enum(['restrict', 'lift']), _csrf: z.string().optional() });
  router.post('/account/restrict', express.urlencoded({ extended: false, limit: '4kb' }), csrf.protect, async function restrict(req, res) {
    const locale: Locale = res.locals.privacyLocale;
    const subject = await subjectOf(req);
    if (!subject) return loginNeeded(res, locale);
    const form = restrictForm.safeParse(req.body);
    if (!form.success) return badRequest(res, locale);
    const { id } = await subjects.findOrCreate(db, subject.email, subject.customerId, locale, new Date());
    await restriction.restrict({ subjectId: id }, { lift: form.data.answer === 'lift' });
    res.redirect(303, savedUrl(locale));
  });

  router.post('/account/object', express.urlencoded({ extended: false, limit: '4kb' }), csrf.protect, async function objectToMarketing(req, res) {
    const locale: Locale = res.locals.privacyLocale;
    const subject = await subjectOf(req);
    if (!subject) return loginNeeded(res, locale);
    const { id } = await subjects.findOrCreate(db, subject.email, subject.customerId, locale, new Date());
    await restriction.objectToMarketing({ subjectId: id }, { req, locale });
    res.redirect(303, savedUrl(locale));
  });

  router.post('/account/rectify', express.urlencoded({ extended: false, limit: '8kb' }), csrf.protect, async function rectify(req, res) {
    const locale: Locale = res.locals.privacyLocale;
    const subject = await subjectOf(req);
    if (!subject) return loginNeeded(res, locale);
    const current = await rectification.current(subject);
    // Only what differs from what is held is a correction; an untouched field is not.
    const submitted = Object.fromEntries(Object.entries(req.body as Record<string, unknown>).filter(([field, value]) => field !== '_csrf' && typeof value === 'string' && value.trim() !== (current[field as keyof typeof current] ?? '')));
    const parsed = contactChanges.strict().safeParse(submitted);
    if (!parsed.success) return showAccount(req, res, { errors: rectification.errorsOf(parsed.error, locale), values: req.body }, 422);
    const { emailVerificationSent } = await rectification.rectify(subject, parsed.data, locale);
    res.redirect(303, `${accountPath}?${emailVerificationSent ? 'emailSent' : 'saved'}=1${locale === options.policy.locales[0] ? '' : `&lang=${locale}`}`);
  });

  router.get('/account/email/confirm', async function confirmEmail(req, res) {
    const locale: Locale = res.locals.privacyLocale;
    const token = typeof req.query.token === 'string' ? req.query.token : '';
    const outcome = await rectification.confirmEmail(token);
    if (outcome.ok) {
      views.send(res, 'message', { title: translate(locale, 'rectify.confirmed.title'), message: translate(locale, 'rectify.confirmed.text', { email: outcome.email }) });
      return;
    }
    const status = outcome.problem === 'unknown' ? 404 : outcome.problem === 'taken' ? 409 : 410;
    views.send(res, 'message', { title: translate(locale, `token.${outcome.problem}.title`), message: translate(locale, `token.${outcome.problem}.text`, { email: options.controller.email }) }, status);
  });

  function badRequest(res: Response, locale: Locale): void {
    views.send(res, 'error', { title: translate(locale, 'error.badRequest.title'), message: translate(locale, 'error.badRequest.text') }, 400);
  }

  function savedUrl(locale: Locale): string {
    return `${accountPath}?saved=1${locale === options.policy.locales[0] ? '' : `&lang=${locale}`}`;
  }

  return router;
}
