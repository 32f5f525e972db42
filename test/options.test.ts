import fs from 'node:fs';
import { assert, expect } from 'chai';
import express from 'express';
import request from 'supertest';
import { testSecret } from './support/secret.js';
import { devSecret } from '../examples/storefront/app.js';
import { isExampleSecret } from '../lib/options/validate.js';
import { createPrivacy, PrivacyOptionsError, xpartsPreset, type PrivacyLogger, type PrivacyOptions } from '../index.js';
import { formatDate, formatDateTime } from '../lib/i18n/index.js';
import { onEachDatabase } from './support/databases.js';
import { testClock } from './support/clock.js';
import { xpartsController, xpartsShop } from './support/shop-options.js';

const defaultPurposes = xpartsPreset.purposes;
const controller = xpartsController;
const base: PrivacyOptions = { db: 'sqlite::memory:', secret: testSecret, ...xpartsShop };

/** Another shop, with nothing of SIA KRAUD's: its own controller and its country's authority. */
const ownController = { name: 'SIA Cits Veikals', regNo: '40000000001', address: 'Brīvības iela 1, Rīga, LV-1010', email: 'dati@cits.lv', website: 'cits.lv' };
const authority = {
  name: { lv: 'Datu valsts inspekcija', en: 'Data State Inspectorate' },
  address: 'Elijas iela 17, Rīga, LV-1050',
  website: 'https://www.dvi.gov.lv',
};
const neutral: PrivacyOptions = { db: 'sqlite::memory:', secret: testSecret, controller: ownController, supervisoryAuthority: authority };

/** A logger that keeps what it is told, to count the start-up warnings. */
function keptLog(): PrivacyLogger & { warnings: string[] } {
  const warnings: string[] = [];
  return { warnings, info() {}, warn: (line) => void warnings.push(line), error() {} };
}

function failure(options: unknown): PrivacyOptionsError {
  try {
    createPrivacy(options as PrivacyOptions);
  } catch (err) {
    expect(err).to.be.instanceOf(PrivacyOptionsError);
    return err as PrivacyOptionsError;
  }
  throw new Error('createPrivacy accepted options it should have refused');
}

