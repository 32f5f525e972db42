import type { PurposeInput, RecipientInput } from './policy-schema.js';

/*
 * What a shop gets when it names no preset: neutral, true of any shop that runs the module, and
 * naming no company, country or law. The controller and the supervisory authority have no
 * default: they are the shop's own, and a borrowed one would publish another company's policy.
 * The xparts.lv policy is a preset a shop opts into (presets/xparts.ts).
 */

/**
 * The policy's languages. Its version and date have no fixed default: they are the day the text
 * the module publishes was first published, so they change exactly when that text does.
 */
export const defaultPolicy = { locales: ['lv', 'en'] as ('lv' | 'en')[] };

/** The time zone of every date the module shows and of its schedule, unless the shop names its own. */
export const defaultTimezone = 'UTC';

/** What the module itself does to keep personal data safe (GDPR Art. 30(1)(g), Art. 32); a shop adds its own. */
export const defaultSecurityMeasures: { lv: string; en: string }[] = [
  {
    lv: 'Piekļuve personas datiem tikai darbiniekiem, kuriem tā nepieciešama darba pienākumu veikšanai; darbinieku lapas pieejamas tikai pēc pieslēgšanās.',
    en: 'Only employees who need it for their work can reach personal data; staff pages open only after logging in.',
  },
  {
    lv: 'Katra darbinieka piekļuve personas datiem un katra datu subjekta tiesību izmantošana tiek ierakstīta auditā ar jaucējķēdi, kas atklāj labojumus.',
    en: 'Every staff view of personal data and every right exercised is written to a hash-chained audit trail that reveals tampering.',
  },
  {
    lv: 'E-pasta saites ir nejaušas, vienreizējas, ar derīguma termiņu un tiek glabātas tikai kā jaucējvērtības.',
    en: 'E-mailed links are random, single-use and expiring, and are stored only as hashes.',
  },
  {
    lv: 'Formas aizsargātas pret starpvietņu pieprasījumu viltošanu (CSRF); pieprasījumu skaits ierobežots.',
    en: 'Forms are protected against cross-site request forgery (CSRF); request rates are limited.',
  },
  { lv: 'Dati tiek dzēsti vai anonimizēti, tiklīdz beidzas to glabāšanas termiņš.', en: 'Data is erased or anonymised as soon as its retention period ends.' },
];

/**
 * The module's own processing, which it declares itself so that no shop's list of purposes leaves
 * it out (GDPR Art. 13, 30): proof of consent, data-subject requests, the audit trail
 * (policy/own-processing.ts). A recipient may name these ids; a shop's purpose may not take them.
 */
export const ownPurposeIds = ['privacy_consent_proof', 'privacy_requests', 'privacy_audit'] as const;

/**
 * One purpose every shop has: taking orders, on the contract, with the records the law makes it
 * keep. The retention names the criterion (Art. 13(2)(a)), not a country's period; a shop with
 * accounts, a newsletter or tags declares those purposes itself or takes a preset.
 */
export const defaultPurposes: PurposeInput[] = [
  {
    id: 'purchase',
    title: { lv: 'Pasūtījumu apstrāde', en: 'Processing orders' },
    description: {
      lv: 'Pasūtījuma pieņemšana, izpilde un piegāde, saziņa ar Jums par to un grāmatvedības dokumentu sagatavošana.',
      en: 'Taking, fulfilling and delivering your order, communicating with you about it and preparing the accounting documents.',
    },
    legalBasis: 'contract',
    noticeAt: ['checkout'],
    legalBasisNote: {
      lv: 'Grāmatvedības dokumentu glabāšana – juridisks pienākums (VDAR 6. panta 1. punkta c) apakšpunkts).',
      en: 'Keeping the accounting records is a legal obligation (GDPR Art. 6(1)(c)).',
    },
    dataCategories: [
      { lv: 'vārds, uzvārds', en: 'first name, surname' },
      { lv: 'e-pasta adrese', en: 'e-mail address' },
      { lv: 'piegādes adrese', en: 'delivery address' },
      { lv: 'pasūtījuma saturs un summas', en: 'order contents and amounts' },
    ],
    retention: {
      lv: 'Līguma izpildes laikā; pēc tam pasūtījumus un rēķinus glabājam tik ilgi, cik to prasa grāmatvedības un nodokļu tiesību akti, un tad tajos esošos personas datus dzēšam vai anonimizējam.',
      en: 'For the performance of the contract; after that, orders and invoices are kept as long as accounting and tax law requires, and then the personal data in them are erased or anonymised.',
    },
    subjectCategories: [{ lv: 'personas, kas veic pasūtījumus', en: 'people who place orders' }],
  },
];

/** None: who receives a shop's data (its host, its mail service) is the shop's to name (Art. 13(1)(e)). */
export const defaultRecipients: RecipientInput[] = [];
