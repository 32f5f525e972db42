import { assert, expect } from 'chai';
import request from 'supertest';
import { createPrivacy, xpartsPreset, PrivacyOptionsError, type Privacy, type PrivacyOptions } from '../index.js';
import { translate } from '../lib/i18n/index.js';
import { onEachDatabase } from './support/databases.js';
import { createHost } from './support/host.js';
import { testSecret } from './support/secret.js';
import { xpartsShop } from './support/shop-options.js';

/** A recipient the shop names in full: the company, where it processes the data, and how to get the safeguard (Art. 13(1)(f)). */
const mailProvider = {
  id: 'mail',
  name: { lv: 'E-pasta piegādes pakalpojums', en: 'E-mail delivery service' },
  provider: 'Postmark (ActiveCampaign, LLC)',
  purposes: ['purchase', 'newsletter'],
  countries: ['US'],
  thirdCountryTransfer: true,
  safeguard: { lv: 'ES–ASV datu privātuma regulējums (Komisijas lēmums par pietiekamību)', en: 'EU–US Data Privacy Framework (Commission adequacy decision)' },
  safeguardCopy: 'https://www.dataprivacyframework.gov/list',
};
const hosting = {
  id: 'hosting',
  name: { lv: 'Mitināšana', en: 'Hosting' },
  provider: 'Hetzner Online GmbH',
  purposes: ['purchase', 'privacy_audit'],
  countries: ['DE', 'FI'],
  thirdCountryTransfer: false,
};
const currentCustomer: NonNullable<PrivacyOptions['currentCustomer']> = (req) =>
  req.get('x-customer') ? { id: 1, email: 'anna@example.lv', emailVerified: true } : null;
const named: Partial<PrivacyOptions> = {
  recipients: [...xpartsPreset.recipients.filter((r) => r.id !== 'communication'), mailProvider, hosting],
  isStaff: (req) => req.get('x-staff') === 'yes',
  currentCustomer,
};

const country = (code: string, locale: string) => {
  const name = new Intl.DisplayNames([locale], { type: 'region' }).of(code);
  assert.exists(name, `the name of ${code} in ${locale}`);
  return name;
};

