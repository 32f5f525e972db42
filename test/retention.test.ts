import { performance } from 'node:perf_hooks';
import fs from 'node:fs';
import { assert, expect } from 'chai';
import { createPrivacy, PrivacyOptionsError, type RetentionReport } from '../index.js';
import { shopDataSources } from '../examples/storefront/data-sources.js';
import { onEachDatabase, tempDir } from './support/databases.js';
import { at, daysAfter, everyTable, now, seedRetention } from './support/retention-seed.js';
import { testSecret } from './support/secret.js';
import { farAhead, longAgo } from './support/clock.js';
import { startShop } from './support/shop.js';
import { sentMail } from './support/outbox.js';
import { xpartsShop } from './support/shop-options.js';

/** A rule's counts, without its labels: what a dry run must predict exactly. */
const counts = (report: RetentionReport) =>
  Object.fromEntries(
    report.rules.map((r) => [
      r.rule,
      { deleted: r.deleted, anonymised: r.anonymised, warned: r.warned, unreachable: r.unreachable, waiting: r.waiting, restricted: r.restricted },
    ]),
  );
const rule = (report: RetentionReport, id: string) => {
  const found = report.rules.find((r) => r.rule === id);
  assert.exists(found, `the report of the rule ${id}`);
  return found;
};

onEachDatabase('retention', (db) => {
  let shop: Awaited<ReturnType<typeof startShop>>;
  beforeEach(async function () {
    shop = await startShop(db().url);
  });
  afterEach(async function () {
    await shop.stop();
  });

  it('reports in a dry run exactly what the run then does, changing and sending nothing', async function () {
    await seedRetention(shop.knex);
    const before = await everyTable(shop.knex);
    const dry = await shop.privacy.retention.run({ dryRun: true, now });
    expect(await everyTable(shop.knex)).to.deep.equal(before);
    expect(await sentMail(shop.privacy, shop.outboxDir)).to.have.length(0);

    const real = await shop.privacy.retention.run({ now });
    expect(counts(real)).to.deep.equal(counts(dry));
    expect(real.dryRun).to.equal(false);
    expect(counts(real)).to.deep.include({
      customers: { deleted: 0, anonymised: 0, warned: 3, unreachable: 0, waiting: 0, restricted: 0 },
      orders: { deleted: 0, anonymised: 2, warned: 0, unreachable: 0, waiting: 0, restricted: 0 },
    });
    for (const id of ['privacy.expired_tokens', 'privacy.unverified_requests', 'privacy.closed_requests', 'privacy.cookie_choices']) {
      expect(rule(real, id).deleted, id).to.equal(1);
    }
    expect(rule(real, 'orders').reason).to.contain('Grāmatvedības likuma 28. pants');

    // The accounting records stay, without the person in them; the younger ones untouched.
    const orders = await shop.knex('orders').orderBy('number').select('number', 'email', 'first_name', 'phone', 'address', 'customer_id', 'total_cents');
    expect(orders.map((o) => [o.number, o.email, o.first_name, o.total_cents])).to.deep.equal([
      ['XP-1', '', '', 4200],
      ['XP-2', 'anna@example.lv', 'Pircējs', 4200],
      ['XP-3', '', '', 4200],
      ['XP-4', 'guest@example.lv', 'Pircējs', 4200],
    ]);
    expect(await shop.knex('order_lines').count({ n: '*' })).to.deep.equal([{ n: 4 }]);
    expect(await shop.knex('privacy_tokens').count({ n: '*' })).to.deep.equal([{ n: 1 }]);
    expect(await shop.knex('privacy_consent_events').pluck('receipt_id')).to.deep.equal(['r-new']);
    expect((await shop.knex('privacy_requests').select('status')).map((r) => r.status).sort()).to.deep.equal(['awaiting_verification', 'done']);

    // Warned, in Latvian, with the date and the way to keep the account; nobody deleted yet.
    expect(await shop.knex('customers').count({ n: '*' })).to.deep.equal([{ n: 4 }]);
    const warnings = await sentMail(shop.privacy, shop.outboxDir);
    expect(warnings.map((m) => m.to[0]).sort()).to.deep.equal(['anna@example.lv', 'carl@example.lv', 'dora@example.lv']);
    const dora = warnings.find((m) => m.to[0] === 'dora@example.lv');
    assert.exists(dora, "dora's warning");
    // Her three years end on 10 December, but the warning gives 30 days.
    expect(dora.subject).to.equal('xparts.lv: Jūsu dati tiks dzēsti 25.12.2026');
    expect(dora.text).to.contain('nav izmantoti kopš 10.12.2023').and.contain('3 gadi').and.contain('http://shop.test/login');
    expect(dora.headers['list-unsubscribe']).to.equal(undefined);

    const [entry] = await shop.privacy.audit.list({ limit: 1 });
    expect(entry).to.deep.include({ action: 'retention.run', actorType: 'system' });
    assert.exists(entry);
    expect(entry.details).to.deep.include({
      rules: {
        customers: { warned: 3 },
        orders: { anonymised: 2 },
        'privacy.expired_tokens': { deleted: 1 },
        'privacy.unverified_requests': { deleted: 1 },
        'privacy.cookie_choices': { deleted: 1 },
        'privacy.closed_requests': { deleted: 1 },
      },
    });
    expect((await shop.privacy.audit.verify()).ok).to.equal(true);
  });

  it('deletes a warned account only on the date it was warned of; a login in between keeps it', async function () {
    const { ids } = await seedRetention(shop.knex);
    await shop.privacy.retention.run({ now });
    // Dora logs in the next day: her clock starts again.
    await shop
      .knex('customers')
      .where({ id: ids.dora })
      .update({ last_login_at: daysAfter(now, 1) });

    const early = await shop.privacy.retention.run({ now: daysAfter(now, 20) });
    expect(rule(early, 'customers')).to.include({ deleted: 0, warned: 0, waiting: 2 });
    expect(await sentMail(shop.privacy, shop.outboxDir)).to.have.length(3);

    const dueDay = daysAfter(now, 31);
    const dry = await shop.privacy.retention.run({ now: dueDay, dryRun: true });
    const due = await shop.privacy.retention.run({ now: dueDay });
    expect(counts(due)).to.deep.equal(counts(dry));
    expect(rule(due, 'customers')).to.include({ deleted: 2, warned: 0, waiting: 0 });
    expect(await shop.knex('customers').orderBy('email').pluck('email')).to.deep.equal(['bob@example.lv', 'dora@example.lv']);
    // Anna's recent order stays for the accountant, no longer linked to an account that is gone.
    expect(await shop.knex('orders').where({ number: 'XP-2' }).first('email', 'customer_id')).to.deep.equal({ email: 'anna@example.lv', customer_id: null });
    expect(await shop.knex('privacy_subjects').where({ email: 'anna@example.lv' }).first('customer_id')).to.deep.equal({ customer_id: null });
    // Dora's warning is out of date (she came back); it is cleared 90 days after its date.
    expect(await shop.knex('privacy_retention_notices').pluck('row_key')).to.deep.equal([String(ids.dora)]);

    // Nothing is left to do: a run again changes nothing.
    const again = await shop.privacy.retention.run({ now: dueDay });
    expect(again.totals).to.deep.equal({ deleted: 0, anonymised: 0, warned: 0 });
  });

  it('leaves alone the rows of a subject who restricted processing (Art. 18)', async function () {
    const { subjectId } = await seedRetention(shop.knex);
    await shop
      .knex('privacy_subjects')
      .where({ id: subjectId })
      .update({ restricted_at: at('2026-01-01') });
    const report = await shop.privacy.retention.run({ now });
    expect(rule(report, 'customers')).to.include({ warned: 2, restricted: 1 });
    expect(rule(report, 'orders')).to.include({ anonymised: 1, restricted: 1 });
    expect(await shop.knex('orders').where({ number: 'XP-1' }).first('email')).to.deep.equal({ email: 'anna@example.lv' });
    expect((await sentMail(shop.privacy, shop.outboxDir)).map((m) => m.to[0])).not.to.include('anna@example.lv');
  });

  it('keeps an account whose warning could not be sent, and warns again on the next run', async function () {
    await seedRetention(shop.knex);
    const failing = {
      sendMail: async () => {
        throw new Error('SMTP down');
      },
    };
    const privacy = createPrivacy({
      db: shop.knex,
      secret: testSecret,
      ...xpartsShop,
      dataSources: shopDataSources,
      mailer: { transport: failing, worker: { enabled: false, maxAttempts: 1 } },
      logger: { info: () => undefined, warn: () => undefined, error: () => undefined },
    });
    try {
      // The warnings are queued with their notices; the worker then gives each up, and its notice goes with it.
      const report = await privacy.retention.run({ now: daysAfter(now, 60) });
      expect(rule(report, 'customers')).to.include({ warned: 3, deleted: 0 });
      expect(await privacy.mail.drain()).to.deep.equal({ sent: 0, retried: 0, failed: 3, tasks: 0 });
      expect(await shop.knex('privacy_retention_notices').count({ n: '*' })).to.deep.equal([{ n: 0 }]);
      expect(await privacy.mail.status()).to.include({ failed: 3, pending: 0 });
      // Nobody was warned, so nobody is deleted: the next run warns again, through the shop's working mail.
      const next = await shop.privacy.retention.run({ now: daysAfter(now, 60) });
      expect(rule(next, 'customers')).to.include({ warned: 3, deleted: 0 });
      expect((await sentMail(shop.privacy, shop.outboxDir)).filter((m) => m.subject.includes('Jūsu dati tiks dzēsti'))).to.have.length(3);
    } finally {
      await privacy.close();
    }
  });

  it('forgets a former customer once no source holds anything about them, keeping only the suppression hash', async function () {
    await seedRetention(shop.knex);
    const person = async (email: string, withOrder: boolean) => {
      const [id] = await shop
        .knex('privacy_subjects')
        .insert({ email, customer_id: null, locale: 'lv', created_at: at('2019-05-01'), updated_at: at('2019-05-01') });
      const [eventId] = await shop.knex('privacy_consent_events').insert({
        receipt_id: `r-${email}`,
        subject_id: id,
        visitor_id: null,
        purpose: 'newsletter',
        event: 'withdrawn',
        granted: false,
        policy_version: '2019-01-01',
        wording_hash: 'd'.repeat(64),
        source: 'checkout',
        locale: 'lv',
        ip: '192.0.2.9',
        user_agent: 'Old',
        created_at: at('2019-05-01'),
      });
      await shop.knex('privacy_consents').insert({
        subject_id: id,
        purpose: 'newsletter',
        granted: false,
        policy_version: '2019-01-01',
        source: 'checkout',
        event_id: eventId,
        updated_at: at('2019-05-01'),
      });
      await shop.knex('privacy_suppressions').insert({ email_hash: `${email.length}`.padEnd(64, 'a'), purpose: 'newsletter', created_at: at('2019-05-01') });
      if (withOrder)
        await shop.knex('orders').insert({
          number: `XP-${email.length}`,
          customer_id: null,
          email,
          first_name: 'Sens',
          last_name: 'Pircējs',
          phone: '+371 20 000 003',
          address: 'Cēsis',
          total_cents: 100,
          locale: 'lv',
          created_at: at('2019-05-01'),
        });
    };
    await person('gone@example.lv', false);
    await person('buyer@example.lv', true);

    // The first run anonymises the 2019 order; the buyer's record waits for the next run.
    const first = await shop.privacy.retention.run({ now });
    expect(rule(first, 'privacy.former_subjects').deleted).to.equal(1);
    expect(await shop.knex('privacy_subjects').orderBy('email').pluck('email')).to.deep.equal(['anna@example.lv', 'buyer@example.lv']);
    const dry = await shop.privacy.retention.run({ now, dryRun: true });
    const second = await shop.privacy.retention.run({ now });
    expect(counts(second)).to.deep.equal(counts(dry));
    expect(rule(second, 'privacy.former_subjects').deleted).to.equal(1);
    expect(await shop.knex('privacy_subjects').pluck('email')).to.deep.equal(['anna@example.lv']);
    expect(await shop.knex('privacy_consent_events').whereNotNull('subject_id').count({ n: '*' })).to.deep.equal([{ n: 0 }]);
    expect(await shop.knex('privacy_suppressions').count({ n: '*' })).to.deep.equal([{ n: 2 }]);
  });

  it("with leases, leaves a rule another run has claimed, and takes it once a crashed run's claim runs out", async function () {
    await seedRetention(shop.knex);
    const leased = createPrivacy({
      db: shop.knex,
      secret: testSecret,
      ...xpartsShop,
      dataSources: shopDataSources,
      retention: { locking: 'lease', leaseSeconds: 30 },
    });
    await shop.knex('privacy_retention_leases').insert({ rule: 'orders', holder: 'a-run-that-crashed', expires_at: farAhead });
    const held = await leased.retention.run({ now });
    expect(held.locking).to.equal('lease');
    expect(rule(held, 'orders')).to.include({ anonymised: 0, skipped: 'another run holds this rule' });
    expect(rule(held, 'privacy.expired_tokens').deleted).to.equal(1);
    await shop.knex('privacy_retention_leases').where({ rule: 'orders' }).update({ expires_at: longAgo });
    const taken = await leased.retention.run({ now });
    expect(rule(taken, 'orders')).to.include({ anonymised: 2, skipped: null });
    // Released at the end, so the next run need not wait.
    expect(await shop.knex('privacy_retention_leases').where({ rule: 'orders' }).first('holder')).to.deep.equal({ holder: null });
  });

  it('deletes the e-mails sent or given up on a month ago, never one still to go', async function () {
    const mail = (id: string, status: string, createdDaysAgo: number, sentDaysAgo: number | null) => ({
      message_id: `<${id}@shop.test>`,
      recipient: status === 'sent' ? '' : `${id}@example.lv`,
      message: null,
      status,
      attempts: 1,
      next_attempt_at: daysAfter(now, -createdDaysAgo),
      created_at: daysAfter(now, -createdDaysAgo),
      sent_at: sentDaysAgo === null ? null : daysAfter(now, -sentDaysAgo),
    });
    await shop
      .knex('privacy_outbox')
      .insert([
        mail('old-sent', 'sent', 50, 45),
        mail('old-failed', 'failed', 40, null),
        mail('young-sent', 'sent', 40, 10),
        mail('old-pending', 'pending', 60, null),
        mail('old-sending', 'sending', 60, null),
      ]);
    const dry = await shop.privacy.retention.run({ dryRun: true, now });
    expect(rule(dry, 'privacy.sent_mail')).to.include({ deleted: 2, action: 'delete' });
    const report = await shop.privacy.retention.run({ now });
    expect(rule(report, 'privacy.sent_mail')).to.include({ deleted: 2 });
    const left: string[] = await shop.knex('privacy_outbox').where('message_id', 'like', '%@shop.test>').orderBy('message_id').pluck('message_id');
    expect(left).to.deep.equal(['<old-pending@shop.test>', '<old-sending@shop.test>', '<young-sent@shop.test>']);
  });

  it("forgets after 90 days that an order's or account's consents were recorded: a repeated call comes within hours, not months", async function () {
    const call = (ref: string, daysAgo: number) => ({ place: 'checkout', shop_ref: ref, subject_id: null, answer: '{}', created_at: daysAfter(now, -daysAgo) });
    await shop.knex('privacy_hook_calls').insert([call('order-old', 91), call('order-young', 89)]);
    const dry = await shop.privacy.retention.run({ dryRun: true, now });
    expect(rule(dry, 'privacy.hook_calls')).to.include({ deleted: 1, action: 'delete' });
    expect(rule(dry, 'privacy.hook_calls').label).to.equal('Pierakstīto pasūtījumu un kontu atzīmes');
    await shop.privacy.retention.run({ now });
    expect(await shop.knex('privacy_hook_calls').orderBy('shop_ref').pluck('shop_ref')).to.deep.equal(['order-young']);
  });

  it('keeps the banner answer that proves a consent still in force', async function () {
    await seedRetention(shop.knex);
    const [subjectId] = await shop.knex('privacy_subjects').pluck('id');
    const proof = await shop.knex('privacy_consent_events').where({ receipt_id: 'r-old' }).first('id');
    await shop.knex('privacy_consents').insert({
      subject_id: subjectId,
      purpose: 'analytics',
      granted: true,
      policy_version: '2023-03-08',
      source: 'banner',
      event_id: proof.id,
      updated_at: at('2024-06-01'),
    });
    const report = await shop.privacy.retention.run({ now });
    expect(rule(report, 'privacy.cookie_choices').deleted).to.equal(0);
    expect(await shop.knex('privacy_consent_events').count({ n: '*' })).to.deep.equal([{ n: 2 }]);
  });
});

