import { assert, expect } from 'chai';
import { xpartsPreset, type Privacy } from '../index.js';
import { onEachDatabase } from './support/databases.js';
import { createHost } from './support/host.js';
import request from 'supertest';

/** RFC 4180, enough to read back what the module writes: quoted fields, doubled quotes, CRLF rows. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let fieldText = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charAt(i);
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        fieldText += '"';
        i += 1;
      } else if (c === '"') quoted = false;
      else fieldText += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(fieldText);
      fieldText = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(fieldText);
      rows.push(row);
      row = [];
      fieldText = '';
      i += 1;
    } else fieldText += c;
  }
  return rows;
}

onEachDatabase('records of processing for staff', (db) => {
  let opened: Privacy | undefined;
  afterEach(async function () {
    await opened?.close();
  });
  async function host() {
    const { app, privacy } = await createHost(db().url, { isStaff: (req) => req.get('x-staff') === 'yes' });
    opened = privacy;
    return { app, privacy };
  }

  it('is a 404 for everyone but staff', async function () {
    const { app } = await host();
    for (const url of ['/privacy/staff/records', '/privacy/staff/records.json', '/privacy/staff/records.csv']) await request(app).get(url).expect(404);
  });

  it('shows every purpose with its legal basis, data, subjects, recipients with transfer safeguards, retention and security measures, in lv and en', async function () {
    const { app, privacy } = await host();
    const lv = await request(app).get('/privacy/staff/records').set('x-staff', 'yes').expect(200);
    expect(lv.text).to.contain('Apstrādes darbību reģistrs');
    for (const purpose of privacy.options.purposes) {
      assert.exists(purpose.title.lv, purpose.id);
      expect(lv.text).to.contain(purpose.title.lv);
    }
    const safeguard = privacy.options.recipients[0]?.safeguard?.lv;
    assert.exists(safeguard, "the first recipient's safeguard");
    expect(lv.text).to.contain('Mārketinga pakalpojumu sniedzēji').and.to.contain(safeguard);
    const [, , auditTrail] = xpartsPreset.securityMeasures;
    assert.exists(auditTrail);
    expect(lv.text).to.contain(auditTrail.lv);
    const en = await request(app).get('/privacy/staff/records?lang=en').set('x-staff', 'yes').expect(200);
    expect(en.text).to.contain('Records of processing activities').and.to.contain(auditTrail.en);
  });

  it('downloads as JSON and as CSV that spreadsheets read', async function () {
    const { app, privacy } = await host();
    const json = await request(app).get('/privacy/staff/records.json?lang=en').set('x-staff', 'yes').expect(200);
    expect(json.headers['content-disposition']).to.match(/^attachment; filename="?records-of-processing-\d{4}-\d{2}-\d{2}\.json"?$/);
    // The shop's purposes, then the module's own processing (test/own-processing.test.ts).
    expect(json.body.activities.map((a: { id: string }) => a.id)).to.deep.equal([
      ...xpartsPreset.purposes.map((p) => p.id),
      'privacy_consent_proof',
      'privacy_requests',
      'privacy_audit',
    ]);
    const newsletter = json.body.activities.find((a: { id: string }) => a.id === 'newsletter');
    expect(newsletter.legalBasis).to.equal('consent');
    const marketingSafeguard = privacy.options.recipients[1]?.safeguard?.en;
    assert.exists(marketingSafeguard, "the second recipient's safeguard");
    expect(newsletter.recipients.find((r: { id: string }) => r.id === 'marketing')).to.include({
      thirdCountryTransfer: true,
      safeguard: marketingSafeguard,
    });
    expect(json.body.securityMeasures).to.have.length(xpartsPreset.securityMeasures.length);

    const csv = await request(app)
      .get('/privacy/staff/records.csv')
      .set('x-staff', 'yes')
      .buffer(true)
      .parse((res, done) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => done(null, text));
      })
      .expect(200);
    expect(csv.headers['content-type']).to.equal('text/csv; charset=utf-8');
    expect(csv.headers['content-disposition']).to.match(/filename="?records-of-processing-\d{4}-\d{2}-\d{2}\.csv"?$/);
    const text = csv.body as string;
    expect(text.charCodeAt(0)).to.equal(0xfeff);
    const rows = parseCsv(text.slice(1));
    expect(rows).to.have.length(xpartsPreset.purposes.length + 3 + 1);
    const [header] = rows;
    assert.exists(header, 'the header row');
    expect(header[1]).to.equal('Apstrādes nolūks');
    expect(rows.every((row) => row.length === header.length)).to.equal(true);
    const newsletterRow = rows.find((row) => row[0] === 'newsletter');
    assert.exists(newsletterRow, 'the newsletter row');
    expect(newsletterRow[5]).to.contain('Mārketinga pakalpojumu sniedzēji');
  });
});