onEachDatabase('recipients and transfers outside the EU/EEA', (db) => {
  let opened: Privacy | undefined;
  afterEach(async function () {
    await opened?.close();
  });
  async function host(options: Partial<PrivacyOptions> = {}) {
    const { app, privacy } = await createHost(db().url, { currentCustomer, ...options });
    opened = privacy;
    return app;
  }

  it('the policy names the company, its countries, the safeguard and where to get a copy of it', async function () {
    const app = await host(named);
    for (const locale of ['lv', 'en'] as const) {
      const page = await request(app).get(`/privacy/policy?lang=${locale}`).expect(200);
      expect(page.text).to.contain('Postmark (ActiveCampaign, LLC)').and.to.contain('Hetzner Online GmbH');
      expect(page.text)
        .to.contain(country('US', locale))
        .and.to.contain(`${country('DE', locale)}, ${country('FI', locale)}`);
      expect(page.text).to.contain(mailProvider.safeguard[locale]);
      expect(page.text).to.contain('href="https://www.dataprivacyframework.gov/list"');
    }
  });

  it('the defaults say what is not known: the company is not named and a copy of the safeguard is had by writing to the shop', async function () {
    const app = await host();
    const page = await request(app).get('/privacy/policy').expect(200);
    expect(page.text).to.contain(translate('lv', 'policy.recipients.ask', { email: 'info@xparts.lv' }));
    expect(page.text).to.contain(translate('lv', 'policy.recipients.copyByEmail', { email: 'info@xparts.lv' }));
    // On the account page each recipient is one line, which names the shop's address once.
    const account = await request(app).get('/privacy/account').set('x-customer', '1').expect(200);
    const lines = [...account.text.matchAll(/<li>([^<]*Mārketinga pakalpojumu sniedzēji[^<]*)<\/li>/g)].map((m) => m[1]);
    expect(lines).to.have.length(1);
    const [line] = lines;
    assert.exists(line);
    expect(line.split('info@xparts.lv')).to.have.length(2);
  });

  it('the account page and the access answer say the same', async function () {
    const app = await host(named);
    const page = await request(app).get('/privacy/account?lang=en').set('x-customer', '1').expect(200);
    expect(page.text)
      .to.contain('Postmark (ActiveCampaign, LLC)')
      .and.to.contain(country('US', 'en'))
      .and.to.contain('https://www.dataprivacyframework.gov/list');
    const json = await request(app).get('/privacy/account/export.json?lang=en').set('x-customer', '1').expect(200);
    const mail = (json.body.information.recipients as { provider: string | null; countries: string[]; safeguardCopy: string | null }[]).find((r) =>
      r.provider?.startsWith('Postmark'),
    );
    expect(mail).to.include({ safeguardCopy: 'https://www.dataprivacyframework.gov/list' });
    assert.exists(mail);
    expect(mail.countries).to.deep.equal(['US']);
  });

  it('the records of processing name the company, the countries and the copy, in the page, JSON and CSV', async function () {
    const app = await host(named);
    const json = await request(app).get('/privacy/staff/records.json?lang=en').set('x-staff', 'yes').expect(200);
    const purchase = (json.body.activities as { id: string; recipients: Record<string, unknown>[] }[]).find((a) => a.id === 'purchase');
    assert.exists(purchase, 'the purchase activity');
    expect(purchase.recipients.find((r) => r.id === 'mail')).to.include({
      provider: 'Postmark (ActiveCampaign, LLC)',
      location: country('US', 'en'),
      safeguardCopy: 'https://www.dataprivacyframework.gov/list',
    });
    expect(purchase.recipients.find((r) => r.id === 'it_support')).to.include({ provider: null });
    const csv = await request(app).get('/privacy/staff/records.csv?lang=en').set('x-staff', 'yes').expect(200);
    expect(csv.text)
      .to.contain('Postmark (ActiveCampaign, LLC)')
      .and.to.contain('https://www.dataprivacyframework.gov/list')
      .and.to.contain(translate('en', 'records.provider.unnamed'));
    const page = await request(app).get('/privacy/staff/records').set('x-staff', 'yes').expect(200);
    expect(page.text).to.contain('Hetzner Online GmbH').and.to.contain(country('DE', 'lv'));
  });
});

describe('recipient options', function () {
  const base = { db: 'sqlite::memory:', secret: testSecret, ...xpartsShop } as const;
  function issues(recipients: unknown[]): string[] {
    try {
      createPrivacy({ ...base, recipients } as PrivacyOptions);
    } catch (err) {
      expect(err).to.be.instanceOf(PrivacyOptionsError);
      return (err as PrivacyOptionsError).issues;
    }
    throw new Error('createPrivacy accepted options it should have refused');
  }

  it('checks countries, the transfer flag, the place and the copy of the safeguard', function () {
    expect(issues([{ ...mailProvider, countries: ['XX'] }]).join('\n')).to.match(/^recipients\[0\]\.countries\[0\]: expected a country as its ISO 3166 code/m);
    const found = issues([
      mailProvider,
      { ...mailProvider, thirdCountryTransfer: false },
      { ...hosting, thirdCountryTransfer: true, safeguard: mailProvider.safeguard },
      { ...hosting, countries: undefined },
      { ...mailProvider, safeguardCopy: { lv: 'Rakstiet mums' } },
    ]);
    expect(found).to.include.members([
      'recipients[1].thirdCountryTransfer: US is outside the EU/EEA; set thirdCountryTransfer: true and name the safeguard',
      'recipients[2].thirdCountryTransfer: every country named (DE, FI) is in the EU/EEA; set it to false, or name the third country too',
      "recipients[3].location: say where the recipient processes the data: countries: ['IE'] or location: { lv, en }",
      'recipients[4].safeguardCopy.en: missing; every text needs each language of policy.locales (lv, en)',
    ]);
  });
});
