import type { Request } from 'express';
import type { Knex } from 'knex';
import { translate, type MessageKey } from '../i18n/index.js';
import type { Locale } from '../options/locales.js';
import type { ResolvedOptions } from '../options/schema.js';
import type { ConsentLedger, ConsentSource } from '../consent/ledger.js';
import { sha256 } from '../consent/wording.js';
import type { PrivacyEmitter } from '../events.js';
import type { AuditTrail } from '../audit/trail.js';
import type { SubjectsRepository } from '../subjects/repository.js';
import { cookieCategories, type CookieCategory, type CookieChoice } from './choice.js';

interface Deps {
  db: Knex;
  options: ResolvedOptions;
  ledger: ConsentLedger;
  subjects: SubjectsRepository;
  events: PrivacyEmitter;
  audit: AuditTrail;
}

/**
 * Records cookie choices in the consent ledger against the visitor (and the subject when the
 * shopper is logged in), with the words of each category as shown.
 */
export function createCookieService({ db, options, ledger, subjects, events, audit }: Deps) {
  // Each category answers for the purpose that names it as its cookie category.
  const purposeOf = new Map<CookieCategory, string>();
  for (const category of cookieCategories) {
    const purpose = options.purposes.find((p) => p.legalBasis === 'consent' && p.consent?.cookieCategory === category);
    if (purpose) purposeOf.set(category, purpose.id);
  }
  const wordingHash = new Map<string, string>();
  for (const locale of options.policy.locales) {
    for (const category of cookieCategories) {
      wordingHash.set(`${category}:${locale}`, sha256(`${translate(locale, `cookies.${category}.title` as MessageKey)}\n${translate(locale, `cookies.${category}.text` as MessageKey)}`));
    }
  }

  return {
    /** The categories a visitor is offered: those a consent purpose uses. */
    categories: cookieCategories.filter((category) => purposeOf.has(category)),

    /**
     * Appends one ledger event per category answered, in one transaction. `previous` tells
     * a withdrawal (it was granted before) from a first refusal.
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
      const changes: { subjectId: number; email: string; purpose: string; granted: boolean }[] = [];
      // Only a yes, or a no that takes back a yes, is news for the shop's listeners.
      await db.transaction(async (trx) => {
        const subject = input.customer ? await subjects.findOrCreate(trx, input.customer.email, String(input.customer.id), input.locale, now) : null;
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
          const { id } = await ledger.append(trx, { subjectId: subject?.id ?? null, visitorId: input.choice.visitorId, purpose, event, ...proof }, now);
          answers[purpose] = event;
          if (subject) {
            await ledger.setState(trx, subject.id, purpose, granted, id, proof, now);
            if (event !== 'not_granted') changes.push({ subjectId: subject.id, email: subject.email, purpose, granted });
          }
        }
        // The visitor id stays out of the trail: the ledger row already ties it to the choice.
        await audit.record(trx, { actor: subject ? { type: 'shopper', id: String(input.customer!.id) } : { type: 'visitor' }, action: 'consent.cookies', subjectId: subject?.id ?? null, details: { source: input.source, answers } });
      });
      for (const change of changes) {
        events.emit(change.granted ? 'consent.granted' : 'consent.withdrawn', { subjectId: change.subjectId, email: change.email, purpose: change.purpose, source: input.source, at: now });
      }
    },
  };
}

export type CookieService = ReturnType<typeof createCookieService>;
