import fs from 'node:fs';
import { assert, expect } from 'chai';
import express from 'express';
import { testSecret } from './support/secret.js';
import { devSecret } from '../examples/storefront/app.js';
import { isExampleSecret } from '../lib/options/validate.js';
import { createPrivacy, defaultPurposes, PrivacyOptionsError, type PrivacyOptions } from '../index.js';

const controller = { email: 'info@xparts.lv' };
const base: PrivacyOptions = { db: 'sqlite::memory:', secret: testSecret, controller };

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
  it('accepts the defaults, which mirror the xparts.lv policy', async function () {
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
    expect(failure({ ...base, controller: { email: 'not-an-address' } }).message).to.contain('controller.email');
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
    const privacy = createPrivacy({ ...base, policy: { locales: ['en', 'lv'] }, retention: { timezone: 'Europe/Tallinn' } });
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
