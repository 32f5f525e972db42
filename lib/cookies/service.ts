import type { Request } from 'express';
import type { Knex } from 'knex';
import { translate, type MessageKey } from '../i18n/index.js';
import type { Locale } from '../options/locales.js';
import type { ResolvedOptions } from '../options/schema.js';
import type { ConsentLedger, ConsentSource } from '../consent/ledger.js';
import { sha256 } from '../consent/wording.js';
import type { AuditTrail } from '../audit/trail.js';
import type { SubjectsRepository } from '../subjects/repository.js';
import { cookieCategories, type CookieCategory, type CookieChoice } from './choice.js';
import { cookieDeclaration } from './declaration.js';

interface Deps {
  db: Knex;
  options: Pick<ResolvedOptions, 'clock' | 'consentPurposes' | 'controller' | 'cookies' | 'policy'>;
  ledger: ConsentLedger;
  subjects: SubjectsRepository;
  audit: AuditTrail;
}

/**
 * Records cookie choices in the consent ledger against the visitor (and the subject when the
 * shopper is logged in), with the words of each category as shown.
 */
export function createCookieService({ db, options, ledger, subjects, audit }: Deps) {
  // Each category answers for the purpose that names it as its cookie category.
  const purposeOf = new Map<CookieCategory, string>();
  for (const category of cookieCategories) {
    const purpose = options.consentPurposes.find((p) => p.consent?.cookieCategory === category);
    if (purpose) purposeOf.set(category, purpose.id);
  }
  const wordingHash = new Map<string, string>();
  for (const locale of options.policy.locales) {
    for (const category of cookieCategories) {
      wordingHash.set(
        `${category}:${locale}`,
        sha256(`${translate(locale, `cookies.${category}.title` as MessageKey)}\n${translate(locale, `cookies.${category}.text` as MessageKey)}`),
      );
    }
  }

  return {
    /** The categories a visitor is offered: those a consent purpose uses. */
    categories: cookieCategories.filter((category) => purposeOf.has(category)),

    /** Every cookie a visitor may get, the module's own and the shop's, resolved once. */
    declaration: cookieDeclaration(options),

    /**
     * Appends one ledger event per category answered, in one transaction. `previous` tells
     * a withdrawal (it was granted before) from a first refusal. These are the browser's answers
     * about its cookies: a logged-in shopper's are tied to their record as evidence (and go with
     * it on erasure), but never become or change a consent of the account, whose own wording the
     * banner does not show (Art. 4(11), 7(2)), nor undo an objection (Art. 21(3)).
     */
    async record(input: {
      choice: CookieChoice;
      previous: CookieChoice | null;
      categories: CookieCategory[];
      source: ConsentSource;
      locale: Locale;
      req: Request;
      customer: { id: string | number; email: string } | null;
    }): Promise<void> {
      const now = options.clock();
      await db.transaction(async (trx) => {
        const subject = input.customer ? await subjects.findByCustomer(trx, String(input.customer.id)) : undefined;
        const answers: Record<string, string> = {};
        for (const category of input.categories) {
          const purpose = purposeOf.get(category);
          const granted = input.choice[category];
          if (!purpose || granted === null) continue;
          const before = input.previous?.[category] ?? null;
          const proof = {
            policyVersion: options.policy.version,
            wordingHash: wordingHash.get(`${category}:${input.locale}`) ?? '',
            source: input.source,
            locale: input.locale,
            ip: input.req.ip ?? null,
            userAgent: input.req.get('user-agent') ?? null,
          };
          const event = granted ? 'granted' : before === true ? 'withdrawn' : 'not_granted';
          await ledger.append(trx, { subjectId: subject?.id ?? null, visitorId: input.choice.visitorId, purpose, event, ...proof }, now);
          answers[purpose] = event;
        }
        // A logged-in shopper's answers are audited as theirs. An anonymous visitor's are proven by
        // the ledger row alone: an audit row each would let any stranger grow the trail and queue on its head.
        if (input.customer) {
          await audit.record(trx, {
            actor: { type: 'shopper', id: String(input.customer.id) },
            action: 'consent.cookies',
            subjectId: subject?.id ?? null,
            details: { source: input.source, answers },
          });
        }
      });
    },

    /**
     * What a logged-in customer's own record forbids whatever the browser chose: everything while
     * processing is restricted (Art. 18), advertising after an objection to direct marketing (Art. 21(3)).
     */
    async limitsOf(customerId: string): Promise<{ restricted: boolean; objected: boolean }> {
      const subject = await subjects.findByCustomer(db, customerId);
      return { restricted: subject?.restricted_at != null, objected: subject?.marketing_objection_at != null };
    },
  };
}

export type CookieService = ReturnType<typeof createCookieService>;
