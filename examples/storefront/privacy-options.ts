import type { Knex } from 'knex';
import type { Transporter } from 'nodemailer';
import { xpartsPreset, type DeclaredCookieInput, type PrivacyOptions, type Recipient } from '../../index.js';
import { shopDataSources } from './data-sources.js';
import { isStaffMember } from './staff.js';

/**
 * Every cookie the shop and its tags set (ePrivacy 5(3)): the preference centre and the policy
 * list them, and the cookie-scan test fails on a cookie set that is not here.
 */
const shopCookies: DeclaredCookieInput[] = [
  {
    name: 'shop_session',
    category: 'necessary',
    lifetime: { days: 14 },
    purpose: {
      lv: 'Iepirkumu grozs un pieteikšanās kontā: sesijas identifikators, ko iestatām tikai tad, kad ieliekat preci grozā vai piesakāties.',
      en: 'The cart and logging in: a session id, set only once you put something in the cart or log in.',
    },
  },
  {
    name: 'shop_csrf',
    category: 'necessary',
    lifetime: 'session',
    purpose: {
      lv: 'Aizsargā veikala veidlapas (grozs, pasūtījums, pieteikšanās) pret viltotiem pieprasījumiem no citām vietnēm (CSRF).',
      en: "Protects the shop's forms (cart, order, login) against forged submissions from other sites (CSRF).",
    },
  },
  {
    // analytics.js, only after consent to visitor statistics.
    name: 'xp_stats',
    category: 'analytics',
    lifetime: { months: 13 },
    purpose: {
      lv: 'Apmeklējumu statistika: nejaušs identifikators, pēc kura saskaitām apmeklējumus un apmeklētās lapas.',
      en: 'Visitor statistics: a random id by which we count visits and the pages visited.',
    },
  },
  {
    // advertising.js, only after consent to marketing.
    name: 'xp_ads',
    category: 'marketing',
    lifetime: { days: 90 },
    purpose: {
      lv: 'Mērķreklāma: atceras, kuras preču grupas skatījāties, lai rādītu atbilstošu reklāmu.',
      en: 'Targeted advertising: remembers which product groups you looked at, to show matching advertising.',
    },
  },
];

/**
 * xparts.lv's options for the privacy module: the app and `shop-privacy` read the same ones.
 * The app hands in its knex; the command line hands in a URL and never opens the staff pages.
 */
export function shopPrivacyOptions(input: { db: Knex | string; secret: string; publicUrl: string; mail: Transporter }): PrivacyOptions {
  const knex = typeof input.db === 'string' ? null : input.db;
  return {
    // The xparts.lv policy: purposes, recipients, Datu valsts inspekcija, security measures, Riga time.
    ...xpartsPreset,
    db: input.db,
    secret: input.secret,
    publicUrl: input.publicUrl,
    controller: {
      name: 'SIA KRAUD',
      regNo: '40103337911',
      address: 'Mārupes nov., Mārupes pag., "Brīvmaņi", LV-2167',
      email: 'info@xparts.lv',
      website: 'xparts.lv',
    },
    // emailVerified: the customer followed the link the shop e-mailed at signup; until then the
    // module shows them only what is linked to their account, never what an address typed holds.
    currentCustomer: (req) => {
      const customer = req.session?.customer;
      return customer ? { id: customer.id, email: customer.email, emailVerified: customer.emailVerified === true } : null;
    },
    // Staff is a role an operator grants (`npm run staff -- grant <email>`), read on every
    // request so that revoking it closes the staff pages at once.
    ...(knex ? { isStaff: (req) => isStaffMember(knex, req.session?.customer?.id) } : {}),
    staffId: (req) => (req.session?.customer ? `customer-${req.session.customer.id}` : null),
    mailer: { transport: input.mail, from: 'xparts.lv <info@xparts.lv>' },
    dataSources: shopDataSources,
    recipients: xpartsPreset.recipients.map((recipient) => (recipient.id === 'communication' ? emailDelivery(recipient) : recipient)),
    // The shop's own cookies and its tags'; the module lists its own (consent, CSRF, guest page, language) itself.
    cookies: { declarations: shopCookies },
  };
}

/**
 * The shop's e-mail delivery, named in full (GDPR Art. 13(1)(e)–(f)): the company, where it
 * processes the data, the transfer safeguard and where its text is published. The example's
 * choice, to show the fields: a real shop names its own provider. The preset's other recipients
 * stay kinds of provider, and the policy says their companies are not named.
 */
function emailDelivery(communication: Recipient): Recipient {
  return {
    ...communication,
    location: undefined,
    name: { lv: 'E-pasta piegādes pakalpojums', en: 'E-mail delivery service' },
    provider: 'Mailgun Technologies, Inc.',
    countries: ['US'],
    thirdCountryTransfer: true,
    safeguard: {
      lv: 'Eiropas Komisijas standarta līguma klauzulas (VDAR 46. panta 2. punkta c) apakšpunkts).',
      en: 'The European Commission’s standard contractual clauses (GDPR Art. 46(2)(c)).',
    },
    safeguardCopy: 'https://commission.europa.eu/publications/standard-contractual-clauses-international-transfers_en',
  };
}
