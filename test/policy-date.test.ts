import { expect } from 'chai';
import express from 'express';
import request from 'supertest';
import { createPrivacy, xpartsPreset, type PrivacyOptions } from '../index.js';
import { translate } from '../lib/i18n/index.js';
import { day, testClock, type TestClock } from './support/clock.js';
import { onEachDatabase } from './support/databases.js';
import { testSecret } from './support/secret.js';
import { xpartsShop } from './support/shop-options.js';

/** A purpose a shop adds later: the published text changes with it. */
const giftCards = {
  id: 'gift_cards',
  title: { lv: 'Dāvanu kartes', en: 'Gift cards' },
  description: { lv: 'Dāvanu karšu izsniegšana un izmantošana.', en: 'Issuing and redeeming gift cards.' },
  legalBasis: 'contract' as const,
  dataCategories: [{ lv: 'e-pasta adrese', en: 'e-mail address' }],
  retention: { lv: 'Kamēr karte ir derīga.', en: 'While the card is valid.' },
};

onEachDatabase('the policy version and date by default', (db) => {
  const open = (clock: TestClock, options: Partial<PrivacyOptions> = {}) =>
    createPrivacy({ secret: testSecret, db: db().knex, ...xpartsShop, clock: clock.now, ...options });
  const versions = () => db().knex('privacy_policy_versions').orderBy('id').select('version', 'locale', 'published_on');
  const dayOf = (value: unknown) => (value instanceof Date ? value.toISOString() : String(value)).slice(0, 10);

  it('are the day the text was first published, shown in its footer, and stay so while the text is unchanged', async function () {
    const clock = testClock(new Date('2026-11-25T12:00:00Z'));
    const first = open(clock);
    await first.migrate();
    expect(first.options.policy).to.include({ version: '2026-11-25', date: '2026-11-25' });
    expect(first.policy.published('lv').text).to.contain(translate('lv', 'policy.lastChanged', { date: '25.11.2026' }));
    expect(first.policy.published('en').text).to.contain(translate('en', 'policy.version', { version: '2026-11-25' }));

    clock.advance(20 * day);
    const later = open(clock);
    await later.migrate();
    expect(later.options.policy).to.include({ version: '2026-11-25', date: '2026-11-25' });
    expect(later.policy.published('lv').hash).to.equal(first.policy.published('lv').hash);
    const rows = await versions();
    expect(rows.map((r) => [r.version, r.locale, dayOf(r.published_on)])).to.deep.equal([
      ['2026-11-25', 'lv', '2026-11-25'],
      ['2026-11-25', 'en', '2026-11-25'],
    ]);
  });

  it('change when the text changes: a purpose added is a new version, and consents given under the old one are asked again', async function () {
    const clock = testClock(new Date('2026-11-25T12:00:00Z'));
    const before = open(clock);
    await before.migrate();
    await before.hooks.accountCreated({ customer: { id: 7, email: 'zane@example.lv' }, consents: {} });
    await before.consents.grant({ customerId: 7 }, 'newsletter', { source: 'newsletter' });
    const granted = await db().knex('privacy_consent_events').where({ purpose: 'newsletter', event: 'granted' }).first();
    expect(granted.policy_version).to.equal('2026-11-25');

    clock.advance(15 * day);
    const after = open(clock, { purposes: [...xpartsPreset.purposes, giftCards] });
    await after.migrate();
    expect(after.options.policy).to.include({ version: '2026-12-10', date: '2026-12-10' });
    expect(after.policy.published('lv').text)
      .to.contain('Dāvanu kartes')
      .and.to.contain(translate('lv', 'policy.lastChanged', { date: '10.12.2026' }));
    expect(await after.consents.needsReconfirmation({ customerId: 7 })).to.deep.equal(['newsletter']);
    expect((await versions()).map((r) => r.version)).to.deep.equal(['2026-11-25', '2026-11-25', '2026-12-10', '2026-12-10']);

    // Back to the first text: it is the version published on 25 November again.
    const reverted = open(clock);
    await reverted.migrate();
    expect(reverted.options.policy).to.include({ version: '2026-11-25', date: '2026-11-25' });
  });

  it('add a short hash of the text when a second text is published the same day', async function () {
    const clock = testClock(new Date('2026-11-25T12:00:00Z'));
    await open(clock).migrate();
    clock.advance(60 * 60 * 1000);
    const second = open(clock, { purposes: [...xpartsPreset.purposes, giftCards] });
    await second.migrate();
    expect(second.options.policy.version).to.match(/^2026-11-25-[0-9a-f]{6}$/);
    expect(second.options.policy.date).to.equal('2026-11-25');
    const again = open(clock, { purposes: [...xpartsPreset.purposes, giftCards] });
    await again.migrate();
    expect(again.options.policy.version).to.equal(second.options.policy.version);
  });

  it("take the day in the shop's time zone", async function () {
    // 23:30 UTC on 30 November is already 1 December in Riga.
    const privacy = open(testClock(new Date('2026-11-30T23:30:00Z')));
    await privacy.migrate();
    expect(privacy.options.policy).to.include({ version: '2026-12-01', date: '2026-12-01' });
  });

  it('give way to a policy.version or policy.date the shop sets', async function () {
    const clock = testClock(new Date('2026-11-25T12:00:00Z'));
    const both = open(clock, { policy: { version: 'v7', date: '2026-01-15' } });
    expect(both.options.policy).to.include({ version: 'v7', date: '2026-01-15' });
    await both.migrate();
    expect(both.policy.published('lv').text).to.contain(translate('lv', 'policy.lastChanged', { date: '15.01.2026' }));
    const versionOnly = open(clock, { policy: { version: 'v8' } });
    await versionOnly.migrate();
    expect(versionOnly.options.policy).to.include({ version: 'v8', date: '2026-11-25' });
    const dateOnly = open(clock, { purposes: [...xpartsPreset.purposes, giftCards], policy: { date: '2026-02-01' } });
    await dateOnly.migrate();
    expect(dateOnly.options.policy).to.include({ version: '2026-02-01', date: '2026-02-01' });
    const rows = await versions();
    expect(rows.map((r) => [r.version, dayOf(r.published_on)])).to.deep.include.members([
      ['v7', '2026-01-15'],
      ['v8', '2026-11-25'],
      ['2026-02-01', '2026-02-01'],
    ]);
  });

  it('agree among several instances starting together, each text under its own version', async function () {
    const clock = testClock(new Date('2026-11-25T12:00:00Z'));
    const same = [open(clock), open(clock), open(clock)];
    const other = open(clock, { purposes: [...xpartsPreset.purposes, giftCards] });
    await Promise.all([...same, other].map((privacy) => privacy.migrate()));
    const found = new Set(same.map((privacy) => privacy.options.policy.version));
    expect(found.size).to.equal(1);
    expect(other.options.policy.version).not.to.equal([...found][0]);
    const rows = await versions();
    expect(rows).to.have.length(4);
    expect(new Set(rows.map((r) => r.version)).size).to.equal(2);
  });

  it('are looked up before the first request when the shop ran its migrations elsewhere (the command line)', async function () {
    const clock = testClock(new Date('2026-11-25T12:00:00Z'));
    await open(clock).migrate();
    clock.advance(3 * day);
    const privacy = open(clock);
    const app = express();
    app.use(privacy.middleware());
    app.use('/privacy', privacy.router());
    app.get('/', (_req, res) => void res.send(res.locals.privacy.banner));
    const page = await request(app).get('/privacy/policy').expect(200);
    expect(page.text).to.contain(translate('lv', 'policy.lastChanged', { date: '25.11.2026' }));
    expect(privacy.options.policy.version).to.equal('2026-11-25');
    expect(await versions()).to.have.length(2);
  });

  it('say plainly, when a text is needed before it is known, that migrate() looks it up', async function () {
    const privacy = open(testClock());
    expect(() => privacy.policy.published('lv')).to.throw(/privacy\.migrate\(\)/);
  });
});
