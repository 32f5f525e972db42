import fs from 'node:fs';
import { expect } from 'chai';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { translate } from '../lib/i18n/index.js';
import { onEachDatabase } from './support/databases.js';
import { shopper, signUpVerified, startShop } from './support/shop.js';

const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true });
(addFormats as unknown as (a: Ajv2020) => void)(ajv);
const validateExport = ajv.compile(JSON.parse(fs.readFileSync('docs/export.schema.json', 'utf8')));

/** The export reads the histories 500 rows at a time. */
const page = 500;
const seeded = new Date('2026-01-05T08:00:00.000Z');

onEachDatabase('a long consent and request history', (db) => {
  let shop: Awaited<ReturnType<typeof startShop>>;
  beforeEach(async function () {
    shop = await startShop(db().url);
  });
  afterEach(async function () {
    await shop.stop();
  });

  async function signedUp(email: string) {
    const browser = shopper(shop);
    await signUpVerified(shop, browser, { email, first_name: 'Ilze', last_name: 'Ozola', password: 'a long password' });
    const subject = await db().knex('privacy_subjects').where({ email }).first('id');
    return { browser, subjectId: Number(subject.id) };
  }

  /** Ledger rows as the module writes them, each with a policy version naming its place in the seeding. */
  async function seedEvents(subjectId: number, from: number, count: number) {
    const rows = Array.from({ length: count }, (_, i) => ({
      receipt_id: `00000000-0000-4000-8000-${String(subjectId).padStart(4, '0')}${String(from + i).padStart(8, '0')}`,
      subject_id: subjectId,
      visitor_id: null,
      purpose: 'social_advertising',
      event: (from + i) % 2 === 0 ? 'granted' : 'withdrawn',
      granted: (from + i) % 2 === 0,
      policy_version: `seed-${from + i}`,
      wording_hash: 'a'.repeat(64),
      source: 'account',
      locale: 'lv',
      ip: '192.0.2.1',
      user_agent: 'test',
      created_at: new Date(seeded.getTime() + (from + i) * 1000),
    }));
    for (let start = 0; start < rows.length; start += 200)
      await db()
        .knex('privacy_consent_events')
        .insert(rows.slice(start, start + 200));
  }

  const ledgerOrder = (subjectId: number): Promise<string[]> =>
    db().knex('privacy_consent_events').where({ subject_id: subjectId }).orderBy('id').pluck('receipt_id');

  it('exports every consent event exactly once and in order, across pages, in JSON and TXT', async function () {
    const { browser, subjectId } = await signedUp('ilze.ozola@example.lv');
    // Someone else's events in between must stay out of Ilze's export.
    const { subjectId: otherId } = await signedUp('juris@example.lv');
    const own = (await ledgerOrder(subjectId)).length;
    // Exactly two full pages first (the reader must stop after an empty one), then one over.
    await seedEvents(subjectId, 0, 2 * page - own - 300);
    await seedEvents(otherId, 0, 50);
    await seedEvents(subjectId, 2 * page - own - 300, 300);
    for (const total of [2 * page, 2 * page + 1]) {
      if (total > 2 * page) await seedEvents(subjectId, 2 * page - own, 1);
      const expected = await ledgerOrder(subjectId);
      expect(expected).to.have.length(total);
      const data = JSON.parse((await browser.agent.get('/privacy/account/export.json').expect(200)).text);
      expect(validateExport(data), JSON.stringify(validateExport.errors?.slice(0, 3))).to.equal(true);
      expect(data.consents.history.map((e: { receiptId: string }) => e.receiptId)).to.deep.equal(expected);
      const txt = (await browser.agent.get('/privacy/account/export.txt').expect(200)).text;
      const history = txt.slice(txt.indexOf(translate('lv', 'access.history')), txt.indexOf(`== ${translate('lv', 'access.requests')} ==`));
      const versions = [...history.matchAll(/politikas versija seed-(\d+)\)/g)].map((m) => Number(m[1]));
      expect(versions).to.deep.equal(Array.from({ length: total - own }, (_, i) => i));
    }
  });

  it('exports every request of the shopper exactly once and in order, those under their proven address too', async function () {
    const { browser, subjectId } = await signedUp('ilze.ozola@example.lv');
    const { subjectId: otherId } = await signedUp('juris@example.lv');
    // The first download is itself an access request: it carries the address's keyed hash.
    await browser.agent.get('/privacy/account/export.json').expect(200);
    const { email_hash: hash } = await db().knex('privacy_requests').where({ subject_id: subjectId }).first('email_hash');
    const request = (i: number, subject: number | null, emailHash: string) => ({
      type: 'rectification',
      subject_id: subject,
      email: 'ilze.ozola@example.lv',
      email_hash: emailHash,
      locale: 'lv',
      status: 'done',
      channel: subject === null ? 'guest' : 'account',
      details: `Lūgums ${i}`,
      received_at: new Date(seeded.getTime() + i * 60_000),
      verified_at: null,
      due_at: new Date(seeded.getTime() + 30 * 86_400_000),
      closed_at: new Date(seeded.getTime() + i * 60_000 + 1000),
      updated_at: seeded,
    });
    // More than a page: the shopper's own, a guest's made under the same address, and another person's between them.
    const rows = Array.from({ length: page + 20 }, (_, i) => (i % 50 === 7 ? request(i, otherId, 'other') : request(i, i % 3 === 0 ? null : subjectId, hash)));
    for (let start = 0; start < rows.length; start += 100)
      await db()
        .knex('privacy_requests')
        .insert(rows.slice(start, start + 100));
    const expected: number[] = await db()
      .knex('privacy_requests')
      .where({ subject_id: subjectId })
      .orWhere({ email_hash: hash })
      .orderBy('id')
      .pluck('id')
      .then((ids) => ids.map(Number));
    expect(expected.length).to.be.greaterThan(page);
    const data = JSON.parse((await browser.agent.get('/privacy/account/export.json?lang=en').expect(200)).text);
    expect(validateExport(data), JSON.stringify(validateExport.errors?.slice(0, 3))).to.equal(true);
    expect(data.requests.map((r: { id: number }) => r.id)).to.deep.equal(expected);
    expect(data.requests.find((r: { details: string | null }) => r.details === 'Lūgums 1')).to.include({
      type: 'rectification',
      status: 'done',
      channel: 'account',
    });
    const txt = (await browser.agent.get('/privacy/account/export.txt?lang=en').expect(200)).text;
    const listed = [...txt.matchAll(/^No\. (\d+): /gm)].map((m) => Number(m[1]));
    expect(listed).to.deep.equal(expected);
    expect(txt).to.contain(`  Lūgums 1\n`).and.not.to.contain('Lūgums 7\n');
  });

  for (const locale of ['lv', 'en'] as const) {
    it(`shows the latest answer and links to the full history on the account page (${locale})`, async function () {
      const { browser, subjectId } = await signedUp('ilze.ozola@example.lv');
      await seedEvents(subjectId, 0, 2 * page + 1);
      // The long history ends in the answer given on the page itself: a consent given, its state the current one.
      await browser.post('/privacy/account/consents', { purpose: 'social_advertising', answer: 'grant' }, '/privacy/account').expect(303);
      const html = (await browser.agent.get(`/privacy/account?lang=${locale}`).expect(200)).text;
      const form = html.slice(html.indexOf('name="purpose" value="social_advertising"'));
      expect(form.slice(0, form.indexOf('</form>')))
        .to.contain(translate(locale, 'account.granted'))
        .and.to.contain('value="withdraw"');
      expect(html).to.contain(translate(locale, 'account.history'));
      const txtUrl = locale === 'lv' ? '/privacy/account/export.txt' : '/privacy/account/export.txt?lang=en';
      expect(html).to.contain(`<a href="${txtUrl}" download>${translate(locale, 'account.history.link')}</a>`);
      // The page shows answers, not the ledger behind them.
      expect(html).not.to.contain('seed-');
    });
  }

  it('shows the latest requests on the account page and says the download lists them all', async function () {
    const { browser, subjectId } = await signedUp('ilze.ozola@example.lv');
    const rows = Array.from({ length: 25 }, (_, i) => ({
      type: 'objection',
      subject_id: subjectId,
      email: 'ilze.ozola@example.lv',
      email_hash: 'unused',
      locale: 'lv',
      status: 'done',
      channel: 'account',
      details: null,
      received_at: new Date(seeded.getTime() + i * 60_000),
      verified_at: null,
      due_at: seeded,
      closed_at: seeded,
      updated_at: seeded,
    }));
    await db().knex('privacy_requests').insert(rows);
    const ids: number[] = (await db().knex('privacy_requests').where({ subject_id: subjectId }).orderBy('id', 'desc').pluck('id')).map(Number);
    for (const locale of ['lv', 'en'] as const) {
      const html = (await browser.agent.get(`/privacy/account?lang=${locale}`).expect(200)).text;
      const line = (id: number) => `${translate(locale, 'account.requests.line', { id, type: '', received: '', status: '' }).split(':')[0]}:`;
      const shown = ids.filter((id) => html.includes(line(id)));
      expect(shown).to.deep.equal(ids.slice(0, 20));
      expect(html).to.contain(translate(locale, 'account.requests.more', { shown: 20 }));
    }
  });
});
