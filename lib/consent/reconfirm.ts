import { randomBytes } from 'node:crypto';
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { formatDate, translate } from '../i18n/index.js';
import type { Locale } from '../options/locales.js';
import type { CurrentCustomer, ResolvedOptions } from '../options/schema.js';
import type { Csrf } from '../http/csrf.js';
import { safeReturnPath } from '../http/return-path.js';
import { withLang, pageLocale } from '../http/locale.js';
import type { Views } from '../http/views.js';
import type { ConsentService, ConsentState } from './service.js';
import { formBody } from '../http/form-body.js';
import type { ConsentWordings } from './wording.js';

interface Deps {
  options: Pick<ResolvedOptions, 'currentCustomer' | 'policy' | 'purposes' | 'timezone'>;
  views: Views;
  csrf: Csrf;
  consents: ConsentService;
  wordings: ConsentWordings;
  actionUrl: string;
  policyUrl(locale: Locale): string;
}

/**
 * After a policy change, a logged-in shopper is asked about each consent given under the old
 * version: keep it, or withdraw it, one choice per purpose, with when it was given and under
 * which policy. Shown in the banner (which the change brings back) and wherever the host puts
 * `privacy.render.reconfirmPrompt()`, e.g. its account page.
 */
export function createReconfirmation({ options, views, csrf, consents, wordings, actionUrl, policyUrl }: Deps) {
  const titles = new Map(options.purposes.map((purpose) => [purpose.id, purpose.title]));

  async function customerOf(req: Request): Promise<CurrentCustomer | null> {
    return (await options.currentCustomer(req)) as CurrentCustomer | null;
  }

  /** Why this purpose is asked about: when it was agreed to, and the policy then in force. */
  function changedSince(state: ConsentState | undefined, locale: Locale): string | null {
    if (!state?.policyVersion || !state.updatedAt) return null;
    // A version is by default the day its text was published; any other name is shown as it is.
    const isDay = /^\d{4}-\d{2}-\d{2}$/.test(state.policyVersion);
    return translate(locale, isDay ? 'reconfirm.changed' : 'reconfirm.changedVersion', {
      given: formatDate(state.updatedAt, locale, options.timezone),
      policy: isDay ? formatDate(state.policyVersion, locale) : state.policyVersion,
    });
  }

  return {
    /** The prompt's HTML for this shopper, or '' when nothing needs asking. */
    async prompt(req: Request, res: Response, locale: Locale): Promise<string> {
      const customer = await customerOf(req);
      if (!customer) return '';
      const purposes = await consents.needsReconfirmation({ customerId: customer.id });
      if (purposes.length === 0) return '';
      const states = new Map((await consents.of({ customerId: customer.id })).map((state) => [state.purpose, state]));
      return views.fragment('reconfirm', {
        locale,
        actionUrl: withLang(actionUrl, locale, options.policy.locales),
        policyUrl: policyUrl(locale),
        csrfToken: csrf.token(req, res),
        returnTo: safeReturnPath(req.originalUrl),
        // A page may hold the prompt twice (the banner's and the account page's): ids of its own.
        idPrefix: `privacy-reconfirm-${randomBytes(4).toString('hex')}`,
        purposes: purposes.map((id) => ({
          id,
          title: titles.get(id)?.[locale] ?? id,
          changed: changedSince(states.get(id), locale),
          wording: wordings.of(id, locale).text,
        })),
      });
    },

    routes(): Router {
      const router = Router();
      const form = z.object({
        answer: z.enum(['confirm', 'withdraw']),
        purpose: z.string().max(48),
        return_to: z.string().optional(),
        _csrf: z.string().optional(),
      });
      router.post('/consents/reconfirm', formBody({ limit: '4kb' }), csrf.protect, async function reconfirm(req, res) {
        const locale = pageLocale(res);
        const parsed = form.safeParse(req.body);
        const customer = await customerOf(req);
        const due = customer ? await consents.needsReconfirmation({ customerId: customer.id }) : [];
        if (!parsed.success || !customer || !due.includes(parsed.data.purpose)) {
          views.send(res, 'error', { title: translate(locale, 'error.badRequest.title'), message: translate(locale, 'error.badRequest.text') }, 400);
          return;
        }
        const subject = { customerId: customer.id };
        const context = { source: 'account' as const, req, locale };
        if (parsed.data.answer === 'confirm') await consents.grant(subject, parsed.data.purpose, context);
        else await consents.withdraw(subject, parsed.data.purpose, context);
        res.redirect(303, safeReturnPath(parsed.data.return_to));
      });
      return router;
    },
  };
}

export type Reconfirmation = ReturnType<typeof createReconfirmation>;
