import { assert, expect } from 'chai';
import request from 'supertest';
import { xpartsPreset, type Privacy, type PrivacyOptions } from '../index.js';
import { translate } from '../lib/i18n/index.js';
import { describePeriod } from '../lib/options/period.js';
import { onEachDatabase } from './support/databases.js';
import { createHost } from './support/host.js';

/** What the module itself keeps, whatever purposes the shop declares (GDPR Art. 13, 30). */
const own = ['privacy_consent_proof', 'privacy_requests', 'privacy_audit'];
const titles = (['consentProof', 'requests', 'audit'] as const).map((name) => `own.${name}.title` as const);

const purchase = xpartsPreset.purposes.find((p) => p.id === 'purchase');
assert.exists(purchase, 'the default purchase purpose');

/** A shop that declares only its purchases, and keeps the module's records for periods of its own. */
const shop: Partial<PrivacyOptions> = {
  purposes: [purchase],
  recipients: [
    {
      id: 'hosting',
      name: { lv: 'Mitināšana', en: 'Hosting' },
      purposes: ['purchase', 'privacy_audit'],
      location: { lv: 'Latvija', en: 'Latvia' },
      thirdCountryTransfer: false,
    },
  ],
  retention: { cookieChoices: { months: 13 }, closedRequests: { years: 4 }, formerSubjects: { years: 7 } },
  isStaff: (req) => req.get('x-staff') === 'yes',
  currentCustomer: (req) => (req.get('x-customer') ? { id: 1, email: 'anna@example.lv', emailVerified: true } : null),
};

onEachDatabase("the module's own processing", (db) => {
  let opened: Privacy | undefined;
  afterEach(async function () {
    await opened?.close();
  });
  async function host(options: Partial<PrivacyOptions> = {}) {
    const { app, privacy } = await createHost(db().url, options);
    opened = privacy;
    return app;
  }

  it('is a purpose of the policy, with its legal basis, data and the retention periods the shop set, even when the shop replaced the purposes', async function () {
    const app = await host(shop);
    for (const locale of ['lv', 'en'] as const) {
      const page = await request(app).get(`/privacy/policy?lang=${locale}`).expect(200);
      for (const key of titles) expect(page.text).to.contain(translate(locale, key));
      for (const id of own) expect(page.text).to.contain(`id="purpose-${id}"`);
      for (const period of [{ months: 13 }, { years: 4 }, { years: 7 }]) expect(page.text).to.contain(describePeriod(period, locale));
      expect(page.text).to.contain(translate(locale, 'own.consentProof.data.ip')).and.to.contain(translate(locale, 'own.consentProof.data.userAgent'));
      expect(page.text).to.contain(translate(locale, 'legalBasis.legal_obligation')).and.to.contain(translate(locale, 'legalBasis.legitimate_interests'));
    }
  });

  it("is in the account page's information table", async function () {
    const app = await host(shop);
    const page = await request(app).get('/privacy/account').set('x-customer', '1').expect(200);
    for (const key of titles) expect(page.text).to.contain(translate('lv', key));
    expect(page.text).to.contain(describePeriod({ months: 13 }, 'lv'));
  });

  it('is in the records of processing, each activity with its own categories of data subjects', async function () {
    const app = await host({ isStaff: shop.isStaff });
    const json = await request(app).get('/privacy/staff/records.json?lang=en').set('x-staff', 'yes').expect(200);
    const activities = json.body.activities as { id: string; subjectCategories: string[]; retention: string; legalBasis: string }[];
    expect(activities.map((a) => a.id)).to.deep.equal([...xpartsPreset.purposes.map((p) => p.id), ...own]);
    for (const activity of activities) {
      expect(activity.subjectCategories, activity.id).to.have.length.greaterThan(0);
      expect(activity.subjectCategories, activity.id).not.to.include(translate('en', 'records.subjects.default'));
    }
    const of = (id: string) => {
      const activity = activities.find((a) => a.id === id);
      assert.exists(activity, id);
      return activity;
    };
    expect(of('registration').subjectCategories.join()).to.match(/registered customers/);
    expect(of('newsletter').subjectCategories.join()).to.match(/subscribers/);
    expect(of('cctv').subjectCategories.join()).to.match(/people on our premises/);
    expect(of('privacy_audit').subjectCategories.join()).to.match(/staff/);
    expect(of('privacy_consent_proof').retention).to.contain(describePeriod({ years: 2 }, 'en'));
    expect(of('privacy_requests').retention).to.contain(describePeriod({ years: 3 }, 'en'));
    expect(of('privacy_consent_proof').legalBasis).to.equal('legal_obligation');
    expect(of('privacy_audit').legalBasis).to.equal('legitimate_interests');
  });
});