describe('retention options and schedule', function () {
  const base = { db: 'sqlite::memory:', secret: testSecret, ...xpartsShop };

  it('refuses a schedule that is not a cron pattern, a bad time zone and a warning that cannot be e-mailed', function () {
    expect(() => createPrivacy({ ...base, retention: { schedule: 'every night' } })).to.throw(
      PrivacyOptionsError,
      'retention.schedule: expected a cron pattern',
    );
    expect(() => createPrivacy({ ...base, timezone: 'Mars/Olympus' })).to.throw(PrivacyOptionsError, 'timezone: expected an IANA time zone');
    expect(() => createPrivacy({ ...base, retention: { batchSize: 5000 } })).to.throw(
      PrivacyOptionsError,
      'retention.batchSize: expected at most 1000 rows a transaction',
    );
    // The audit rows prove how a request was handled: they may not go before the request does.
    expect(() => createPrivacy({ ...base, retention: { closedRequests: { years: 5 } } })).to.throw(
      PrivacyOptionsError,
      'retention.auditTrail: expected at least as long as retention.closedRequests',
    );
    expect(() => createPrivacy({ ...base, retention: { closedRequests: { years: 5 }, auditTrail: { years: 5, months: 3 } } })).not.to.throw();
    const phoneBook = {
      id: 'phones',
      label: { lv: 'Tālruņi', en: 'Phones' },
      purposes: ['registration'],
      table: 'phones',
      match: { customerId: 'customer_id' },
      columns: { phone: { label: { lv: 'Tālrunis', en: 'Phone' } } },
      erase: { action: 'delete' as const },
      retention: { from: 'created_at', after: { years: 1 }, action: 'delete' as const, reason: { lv: 'Iemesls.', en: 'Reason.' }, warn: { days: 10 } },
    };
    expect(() => createPrivacy({ ...base, dataSources: [phoneBook] })).to.throw(
      PrivacyOptionsError,
      'dataSources[0].retention.warn: a warning is e-mailed, so the source needs match.email',
    );
    expect(() => createPrivacy({ ...base, dataSources: [{ ...phoneBook, retention: { ...phoneBook.retention, warn: undefined, after: {} } }] })).to.throw(
      PrivacyOptionsError,
      'dataSources[0].retention.after: expected a length of time',
    );
  });

  it('runs on its schedule when one is set, and never otherwise', async function () {
    const idle = createPrivacy(base);
    expect(idle.retention.nextRun()).to.equal(null);
    await idle.close();
    const dir = tempDir();
    const scheduled = createPrivacy({ ...base, db: `sqlite:${dir}/schedule.sqlite`, retention: { schedule: '* * * * * *' } });
    try {
      await scheduled.migrate();
      expect(scheduled.retention.nextRun()).to.be.instanceOf(Date);
      const deadline = performance.now() + 5000;
      let runs: unknown[] = [];
      while (runs.length === 0 && performance.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 200));
        runs = (await scheduled.audit.list()).filter((e) => e.action === 'retention.run');
      }
      expect(runs.length).to.be.greaterThan(0);
    } finally {
      await scheduled.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