describe('options are validated once, at start', function () {
  it('accepts the xparts.lv preset under its own controller, as the example shop has it', async function () {
    const privacy = createPrivacy(base);
    expect(privacy.options.controller).to.include({ name: 'SIA KRAUD', regNo: '40103337911', website: 'xparts.lv', email: 'info@xparts.lv' });
    // The version and date come from the published text itself, once migrate() has looked it up (test/policy-date.test.ts).
    expect(privacy.options.policy.locales).to.deep.equal(['lv', 'en']);
    expect(privacy.options.purposes.map((p) => p.id)).to.deep.equal([
      'registration',
      'purchase',
      'refunds',
      'newsletter',
      'phone_identification',
      'cctv',
      'social_advertising',
      'analytics',
    ]);
    const basis = Object.fromEntries(privacy.options.purposes.map((p) => [p.id, p.legalBasis]));
    expect(basis).to.include({
      newsletter: 'consent',
      social_advertising: 'consent',
      analytics: 'consent',
      purchase: 'contract',
      cctv: 'legitimate_interests',
    });
    expect(privacy.options.tablePrefix).to.equal('privacy_');
    expect(privacy.options.timezone).to.equal('Europe/Riga');
    expect(privacy.options.supervisoryAuthority.website).to.equal('https://www.dvi.gov.lv');
    await privacy.close();
  });

  it('names a purpose with an unknown legal basis and lists the valid ones', function () {
    const purposes = defaultPurposes.map((p) => (p.id === 'cctv' ? { ...p, legalBasis: 'because_we_can' } : p));
    const err = failure({ ...base, purposes });
    expect(err.message).to.contain('purposes[5].legalBasis');
    expect(err.message).to.contain('"legitimate_interests"');
    expect(err.message).to.contain('received "because_we_can"');
  });

  it('suggests the right name for a mistyped option', function () {
    expect(failure({ ...base, controller: { ...controller, regno: '1' } }).message).to.contain('controller.regno: unknown option. Did you mean "regNo"?');
    expect(failure({ ...base, tablePrefx: 'x_' }).message).to.contain('tablePrefx: unknown option. Did you mean "tablePrefix"?');
  });

  it('requires the controller e-mail shoppers write to', function () {
    expect(failure({ db: 'sqlite::memory:' }).message).to.contain('controller');
    expect(failure({ ...base, controller: { ...controller, email: 'not-an-address' } }).message).to.contain('controller.email');
  });

  it('refuses a database it cannot use, a wrong hook type and an impossible policy date', function () {
    const err = failure({ ...base, db: 'postgres://localhost/shop', isStaff: true, policy: { date: '2023-02-30' } });
    expect(err.issues.join('\n')).to.match(/^db: expected a knex instance or a database URL/m);
    expect(err.issues.join('\n')).to.match(/^isStaff: expected a function/m);
    expect(err.issues.join('\n')).to.match(/^policy\.date: expected a real calendar date/m);
  });

  it('checks that recipients, consent settings and translations fit together', function () {
    const [registration, , , newsletter, phoneIdentification] = defaultPurposes;
    assert.exists(registration);
    assert.exists(newsletter);
    assert.exists(phoneIdentification);
    const err = failure({
      ...base,
      purposes: [
        { ...registration, consent: { offeredAt: ['signup'] } },
        { ...newsletter, consent: undefined },
        { ...phoneIdentification, title: { lv: 'Tikai latviski' } },
      ],
      recipients: [
        { id: 'mailer', name: { lv: 'Pasts', en: 'Mail' }, purposes: ['nonexistent'], location: { lv: 'ASV', en: 'USA' }, thirdCountryTransfer: true },
      ],
    });
    expect(err.issues).to.include.members([
      'purposes[0].consent: only a purpose whose legalBasis is "consent" asks for consent; this one is "contract"',
      'purposes[2].title.en: missing; every text needs each language of policy.locales (lv, en)',
      'recipients[0].safeguard: a recipient outside the EU/EEA needs its transfer safeguard (GDPR Art. 44–49), e.g. standard contractual clauses',
    ]);
    expect(err.message).to.contain('purposes[1].consent: a purpose based on consent must say where consent is asked');
    expect(err.message).to.contain('recipients[0].purposes[0]: no purpose has the id "nonexistent"');
  });

  it("keeps the ids of the module's own processing for the module, and needs every category of data subjects in each language", function () {
    const [registration] = defaultPurposes;
    assert.exists(registration);
    const err = failure({
      ...base,
      purposes: [...defaultPurposes, { ...registration, id: 'privacy_audit', subjectCategories: [{ lv: 'Tikai latviski' }] }],
    });
    expect(err.issues).to.include.members([
      'purposes[8].id: "privacy_audit" is the module\'s own processing (privacy_consent_proof, privacy_requests, privacy_audit), which it declares itself; choose another id',
      'purposes[8].subjectCategories[0].en: missing; every text needs each language of policy.locales (lv, en)',
    ]);
  });

  it('refuses a views folder that does not exist', function () {
    expect(failure({ ...base, views: '/nonexistent/templates' }).message).to.contain('views: expected an existing folder');
  });

  it('says how to mount when the middleware or router is passed without calling it', async function () {
    const privacy = createPrivacy(base);
    const app = express();
    expect(() => app.use(privacy.middleware as never)).not.to.throw();
    expect(() => (privacy.middleware as (...args: unknown[]) => unknown)({}, {}, () => {})).to.throw(/app\.use\(privacy\.middleware\(\)\)/);
    expect(() => (privacy.router as (...args: unknown[]) => unknown)({}, {}, () => {})).to.throw(/app\.use\(privacy\.router\(\)\)/);
    await privacy.close();
  });
});

