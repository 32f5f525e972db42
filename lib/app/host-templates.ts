import type { HelperOptions } from 'handlebars';
import type { Request, Response } from 'express';
import type { ConsentFields } from '../consent/fields.js';
import type { Reconfirmation } from '../consent/reconfirm.js';
import type { CookieCategory } from '../options/cookies.js';
import type { PrivacyLocals } from '../cookies/middleware.js';
import type { Locale } from '../options/locales.js';
import type { ConsentPlace } from '../options/schema.js';
import type { HostHandlebars, PrivacyRender } from './types.js';

/**
 * What the module offers a host's own templates, whatever their engine: `consentFields()`
 * returns HTML; `registerHandlebars()` adds the same to a handlebars the host already uses.
 */
export function hostTemplates(
  consentFields: ConsentFields,
  reconfirmPrompt: Reconfirmation['prompt'],
  localeOf: (req: Request, res: Response) => Locale,
  givenOf: (req: Request) => Promise<string[]>,
): PrivacyRender {
  const privacyOf = (helper: HelperOptions) => (helper.data?.root as { privacy?: PrivacyLocals } | undefined)?.privacy;
  const pageLocale = (req: Request, res: Response) => res.locals.privacy?.locale ?? localeOf(req, res);
  return {
    consentFields,
    /**
     * The consent fields for whoever is logged in: a consent they already gave shows as given,
     * with the way to withdraw it, instead of an empty box. Costs one read for a logged-in shopper.
     */
    async consentFieldsFor(req, res, input) {
      return consentFields({ ...input, locale: input.locale ?? pageLocale(req, res), given: await givenOf(req) });
    },
    /**
     * For the host's account page: consents this logged-in shopper gave under an older policy
     * version, each with "confirm again" and "withdraw"; '' when there are none.
     */
    reconfirmPrompt(req: Request, res: Response): Promise<string> {
      return reconfirmPrompt(req, res, pageLocale(req, res));
    },
    /**
     * Registers, reading `res.locals.privacy` (express passes res.locals to every view):
     * - `{{> privacyConsentFields at="checkout"}}` (or the helper `{{privacyConsentFields "checkout"}}`):
     *   the notice and unticked consent boxes;
     * - `{{#privacyAllows "analytics"}}<script …>{{/privacyAllows}}`: renders its block only with consent,
     *   so a tag is not even in the page until the visitor agreed.
     */
    registerHandlebars(handlebars: HostHandlebars): void {
      handlebars.registerHelper(
        'privacyConsentFields',
        (at: ConsentPlace, helper: HelperOptions) => new handlebars.SafeString(consentFields({ at, locale: privacyOf(helper)?.locale })),
      );
      handlebars.registerPartial('privacyConsentFields', '{{privacyConsentFields at}}');
      handlebars.registerHelper('privacyAllows', function (this: unknown, category: CookieCategory, helper: HelperOptions) {
        return privacyOf(helper)?.allows(category) ? helper.fn(this) : helper.inverse(this);
      });
    },
  };
}
