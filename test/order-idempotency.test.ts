import { assert, expect } from 'chai';
import { onEachDatabase, tempDir } from './support/databases.js';
import { createCheckoutHost } from './support/checkout-host.js';
import { testClock } from './support/clock.js';
import { readOutbox, InvalidInputError, type PrivacyLogger } from '../index.js';

/** A logger that keeps every line, so a test sees what the module said, and that it names nobody. */
function keptLogger() {
  const lines: { level: string; line: string }[] = [];
  const logger: PrivacyLogger = {
    info: (line: string) => void lines.push({ level: 'info', line }),
    warn: (line: string) => void lines.push({ level: 'warn', line }),
    error: (line: string) => void lines.push({ level: 'error', line }),
  };
  return { logger, lines };
}

/**
 * A shop that cannot pass its transaction calls the hooks after its commit (issue 19): the order's
 * id makes a second call record nothing, and bad consent input is reported, never thrown. In the
 * shop's transaction the newsletter confirmation is queued with the order itself.
 */
onEachDatabase('the order hook in and after the shop’s transaction', (db) => {
  const host = async () => {
    const { logger, lines } = keptLogger();
    const outbox = tempDir('esp-order-outbox-');
    // The worker is off: the test drains the outbox itself, so what it reads is its own.
    const shop = await createCheckoutHost(db().knex, db().url, { clock: testClock().now, logger, mailer: { outboxDir: outbox, worker: { enabled: false } } });
    return { ...shop, outbox, lines };
  };
  const count = async (table: string, where: Record<string, unknown> = {}) => Number((await db().knex(table).where(where).count({ n: '*' }))[0]?.n);
  const ticked = { consent_newsletter: 'on', consent_social_advertising: 'on' };

  it('queues the newsletter confirmation in the shop’s transaction: it commits with the order, and goes out after', async function () {
    const { privacy, outbox } = await host();
    await privacy.db.transaction(async (trx) => {
      const [id] = await trx('orders').insert({ email: 'anna@example.lv', last_name: 'Bērziņa', total_cents: 1999 });
      const recorded = await privacy.hooks.orderCreated({ order: { id, email: 'anna@example.lv' }, consents: ticked }, { trx });
      expect(recorded.toConfirm).to.deep.equal(['newsletter']);
      // Written in the shop's own transaction, before its commit.
      expect(Number((await trx('privacy_outbox').where({ kind: 'task' }).count({ n: '*' }))[0]?.n)).to.equal(1);
    });
    expect(await count('privacy_outbox', { kind: 'task' })).to.equal(1);
    await privacy.mail.drain();
    const sent = await readOutbox(outbox);
    expect(sent.map((m) => m.to)).to.deep.equal([['anna@example.lv']]);
    expect(sent[0]?.subject).to.equal('Apstipriniet xparts.lv jaunumu saņemšanu');
    await privacy.close();
  });

  it('takes the confirmation back with an order the shop rolls back: nothing queued, nothing sent', async function () {
    const { privacy, outbox } = await host();
    let failed: unknown;
    try {
      await privacy.db.transaction(async (trx) => {
        const [id] = await trx('orders').insert({ email: 'janis@example.lv', last_name: 'Ozols', total_cents: 500 });
        await privacy.hooks.orderCreated({ order: { id, email: 'janis@example.lv' }, consents: ticked }, { trx });
        throw new Error('the payment was declined');
      });
    } catch (err) {
      failed = err;
    }
    assert.instanceOf(failed, Error);
    expect(await count('orders')).to.equal(0);
    expect(await count('privacy_outbox')).to.equal(0);
    expect(await count('privacy_subjects')).to.equal(0);
    await privacy.mail.drain();
    expect(await readOutbox(outbox)).to.deep.equal([]);
    await privacy.close();
  });

  it('keeps the order when the address is past its hourly confirmations: the worker logs it and sends nothing more', async function () {
    const { privacy, outbox, lines } = await host();
    for (let i = 0; i < 5; i++) expect((await privacy.hooks.newsletterSignup({ email: 'liga@example.lv' })).status).to.equal('queued');
    await privacy.db.transaction(async (trx) => {
      const [id] = await trx('orders').insert({ email: 'liga@example.lv', last_name: 'Liepa', total_cents: 700 });
      await privacy.hooks.orderCreated({ order: { id, email: 'liga@example.lv' }, consents: ticked }, { trx });
    });
    expect(await count('orders')).to.equal(1);
    await privacy.mail.drain();
    expect(await readOutbox(outbox)).to.have.length(5);
    const warned = lines.filter((l) => l.level === 'warn' && l.line.includes('hourly limit'));
    expect(warned).to.have.length(1);
    expect(warned[0]?.line).not.to.contain('liga');
    expect(await count('privacy_outbox', { status: 'pending' })).to.equal(0);
    await privacy.close();
  });

  it('after commit, records an order once however often it is called, and answers the same each time', async function () {
    const { privacy, outbox } = await host();
    const order = { order: { id: 'A-1001', email: 'Ilze@Example.lv' }, consents: ticked };
    const first = await privacy.hooks.orderCreated(order, { afterCommit: true });
    expect(first).to.include({ recorded: true, alreadyRecorded: false });
    expect(first.granted).to.deep.equal(['social_advertising']);
    expect(first.toConfirm).to.deep.equal(['newsletter']);
    expect(first.problems).to.deep.equal([]);
    const again = await privacy.hooks.orderCreated(order, { afterCommit: true });
    expect(again).to.deep.equal({ ...first, recorded: false, alreadyRecorded: true });
    expect(await count('privacy_consent_events')).to.equal(2);
    expect(await count('privacy_outbox', { kind: 'task' })).to.equal(1);
    expect(await count('privacy_hook_calls')).to.equal(1);
    // Another order of the same shopper is another key: recorded too.
    expect((await privacy.hooks.orderCreated({ ...order, order: { id: 'A-1002', email: 'ilze@example.lv' } }, { afterCommit: true })).recorded).to.equal(true);
    expect(await count('privacy_consent_events')).to.equal(4);
    await privacy.mail.drain();
    expect((await readOutbox(outbox)).filter((m) => m.subject.startsWith('Apstipriniet'))).to.have.length(2);
    await privacy.close();
  });

  it('after commit, five instances calling at once for one order record it once', async function () {
    // Five apps on one database, as a shop with several instances and a retrying queue has.
    const shops: Awaited<ReturnType<typeof host>>[] = [];
    for (let i = 0; i < 5; i++) shops.push(await host());
    const order = { order: { id: 77, email: 'peteris@example.lv' }, consents: ticked };
    const answers = await Promise.all(shops.map(({ privacy }) => privacy.hooks.orderCreated(order, { afterCommit: true })));
    expect(answers.filter((a) => a.recorded)).to.have.length(1);
    expect(answers.filter((a) => a.alreadyRecorded)).to.have.length(4);
    for (const answer of answers) expect(answer.granted).to.deep.equal(['social_advertising']);
    expect(await count('privacy_subjects')).to.equal(1);
    expect(await count('privacy_consent_events')).to.equal(2);
    expect(await count('privacy_consents')).to.equal(1);
    expect(await count('privacy_outbox', { kind: 'task' })).to.equal(1);
    await Promise.all(shops.map(({ privacy }) => privacy.close()));
  });

  it('after commit, records what it can of bad consent input, reports the rest, and logs one line naming nobody', async function () {
    const { privacy, lines } = await host();
    const answer = await privacy.hooks.orderCreated(
      // A box that is neither a yes nor a no, a ticked box of a purpose not asked at checkout, the shop's own terms box.
      {
        order: { id: 5, email: 'karlis@example.lv' },
        consents: { consent_social_advertising: 'on', consent_newsletter: ['on', 'x'], consent_analytics: 'on', consent_terms: 'on' },
      },
      { afterCommit: true },
    );
    expect(answer).to.include({ recorded: true, alreadyRecorded: false });
    expect(answer.granted).to.deep.equal(['social_advertising']);
    expect(answer.notGranted).to.deep.equal([]);
    expect(answer.problems).to.deep.equal([
      { code: 'choice_unreadable', field: 'consent_newsletter' },
      { code: 'purpose_not_offered', field: 'consent_analytics' },
    ]);
    expect(await privacy.consents.allows('karlis@example.lv', 'social_advertising')).to.equal(true);
    expect(await count('privacy_consent_events', { purpose: 'newsletter' })).to.equal(0);
    const warned = lines.filter((l) => l.level === 'warn');
    expect(warned).to.have.length(1);
    expect(warned[0]?.line).to.contain('choice_unreadable').and.not.to.contain('karlis');
    // The repeat answers the same problems and logs nothing more.
    expect((await privacy.hooks.orderCreated({ order: { id: 5, email: 'karlis@example.lv' } }, { afterCommit: true })).problems).to.deep.equal(answer.problems);
    expect(lines.filter((l) => l.level === 'warn')).to.have.length(1);
    await privacy.close();
  });

  it('after commit, an order whose address is not one records nothing and says so, without throwing', async function () {
    const { privacy, lines } = await host();
    const answer = await privacy.hooks.orderCreated({ order: { id: 6, email: 'not an address' }, consents: ticked }, { afterCommit: true });
    expect(answer).to.deep.equal({
      subjectId: null,
      granted: [],
      notGranted: [],
      toConfirm: [],
      problems: [{ code: 'email_invalid' }],
      recorded: false,
      alreadyRecorded: false,
    });
    expect(await count('privacy_subjects')).to.equal(0);
    expect(await count('privacy_hook_calls')).to.equal(0);
    expect(lines.filter((l) => l.level === 'warn' && l.line.includes('email_invalid'))).to.have.length(1);
    // Consents that are not a form at all: the acknowledgement is recorded, no box is.
    const unreadable = await privacy.hooks.orderCreated({ order: { id: 7, email: 'anna@example.lv' }, consents: 'on' as never }, { afterCommit: true });
    expect(unreadable.problems).to.deep.equal([{ code: 'consents_unreadable' }]);
    expect(await db().knex('privacy_consent_events').pluck('purpose')).to.deep.equal(['policy']);
    await privacy.close();
  });

  it('in the shop’s transaction, bad input still throws, so the shop rolls back and nothing is left', async function () {
    const { privacy } = await host();
    let refused: unknown;
    try {
      await privacy.db.transaction(async (trx) => {
        const [id] = await trx('orders').insert({ email: 'nobody', last_name: 'Ozola', total_cents: 100 });
        await privacy.hooks.orderCreated({ order: { id, email: 'nobody' }, consents: ticked }, { trx });
      });
    } catch (err) {
      refused = err;
    }
    assert.instanceOf(refused, InvalidInputError);
    expect(await count('orders')).to.equal(0);
    for (const table of ['privacy_subjects', 'privacy_consent_events', 'privacy_outbox', 'privacy_hook_calls']) expect(await count(table), table).to.equal(0);
    await privacy.close();
  });

  it('refuses after-commit mode without the order’s id, or with a transaction too, before writing anything', async function () {
    const { privacy } = await host();
    const refusal = async (call: () => Promise<unknown>) => {
      try {
        await call();
      } catch (err) {
        return err;
      }
      return undefined;
    };
    const withoutId = await refusal(() => privacy.hooks.orderCreated({ order: { email: 'anna@example.lv' }, consents: ticked }, { afterCommit: true }));
    assert.instanceOf(withoutId, InvalidInputError);
    expect((withoutId as Error).message).to.contain('order.id');
    const both = await refusal(() =>
      privacy.db.transaction((trx) =>
        privacy.hooks.orderCreated({ order: { id: 1, email: 'anna@example.lv' } }, { afterCommit: true, trx } as unknown as { afterCommit: true }),
      ),
    );
    assert.instanceOf(both, InvalidInputError);
    expect(await count('privacy_subjects')).to.equal(0);
    await privacy.close();
  });

  it('after commit, an account is recorded once by its customer id', async function () {
    const { privacy } = await host();
    const account = { customer: { id: 42, email: 'ilze@example.lv' }, consents: { consent_social_advertising: 'on' } };
    expect((await privacy.hooks.accountCreated(account, { afterCommit: true })).recorded).to.equal(true);
    expect((await privacy.hooks.accountCreated(account, { afterCommit: true })).alreadyRecorded).to.equal(true);
    expect(await count('privacy_consent_events', { purpose: 'social_advertising' })).to.equal(1);
    expect(await privacy.consents.allows({ customerId: 42 }, 'social_advertising')).to.equal(true);
    await privacy.close();
  });

  it('after commit, an erased shopper leaves the order’s key, which no longer names them; a retry still records nothing', async function () {
    const { privacy } = await host();
    const order = { order: { id: 'B-9', email: 'janis@example.lv' }, consents: ticked };
    expect((await privacy.hooks.orderCreated(order, { afterCommit: true })).recorded).to.equal(true);
    await privacy.eraseSubject('janis@example.lv');
    expect(await db().knex('privacy_hook_calls').pluck('subject_id')).to.deep.equal([null]);
    const retry = await privacy.hooks.orderCreated(order, { afterCommit: true });
    expect(retry).to.include({ recorded: false, alreadyRecorded: true, subjectId: null });
    expect(await count('privacy_subjects')).to.equal(0);
    await privacy.close();
  });
});
