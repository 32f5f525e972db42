import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { translate } from '../i18n/index.js';
import type { Locale } from '../options/locales.js';
import { pageLocale } from '../http/locale.js';
import type { ResolvedOptions } from '../options/schema.js';
import type { Csrf } from '../http/csrf.js';
import type { Views } from '../http/views.js';
import type { SubjectOf } from './current-subject.js';
import type { RightsExercise } from './exercise.js';
import { contactChanges, type Rectification } from './rectify.js';
import { unprintable } from './rectify.js';
import { formBody } from '../http/form-body.js';
import type { AccountPage } from './account-page.js';
import type { NewsletterService } from '../newsletter/service.js';

interface Deps {
  options: Pick<ResolvedOptions, 'consentPurposes' | 'controller' | 'purposes'>;
  views: Views;
  csrf: Csrf;
  page: AccountPage;
  rights: RightsExercise;
  rectification: Rectification;
  subjectOf: SubjectOf;
  newsletter: NewsletterService;
  /** The answer past a form's hourly limit (429, in the shopper's language). */
  limited: (req: Request, res: Response) => void;
  accountPath: string;
}

const form = (limit: string) => formBody({ limit, parameterLimit: 20 });

/** The account page's forms: each CSRF-protected, validated, one transaction, then back to the page. */
export function accountActions({ options, views, csrf, page, rights, rectification, subjectOf, newsletter, limited, accountPath }: Deps): Router {
  const router = Router();
  const consentIds = options.consentPurposes.map((p) => p.id);
  const legitimateIds = options.purposes.filter((p) => p.legalBasis === 'legitimate_interests').map((p) => p.id);
  const saved = (locale: Locale) => page.withLang(`${accountPath}?saved=1`, locale);

  const badRequest = (res: Response, locale: Locale) =>
    views.send(res, 'error', { title: translate(locale, 'error.badRequest.title'), message: translate(locale, 'error.badRequest.text') }, 400);

  /** A request left open for staff: the page then shows its number and the date of the answer. */
  const received = (locale: Locale, id: number) => page.withLang(`${accountPath}?request=${id}`, locale);

  const consentForm = z.object({ purpose: z.enum(consentIds as [string, ...string[]]), answer: z.enum(['grant', 'withdraw']), _csrf: z.string().optional() });
  router.post('/account/consents', form('4kb'), csrf.protect, async function changeConsent(req, res) {
    const locale = pageLocale(res);
    const subject = await subjectOf(req);
    if (!subject) return page.sessionNeeded(res, locale);
    const parsed = consentForm.safeParse(req.body);
    if (!parsed.success) return badRequest(res, locale);
    if (parsed.data.answer === 'grant' && options.consentPurposes.find((p) => p.id === parsed.data.purpose)?.consent?.confirmByEmail) {
      // As everywhere else it is given: the address confirms by e-mail, and consent counts from the click.
      const customer = subject.customerId === null ? null : { id: subject.customerId, email: subject.email, emailVerified: subject.emailVerified };
      const { status } = await newsletter.requestSignup({ email: subject.email, customer, source: 'account', req, locale });
      if (status === 'limited') return limited(req, res);
      return res.redirect(303, page.withLang(`${accountPath}?confirmSent=1`, locale));
    }
    await rights.setConsent(subject, parsed.data.purpose, parsed.data.answer === 'grant', locale, req);
    res.redirect(303, saved(locale));
  });

  const restrictForm = z.object({ answer: z.enum(['restrict', 'lift']), _csrf: z.string().optional() });
  router.post('/account/restrict', form('4kb'), csrf.protect, async function restrict(req, res) {
    const locale = pageLocale(res);
    const subject = await subjectOf(req);
    if (!subject) return page.sessionNeeded(res, locale);
    const parsed = restrictForm.safeParse(req.body);
    if (!parsed.success) return badRequest(res, locale);
    const review = await rights.restrict(subject, parsed.data.answer === 'lift', locale);
    res.redirect(303, review === null ? saved(locale) : received(locale, review));
  });

  // Art. 18 and the policy: the shopper may ask that only certain information is not used. Staff
  // act on what they describe and answer; everything else goes on as before.
  const partForm = z.object({ what: z.string().trim().min(10).max(2000), _csrf: z.string().optional() });
  router.post('/account/restrict/part', form('8kb'), csrf.protect, async function restrictPart(req, res) {
    const locale = pageLocale(res);
    const subject = await subjectOf(req);
    if (!subject) return page.sessionNeeded(res, locale);
    const parsed = partForm.safeParse(req.body);
    const what = typeof (req.body as { what?: unknown })?.what === 'string' ? (req.body as { what: string }).what : '';
    if (!parsed.success || unprintable.test(what.replace(/[\r\n\t]/g, ''))) {
      return page.show(
        req,
        res,
        { errors: { restriction: translate(locale, 'account.restrictPart.invalid') }, values: req.body as Record<string, unknown> },
        422,
      );
    }
    const id = await rights.restrictPart(subject, parsed.data.what, locale);
    res.redirect(303, received(locale, id));
  });

  router.post('/account/object', form('4kb'), csrf.protect, async function objectToMarketing(req, res) {
    const locale = pageLocale(res);
    const subject = await subjectOf(req);
    if (!subject) return page.sessionNeeded(res, locale);
    await rights.objectToMarketing(subject, locale, req);
    res.redirect(303, saved(locale));
  });

  const objectionForm = z.object({ purpose: z.string(), reason: z.string().trim().min(3).max(2000), _csrf: z.string().optional() });
  router.post('/account/object/legitimate', form('8kb'), csrf.protect, async function objectToLegitimateInterest(req, res) {
    const locale = pageLocale(res);
    const subject = await subjectOf(req);
    if (!subject) return page.sessionNeeded(res, locale);
    const parsed = objectionForm.safeParse(req.body);
    if (!parsed.success || !legitimateIds.includes(parsed.data.purpose)) {
      return page.show(req, res, { errors: { objection: translate(locale, 'account.objectLegit.invalid') }, values: req.body as Record<string, unknown> }, 422);
    }
    const id = await rights.objectToLegitimateInterest(subject, parsed.data.purpose, parsed.data.reason, locale);
    res.redirect(303, received(locale, id));
  });

  router.post('/account/rectify', form('8kb'), csrf.protect, async function rectify(req, res) {
    const locale = pageLocale(res);
    const subject = await subjectOf(req);
    if (!subject) return page.sessionNeeded(res, locale);
    const current = await rectification.current(subject);
    const body = req.body as Record<string, unknown>;
    const other = typeof body.other === 'string' ? body.other.trim() : '';
    // Only what differs from what is held is a correction; an untouched field is not.
    const submitted = Object.fromEntries(
      Object.entries(body).filter(
        ([field, value]) => !['_csrf', 'other'].includes(field) && typeof value === 'string' && value.trim() !== (current[field as keyof typeof current] ?? ''),
      ),
    );
    const parsed = contactChanges.strict().safeParse(submitted);
    const errors = parsed.success ? {} : rectification.errorsOf(parsed.error, locale);
    if (other.length > 2000) errors.other = translate(locale, 'rectify.invalid.tooLong');
    else if (unprintable.test(other.replace(/[\r\n\t]/g, ''))) errors.other = translate(locale, 'rectify.invalid.characters');
    if (!parsed.success || errors.other) return page.show(req, res, { errors, values: body }, 422);
    const { fields, emailVerificationSent } = await rectification.rectify(subject, parsed.data, locale, subject.context);
    if (other) {
      const id = await rights.askCorrection(subject, other, locale);
      return res.redirect(303, received(locale, id));
    }
    if (fields.length === 0 && !emailVerificationSent) return res.redirect(303, saved(locale));
    // The page names what was corrected, and that a new address waits for its link.
    const said = new URLSearchParams({ ...(fields.length > 0 ? { corrected: fields.join(',') } : {}), ...(emailVerificationSent ? { emailSent: '1' } : {}) });
    res.redirect(303, page.withLang(`${accountPath}?${said}`, locale));
  });

  // Mail scanners open links: the link's page only shows a button, and its POST moves the address.
  router.get('/account/email/confirm', async function confirmEmailPage(req, res) {
    const locale = pageLocale(res);
    const token = typeof req.query.token === 'string' ? req.query.token : '';
    const state = await rectification.checkEmailChange(token);
    if (!state.ok) return emailLinkProblem(res, locale, state.problem);
    views.send(res, 'link-confirm', {
      title: translate(locale, 'rectify.confirm.title'),
      text: translate(locale, 'rectify.confirm.text', { email: state.email }),
      submit: translate(locale, 'rectify.confirm.submit'),
      csrfToken: csrf.token(req, res),
      actionUrl: page.withLang(`${accountPath}/email/confirm`, locale),
      token,
    });
  });

  router.post('/account/email/confirm', form('2kb'), csrf.protect, async function confirmEmail(req, res) {
    const locale = pageLocale(res);
    const token = (req.body as { token?: unknown }).token;
    const outcome = await rectification.confirmEmail(typeof token === 'string' ? token : '');
    if (!outcome.ok) return emailLinkProblem(res, locale, outcome.problem);
    views.send(res, 'message', {
      title: translate(locale, 'rectify.confirmed.title'),
      message: translate(locale, 'rectify.confirmed.text', { email: outcome.email }),
    });
  });

  function emailLinkProblem(res: Response, locale: Locale, problem: 'unknown' | 'used' | 'expired' | 'taken'): void {
    const status = problem === 'unknown' ? 404 : problem === 'taken' ? 409 : 410;
    views.send(
      res,
      'message',
      {
        title: translate(locale, `token.${problem}.title`),
        message: translate(locale, `token.${problem}.text`, { email: options.controller.email }),
      },
      status,
    );
  }

  return router;
}
