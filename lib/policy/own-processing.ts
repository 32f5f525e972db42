import { translate, type MessageKey } from '../i18n/index.js';
import { ownPurposeIds } from '../options/defaults.js';
import { supportedLocales, type Localized } from '../options/locales.js';
import type { Purpose, ResolvedOptions } from '../options/schema.js';
import { describePeriod, type Period } from '../options/period.js';

type OwnKey<K extends string> = K extends `own.${infer Rest}` ? Rest : never;

/** A text in every language the module speaks, from its catalogues, with periods in each language's words. */
function said(key: OwnKey<MessageKey>, periods: Record<string, Period> = {}): Localized {
  return Object.fromEntries(
    supportedLocales.map((locale) => [
      locale,
      translate(
        locale,
        `own.${key}` as MessageKey,
        Object.fromEntries(Object.entries(periods).map(([name, period]) => [name, describePeriod(period, locale)])),
      ),
    ]),
  );
}

/**
 * What the module itself keeps about people, as purposes of the policy, the account page's
 * information and the records of processing (GDPR Art. 13, 15, 30): the proof of every consent
 * and cookie choice (with the IP address and browser that gave it), the data-subject requests,
 * and the audit trail. Declared by the module, so a shop that replaces `purposes` still states
 * them; their retention is the shop's `retention` options, in words.
 */
export function ownPurposes(options: Pick<ResolvedOptions, 'retention'>): Purpose[] {
  const r = options.retention;
  const [consentProof, requests, audit] = ownPurposeIds;
  return [
    {
      id: consentProof,
      title: said('consentProof.title'),
      description: said('consentProof.description'),
      legalBasis: 'legal_obligation',
      legalBasisNote: said('consentProof.legalBasisNote'),
      dataCategories: [said('consentProof.data.subject'), said('consentProof.data.answer'), said('consentProof.data.ip'), said('consentProof.data.userAgent')],
      retention: said('consentProof.retention', { cookieChoices: r.cookieChoices, formerSubjects: r.formerSubjects }),
      subjectCategories: [said('consentProof.subjects.visitors'), said('consentProof.subjects.customers')],
      noticeAt: [],
      premisesNotice: false,
    },
    {
      id: requests,
      title: said('requests.title'),
      description: said('requests.description'),
      legalBasis: 'legal_obligation',
      legalBasisNote: said('requests.legalBasisNote'),
      dataCategories: [said('requests.data.email'), said('requests.data.request'), said('requests.data.links'), said('requests.data.staff')],
      retention: said('requests.retention', { unverifiedRequests: r.unverifiedRequests, closedRequests: r.closedRequests, expiredTokens: r.expiredTokens }),
      subjectCategories: [said('requests.subjects.people'), said('requests.subjects.staff')],
      noticeAt: [],
      premisesNotice: false,
    },
    {
      id: audit,
      title: said('audit.title'),
      description: said('audit.description'),
      legalBasis: 'legitimate_interests',
      legalBasisNote: said('audit.legalBasisNote'),
      dataCategories: [said('audit.data.action'), said('audit.data.record'), said('audit.data.staff')],
      retention: said('audit.retention', { auditTrail: r.auditTrail }),
      subjectCategories: [said('audit.subjects.people'), said('audit.subjects.staff')],
      noticeAt: [],
      premisesNotice: false,
    },
  ];
}

/** The shop's purposes, then the module's own: everything the policy and the records state. */
export function statedPurposes(options: Pick<ResolvedOptions, 'purposes' | 'retention'>): Purpose[] {
  return [...options.purposes, ...ownPurposes(options)];
}