describe('options resolve once into what every part uses', function () {
  it('derives the default language, the language fallback, the consent purposes and the time zone', function () {
    const privacy = createPrivacy({ ...base, policy: { locales: ['en', 'lv'] }, timezone: 'Europe/Tallinn' });
    expect(privacy.options.defaultLocale).to.equal('en');
    expect(privacy.options.localeOr('lv')).to.equal('lv');
    expect(privacy.options.localeOr('de')).to.equal('en');
    expect(privacy.options.localeOr(undefined)).to.equal('en');
    expect(privacy.options.consentPurposes.map((p) => p.id)).to.deep.equal(['newsletter', 'social_advertising', 'analytics']);
    expect(privacy.options.timezone).to.equal('Europe/Tallinn');
  });

  it('a purpose says it is confirmed by e-mail; only one may say so', function () {
    const newsletter = defaultPurposes.find((p) => p.id === 'newsletter');
    assert.exists(newsletter);
    expect(newsletter.consent?.confirmByEmail).to.equal(true);
    const twice = [...defaultPurposes, { ...newsletter, id: 'offers' }];
    expect(failure({ ...base, purposes: twice }).message).to.contain('purposes[8].consent.confirmByEmail: only one purpose is confirmed by e-mail');
    const unconfirmed = defaultPurposes.map((p) => (p.id === 'newsletter' ? { ...p, consent: { ...p.consent, confirmByEmail: false } } : p));
    expect(failure({ ...base, purposes: unconfirmed }).message).to.contain(
      'purposes[3].consent.confirmByEmail: a purpose offered on the newsletter form is confirmed by e-mail first',
    );
  });
  it('says what is wrong with a secret or a database URL without echoing the secret or the password', function () {
    const short = testSecret.slice(0, 31);
    const secret = failure({ ...base, secret: short });
    expect(secret.message).to.contain('secret: expected at least 32 random characters').and.not.to.contain(short);
    expect(secret.issues.join('\n')).not.to.contain(short);
    for (const db of ['postgres://shop:hunter2-Pa55@db.internal/shop', 'mysql:/shop:hunter2-Pa55@db.internal/shop', 'mysql://shop:hunter2-Pa55@']) {
      const url = failure({ ...base, db, tablePrefix: 'bad prefix!' });
      expect(url.message).not.to.contain('hunter2-Pa55');
    }
    const wrongType = failure({ ...base, secret: { value: short } });
    expect(wrongType.message).to.contain('secret:').and.not.to.contain(short);
  });

  it('knows the documented example secrets, which the example shop and the CLI refuse in production', function () {
    const readme = /'(dev-only-secret-change-me-[0-9a-f]+)'/.exec(fs.readFileSync('README.md', 'utf8'))?.[1];
    assert.exists(readme, "the README's example secret");
    expect(isExampleSecret(readme)).to.equal(true);
    expect(isExampleSecret(devSecret)).to.equal(true);
    expect(isExampleSecret(`${devSecret}-privacy`)).to.equal(true);
    expect(isExampleSecret(testSecret)).to.equal(false);
  });
});

