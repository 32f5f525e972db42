import { assert, expect } from 'chai';
import request from 'supertest';
import { xpartsPreset, type Privacy, type PrivacyOptions } from '../index.js';
import { translate } from '../lib/i18n/index.js';
import { onEachDatabase } from './support/databases.js';
import { createHost } from './support/host.js';
import { xpartsController } from './support/shop-options.js';

const cctv = xpartsPreset.purposes.find((p) => p.id === 'cctv');
assert.exists(cctv, 'the default cctv purpose');
const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/'/g, '&#x27;');

describe('video surveillance by default', function () {
  it('keeps recordings 72 hours, for the reason stated, longer only for an incident being investigated', function () {
    expect(cctv.retention.lv)
      .to.match(/^72 stundas/)
      .and.to.contain('nedēļas nogalē')
      .and.to.contain('incidenta');
    expect(cctv.retention.en)
      .to.match(/^72 hours/)
      .and.to.contain('weekend')
      .and.to.contain('incident');
    expect(cctv.premisesNotice).to.equal(true);
  });
});

onEachDatabase('the sign for the premises (EDPB Guidelines 3/2019, first layer)', (db) => {
  let opened: Privacy | undefined;
  afterEach(async function () {
    await opened?.close();
  });
  async function host(options: Partial<PrivacyOptions> = {}) {
    const { app, privacy } = await createHost(db().url, {
      publicUrl: 'https://xparts.lv',
      controller: { ...xpartsController, phone: '+371 67 000 000' },
      isStaff: (req) => req.get('x-staff') === 'yes',
      ...options,
    });
    opened = privacy;
    return app;
  }

  it('is a printable A4 page in both languages: who watches, why, on what basis, for how long, the rights, the contact and where the full notice is', async function () {
    const app = await host();
    const sign = await request(app)
      .get('/privacy/premises-notice')
      .expect(200)
      .expect('content-type', /text\/html/);
    for (const locale of ['lv', 'en'] as const) {
      expect(sign.text).to.contain(`lang="${locale}"`);
      for (const text of [cctv.title[locale], cctv.description[locale], cctv.retention[locale], translate(locale, 'legalBasis.legitimate_interests')]) {
        assert.exists(text, locale);
        expect(sign.text).to.contain(escape(text));
      }
      expect(sign.text).to.contain(
        escape(
          translate(locale, 'notice.rights', { authority: locale === 'lv' ? 'Datu valsts inspekcija' : 'Data State Inspectorate (Datu valsts inspekcija)' }),
        ),
      );
    }
    expect(sign.text).to.contain('SIA KRAUD').and.to.contain('40103337911').and.to.contain('info@xparts.lv').and.to.contain('+371 67 000 000');
    expect(sign.text).to.contain('https://xparts.lv/privacy/policy#purpose-cctv');
    const css = /<link rel="stylesheet" href="([^"]+)"/.exec(sign.text)?.[1];
    assert.exists(css, 'the stylesheet link');
    const sheet = await request(app)
      .get(css)
      .expect(200)
      .expect('content-type', /text\/css/);
    expect(sheet.text).to.contain('size: A4');
  });

  it("is linked from the policy's purpose and the records of processing", async function () {
    const app = await host();
    const policy = await request(app).get('/privacy/policy').expect(200);
    expect(policy.text).to.match(/<tr id="purpose-cctv">[\s\S]*?href="\/privacy\/premises-notice"[\s\S]*?<\/tr>/);
    const records = await request(app).get('/privacy/staff/records').set('x-staff', 'yes').expect(200);
    expect(records.text).to.contain('href="/privacy/premises-notice"');
  });

  it('is there only when a purpose is carried out on the premises (premisesNotice)', async function () {
    const app = await host({ purposes: xpartsPreset.purposes.map((p) => ({ ...p, premisesNotice: false })) });
    await request(app).get('/privacy/premises-notice').expect(404);
    const policy = await request(app).get('/privacy/policy').expect(200);
    expect(policy.text).not.to.contain('/privacy/premises-notice');
  });
});
