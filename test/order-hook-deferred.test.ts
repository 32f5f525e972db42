import { assert, expect } from 'chai';
import express from 'express';
import request from 'supertest';
import { onEachDatabase, tempDir } from './support/databases.js';
import { createCheckoutHost } from './support/checkout-host.js';
import { testClock, type TestClock } from './support/clock.js';
import { createPrivacy, InvalidInputError, readOutbox, type Privacy } from '../index.js';
import { testSecret } from './support/secret.js';
import { xpartsShop } from './support/shop-options.js';

const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };

/**
 * `{ trx, deferred: true }` (issue 20): the order hook costs the shop's transaction one statement,
 * and everything it records follows after commit, in the module's own transaction; a read about
 * the shopper before then follows up first.
 */
onEachDatabase('the order hook in one statement', (db) => {
  let clock: TestClock;
  const host = async () => {
    clock = testClock();
    const outbox = tempDir('esp-deferred-outbox-');
    // The worker is off: each test decides when the follow-up runs.
    const shop = await createCheckoutHost(db().knex, db().url, { clock: clock.now, logger: quiet, mailer: { outboxDir: outbox, worker: { enabled: false } } });
    return { ...shop, outbox };
  };
  const count = async (table: string, where: Record<string, unknown> = {}) => Number((await db().knex(table).where(where).count({ n: '*' }))[0]?.n);
  const order = (privacy: Privacy, email: string, consents: Record<string, string>, customer?: { id: number; email: string; emailVerified: boolean }) =>
    privacy.db.transaction(async (trx) => {
      const [id] = await trx('orders').insert({ email, last_name: 'Bērziņa', total_cents: 1999 });
      return privacy.hooks.orderCreated({ order: { id, email }, customer: customer ?? null, consents }, { trx, deferred: true });
    });

  it('runs exactly one statement in the shop’s transaction, an insert into the outbox, and answers the boxes as read', async function () {
    const { privacy } = await host();
    const statements: string[] = [];
    await privacy.db.transaction(async (trx) => {
      const [id] = await trx('orders').insert({ email: 'anna@example.lv', last_name: 'Bērziņa', total_cents: 1999 });
      const listen = (q: { sql: string }) => void statements.push(q.sql);
      privacy.db.on('query', listen);
      const recorded = await privacy.hooks.orderCreated(
        { order: { id, email: 'anna@example.lv' }, consents: { consent_social_advertising: 'on', consent_newsletter: 'on' } },
        { trx, deferred: true },
      );
      privacy.db.off('query', listen);
      expect(recorded).to.deep.equal({ subjectId: null, granted: ['social_advertising'], notGranted: [], toConfirm: ['newsletter'], deferred: true });
    });
    expect(statements).to.have.length(1);
    expect(statements[0]).to.match(/^insert into [`"]privacy_outbox[`"]/);
    // Nothing of the module's but that row until the follow-up.
    expect(await count('privacy_subjects')).to.equal(0);
    expect(await count('privacy_consent_events')).to.equal(0);
    expect(await count('privacy_outbox', { kind: 'task', status: 'pending' })).to.equal(1);
    await privacy.close();
  });

  it('follows up after commit: the subject, the ledger with the checkout’s time, the state, the audit entry and the confirmation e-mail', async function () {
    const { privacy, outbox } = await host();
    const at = clock.now();
    await order(privacy, 'anna@example.lv', { consent_social_advertising: 'on', consent_newsletter: 'on' });
    clock.advance(60_000);
    const report = await privacy.mail.drain();
    expect(report.tasks).to.equal(2); // the follow-up, then the newsletter confirmation it queued
    const events = await db().knex('privacy_consent_events').orderBy('id').select('purpose', 'event', 'source', 'created_at');
    expect(events.map((e) => [e.purpose, e.event, e.source])).to.deep.equal([
      ['policy', 'acknowledged', 'checkout'],
      ['social_advertising', 'granted', 'checkout'],
    ]);
    // The answer was given at the checkout, not when the worker got to it.
    for (const e of events) expect(new Date(e.created_at).getTime()).to.be.closeTo(at.getTime(), 1000);
    expect(await count('privacy_audit', { action: 'consent.granted' })).to.equal(1);
    expect((await privacy.consents.of('anna@example.lv')).filter((s) => s.granted).map((s) => s.purpose)).to.deep.equal(['social_advertising']);
    expect((await readOutbox(outbox)).map((m) => m.subject)).to.deep.equal(['Apstipriniet xparts.lv jaunumu saņemšanu']);
    // Done once: a second drain finds nothing.
    expect((await privacy.mail.drain()).tasks).to.equal(0);
    expect(await count('privacy_consent_events')).to.equal(2);
    await privacy.close();
  });

  it('keeps the request’s evidence, IP and user agent, for the follow-up that runs without the request', async function () {
    const { privacy } = await host();
    const app = express();
    app.set('trust proxy', 'loopback');
    app.use(express.urlencoded({ extended: false }));
    app.post('/checkout', async (req, res) => {
      await privacy.db.transaction(async (trx) => {
        const [id] = await trx('orders').insert({ email: req.body.email, last_name: 'Bērziņa', total_cents: 1999 });
        await privacy.hooks.orderCreated({ order: { id, email: req.body.email }, consents: req.body, req, locale: 'en' }, { trx, deferred: true });
      });
      res.status(201).end();
    });
    await request(app)
      .post('/checkout')
      .set('User-Agent', 'Testa parluks/1.0')
      .type('form')
      .send({ email: 'anna@example.lv', consent_social_advertising: 'on' })
      .expect(201);
    await privacy.mail.drain();
    const rows = await db().knex('privacy_consent_events').select('ip', 'user_agent', 'locale');
    expect(rows).to.have.length(3); // the acknowledgement, advertising granted, newsletter not granted
    for (const row of rows) {
      expect(row.ip).to.match(/127\.0\.0\.1|::1/);
      expect(row).to.include({ user_agent: 'Testa parluks/1.0', locale: 'en' });
    }
    await privacy.close();
  });

  it('records the policy version and the wordings the checkout showed, though a new policy is in force when the follow-up runs', async function () {
    const { privacy } = await host();
    const shownVersion = privacy.options.policy.version;
    const shownPolicy = privacy.policy.published('lv').hash;
    await order(privacy, 'anna@example.lv', { consent_social_advertising: 'on' });
    await privacy.close();
    // The shop deploys a new policy before any worker got to the checkout; the new instance follows it up.
    const after = createPrivacy({
      secret: testSecret,
      db: db().url,
      ...xpartsShop,
      clock: clock.now,
      logger: quiet,
      policy: { version: '2026-12-01', date: '2026-12-01' },
      mailer: { outboxDir: tempDir('esp-deferred-outbox-'), worker: { enabled: false } },
    });
    await after.migrate();
    expect(after.options.policy.version).not.to.equal(shownVersion);
    expect((await after.mail.drain()).tasks).to.be.at.least(1);
    const rows = await db().knex('privacy_consent_events').orderBy('id').select('purpose', 'policy_version', 'wording_hash');
    expect(rows.map((r) => r.purpose)).to.deep.equal(['policy', 'newsletter', 'social_advertising']);
    for (const row of rows) expect(row.policy_version).to.equal(shownVersion);
    expect(rows[0]?.wording_hash).to.equal(shownPolicy);
    // So the consent counts as given under the old version: the new one asks again.
    expect(await after.consents.needsReconfirmation('anna@example.lv')).to.deep.equal(['social_advertising']);
    await after.close();
  });

  it('writes nothing for an order the shop rolls back, and throws for an address that is not one', async function () {
    const { privacy } = await host();
    let failed: unknown;
    try {
      await privacy.db.transaction(async (trx) => {
        const [id] = await trx('orders').insert({ email: 'janis@example.lv', last_name: 'Ozols', total_cents: 500 });
        await privacy.hooks.orderCreated({ order: { id, email: 'janis@example.lv' }, consents: { consent_social_advertising: 'on' } }, { trx, deferred: true });
        throw new Error('the payment was declined');
      });
    } catch (err) {
      failed = err;
    }
    assert.instanceOf(failed, Error);
    let invalid: unknown;
    try {
      await order(privacy, 'not an address', {});
    } catch (err) {
      invalid = err;
    }
    assert.instanceOf(invalid, InvalidInputError);
    expect(await count('orders')).to.equal(0);
    expect(await count('privacy_outbox')).to.equal(0);
    await privacy.mail.drain();
    expect(await count('privacy_consent_events')).to.equal(0);
    let alone: unknown;
    try {
      await privacy.hooks.orderCreated({ order: { id: 1, email: 'anna@example.lv' }, consents: {} }, { deferred: true } as never);
    } catch (err) {
      alone = err;
    }
    assert.instanceOf(alone, InvalidInputError);
    await privacy.close();
  });

  it('answers a read a moment after the checkout, before any worker ran: by address, by customer, and on the account page', async function () {
    const { privacy } = await host();
    await order(privacy, 'anna@example.lv', { consent_social_advertising: 'on' });
    expect(await privacy.consents.allows('anna@example.lv', 'social_advertising')).to.equal(true);
    expect(await count('privacy_outbox', { kind: 'task', status: 'sent' })).to.equal(1);
    const customer = { id: 7, email: 'liga@example.lv', emailVerified: true };
    await order(privacy, 'liga@example.lv', { consent_social_advertising: 'on' }, customer);
    expect((await privacy.consents.of({ customerId: 7 })).find((s) => s.purpose === 'social_advertising')?.granted).to.equal(true);
    await order(privacy, 'liga@example.lv', {}, customer);
    await privacy.consents.withdraw({ customerId: 7 }, 'social_advertising', { source: 'account' });
    expect(await count('privacy_outbox', { kind: 'task', status: 'pending' })).to.equal(0);
    await privacy.close();
  });

  it('keeps the order of answers: a withdrawal just after a deferred grant stands, after the grant in the ledger', async function () {
    const { privacy } = await host();
    await order(privacy, 'anna@example.lv', { consent_social_advertising: 'on' });
    await privacy.consents.withdraw('anna@example.lv', 'social_advertising', { source: 'account' });
    await privacy.mail.drain();
    const events = await db().knex('privacy_consent_events').where({ purpose: 'social_advertising' }).orderBy('id').pluck('event');
    expect(events).to.deep.equal(['granted', 'withdrawn']);
    expect(await privacy.consents.allows('anna@example.lv', 'social_advertising')).to.equal(false);
    await privacy.close();
  });

  it('shows the logged-in customer’s account page the answers of a checkout the worker has not followed up yet', async function () {
    const clockNow = testClock();
    const outbox = tempDir('esp-deferred-outbox-');
    const { app, privacy } = await createCheckoutHost(db().knex, db().url, {
      clock: clockNow.now,
      logger: quiet,
      mailer: { outboxDir: outbox, worker: { enabled: false } },
      currentCustomer: () => ({ id: 7, email: 'liga@example.lv', emailVerified: true }),
    });
    await order(privacy, 'liga@example.lv', { consent_social_advertising: 'on' }, { id: 7, email: 'liga@example.lv', emailVerified: true });
    expect(await count('privacy_consents')).to.equal(0);
    // The page itself follows up before it reads: nothing else ran.
    await request(app).get('/privacy/account?lang=en').expect(200);
    const granted = await db().knex('privacy_consents').where({ purpose: 'social_advertising' }).first('granted');
    expect(Boolean(granted?.granted)).to.equal(true);
    await privacy.close();
  });
});