describe('neutral by default: nothing of another company unless the shop takes a preset', function () {
  it("requires the controller's name, registration number, address and website, and the supervisory authority, each by name", function () {
    const issues = failure({ db: 'sqlite::memory:', secret: testSecret, controller: { email: 'dati@cits.lv' } }).issues.join('\n');
    expect(issues).to.match(/^controller\.name: is required: the company that runs the shop, as registered/m);
    expect(issues).to.match(/^controller\.regNo: is required: the company's registration number/m);
    expect(issues).to.match(/^controller\.address: is required: the company's legal address/m);
    expect(issues).to.match(/^controller\.website: is required: the shop's address as shoppers know it/m);
    expect(issues).to.match(/^supervisoryAuthority: is required: the data-protection authority shoppers may complain to/m);
    expect(issues).not.to.contain('KRAUD');
  });

  it('gives a shop without a preset one neutral purpose and no recipient, naming no company, law or authority of its own', async function () {
    const privacy = createPrivacy(neutral);
    const { purposes, recipients, securityMeasures, controller: named } = privacy.options;
    expect(named).to.deep.equal(ownController);
    expect(purposes.map((p) => [p.id, p.legalBasis])).to.deep.equal([['purchase', 'contract']]);
    expect(recipients).to.deep.equal([]);
    expect(securityMeasures).to.have.length.above(0);
    expect(privacy.options.timezone).to.equal('UTC');
    const texts = JSON.stringify({ purposes, recipients, securityMeasures });
    for (const borrowed of ['KRAUD', 'xparts', 'Grāmatvedības likum', 'Accounting Law', 'Patērētāju', 'Videonovērošana', 'CCTV', 'sociālajiem', 'backups']) {
      expect(texts, borrowed).not.to.contain(borrowed);
    }
    await privacy.close();
  });

  it('publishes a coherent policy from the neutral defaults', async function () {
    const privacy = createPrivacy(neutral);
    await privacy.migrate();
    const app = express().use('/privacy', privacy.router());
    const [lv, en] = [await request(app).get('/privacy/policy').expect(200), await request(app).get('/privacy/policy?lang=en').expect(200)];
    expect(lv.text).to.contain('SIA Cits Veikals').and.to.contain('40000000001').and.to.contain('Pasūtījumu apstrāde').and.to.contain('Datu valsts inspekcija');
    expect(en.text).to.contain('Processing orders').and.to.contain('Data State Inspectorate');
    for (const page of [lv.text, en.text]) expect(page).not.to.contain('KRAUD').and.not.to.contain('Grāmatvedības likuma 28').and.not.to.contain('§28');
    // The policy's own paragraphs (the data given, its sources, cookies, orders) say nothing of one shop's premises, ads or country.
    const xpartsOnly = ['videonovērošanas', 'mērķreklām', 'Latvijas Republikā', 'CCTV', 'targeted advertising', 'Republic of Latvia'];
    for (const borrowed of xpartsOnly) expect(lv.text + en.text, borrowed).not.to.contain(borrowed);
    // It declares no recipient, so it says it passes data to none, under no empty table.
    expect(lv.text).to.contain('Jūsu personas datus citiem saņēmējiem nenododam.').and.not.to.contain('id="recipient-');
    const access = privacy.options.policyText('dataSources', 'lv');
    expect(access).to.contain('Datus iegūstam no Jums pašiem').and.not.to.contain('videonovērošanas');
    await privacy.close();
  });

  it("publishes the shop's own wording of the policy's paragraphs, and the preset's under the preset", async function () {
    const own = createPrivacy({
      ...neutral,
      policyTexts: { dataSources: { lv: 'Datus saņemam tikai no Jums.', en: 'We get data only from you.' }, orders: { lv: 'Pasūtījumi.', en: 'Orders.' } },
    });
    await own.migrate();
    const app = express().use('/privacy', own.router());
    const [lv, en] = [await request(app).get('/privacy/policy').expect(200), await request(app).get('/privacy/policy?lang=en').expect(200)];
    expect(lv.text).to.contain('<p>Datus saņemam tikai no Jums.</p>').and.to.contain('<p>Pasūtījumi.</p>');
    expect(en.text).to.contain('<p>We get data only from you.</p>').and.to.contain('<p>Orders.</p>');
    await own.close();
    const preset = createPrivacy(base);
    expect(preset.options.policyText('dataSources', 'lv')).to.contain('no videonovērošanas kamerām mūsu telpās');
    expect(preset.options.policyText('orders', 'en')).to.contain('the other laws in force in the Republic of Latvia');
    await preset.close();
  });

  it('takes the xparts.lv preset by a spread, each part overridable, without a warning under SIA KRAUD', async function () {
    const log = keptLog();
    const privacy = createPrivacy({ ...base, logger: log, timezone: 'Europe/Tallinn' });
    expect(privacy.options.purposes.map((p) => p.id)).to.include.members(['cctv', 'social_advertising']);
    expect(privacy.options.recipients.map((r) => r.id)).to.deep.equal(['communication', 'marketing', 'it_support']);
    expect(privacy.options.timezone).to.equal('Europe/Tallinn');
    expect(log.warnings).to.deep.equal([]);
    expect(Object.isFrozen(xpartsPreset.purposes[0])).to.equal(true);
    await privacy.close();
  });

  it("warns once, at start, when a shop keeps the preset's texts under another controller, and says which", async function () {
    const log = keptLog();
    const privacy = createPrivacy({ ...base, controller: ownController, logger: log });
    expect(log.warnings).to.have.length(1);
    const [warning = ''] = log.warnings;
    expect(warning).to.contain('the xparts.lv preset (SIA KRAUD)').and.to.contain('"SIA Cits Veikals"').and.to.contain('review them');
    expect(warning).to.contain('purposes (registration, purchase, refunds, newsletter, phone_identification, cctv, social_advertising, analytics)');
    expect(warning).to.contain('recipients (communication, marketing, it_support)');
    expect(warning).to.match(/securityMeasures \(\d of 7\)/);
    expect(warning).to.contain('policyTexts (dataGiven, dataSources, recipients, cookies, orders)');
    await privacy.close();
  });

  it("names only what is still the preset's, and says nothing once the shop has replaced it", async function () {
    const giftCards = {
      id: 'gift_cards',
      title: { lv: 'Dāvanu kartes', en: 'Gift cards' },
      description: { lv: 'Dāvanu karšu izsniegšana un izmantošana.', en: 'Issuing and redeeming gift cards.' },
      legalBasis: 'contract' as const,
      dataCategories: [{ lv: 'e-pasta adrese', en: 'e-mail address' }],
      retention: { lv: 'Kamēr karte ir derīga.', en: 'While the card is valid.' },
    };
    const partly = keptLog();
    const cctv = defaultPurposes.find((p) => p.id === 'cctv');
    assert.exists(cctv);
    await createPrivacy({ ...base, controller: ownController, purposes: [giftCards, cctv], recipients: [], logger: partly }).close();
    expect(partly.warnings).to.have.length(1);
    expect(partly.warnings[0]).to.contain('purposes (cctv)').and.not.to.contain('recipients (');
    const replaced = keptLog();
    const own = { purposes: [giftCards], recipients: [], securityMeasures: [{ lv: 'Šifrēti savienojumi.', en: 'Encrypted connections.' }], policyTexts: {} };
    await createPrivacy({ ...base, ...own, controller: ownController, logger: replaced }).close();
    expect(replaced.warnings).to.deep.equal([]);
    const neutralLog = keptLog();
    await createPrivacy({ ...neutral, logger: neutralLog }).close();
    expect(neutralLog.warnings).to.deep.equal([]);
  });
});

describe('one time zone for every date shown', function () {
  it('is an IANA name Intl knows; retention.timezone says where it went', function () {
    expect(failure({ ...base, timezone: 'Mars/Olympus' }).message).to.contain('timezone: expected an IANA time zone');
    expect(failure({ ...base, retention: { timezone: 'Europe/Riga' } }).message).to.contain('retention.timezone: moved to the top-level option "timezone"');
  });

  it("shows a moment as the day and hour it was in the shop's zone, and a calendar date as that day everywhere", function () {
    const lateInRiga = new Date('2026-03-01T22:30:00Z');
    expect(formatDate(lateInRiga, 'lv', 'Europe/Riga')).to.equal('02.03.2026');
    expect(formatDate(lateInRiga, 'lv', 'UTC')).to.equal('01.03.2026');
    expect(formatDate(lateInRiga, 'en', 'America/New_York')).to.equal('1 March 2026');
    expect(formatDateTime(lateInRiga, 'lv', 'Europe/Riga'))
      .to.contain('02.03.2026')
      .and.to.contain('00:30');
    expect(formatDateTime(lateInRiga, 'en', 'UTC'))
      .to.contain('1 March 2026')
      .and.to.contain('22:30');
    for (const zone of ['Pacific/Kiritimati', 'UTC', 'Pacific/Pago_Pago']) expect(formatDate('2026-03-01', 'lv', zone)).to.equal('01.03.2026');
  });
});

onEachDatabase("the policy's date in the shop's time zone", (db) => {
  it('is the day it was in the zone the shop names when the text was first published', async function () {
    // 22:30 UTC on 1 March is already 2 March in Riga.
    const clock = testClock(new Date('2026-03-01T22:30:00Z'));
    const riga = createPrivacy({ db: db().knex, secret: testSecret, ...xpartsShop, clock: clock.now });
    await riga.migrate();
    expect(riga.options.policy.date).to.equal('2026-03-02');
    expect(riga.policy.published('lv').text).to.contain('02.03.2026');
  });

  it('is the UTC day for a shop that names no zone', async function () {
    const clock = testClock(new Date('2026-03-01T22:30:00Z'));
    const utc = createPrivacy({ ...neutral, db: db().knex, clock: clock.now });
    await utc.migrate();
    expect(utc.options.policy.date).to.equal('2026-03-01');
    expect(utc.policy.published('en').text).to.contain('1 March 2026');
  });
});
