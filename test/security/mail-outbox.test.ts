import { spawn } from 'node:child_process';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { assert, expect } from 'chai';
import type { Request } from 'express';
import type { SendMailOptions } from 'nodemailer';
import request from 'supertest';
import { createPrivacy, outboxTransport, readOutbox, type Privacy, type PrivacyOptions } from '../../index.js';
import { allTables, onEachDatabase, tempDir, type TestDatabase } from '../support/databases.js';
import { createHost } from '../support/host.js';
import { testClock, type TestClock } from '../support/clock.js';
import { testSecret } from '../support/secret.js';
import { csrfOf } from '../support/shop.js';
import { xpartsShop } from '../support/shop-options.js';

/** Polls `done` until it holds: the worker runs beside the test. */
async function waitFor(done: () => Promise<boolean>, ms = 15_000): Promise<void> {
  const deadline = performance.now() + ms;
  while (!(await done())) {
    if (performance.now() > deadline) throw new Error(`not done after ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };
const child = path.resolve('test/support/mail-worker-child.ts');

/** The module on `db` with its worker off: e-mails wait in the outbox until a test drains them. */
async function instance(db: TestDatabase, clock: TestClock, options: Partial<PrivacyOptions> = {}): Promise<Privacy> {
  const privacy = createPrivacy({
    secret: testSecret,
    db: db.url,
    ...xpartsShop,
    publicUrl: 'http://shop.test',
    clock: clock.now,
    logger: quiet,
    ...options,
    mailer: { worker: { enabled: false }, ...options.mailer },
  });
  await privacy.migrate();
  return privacy;
}

/** Runs the worker of test/support/mail-worker-child.ts until it kills itself at `die`. */
function killedWorker(db: TestDatabase, outbox: string, clock: TestClock, die: 'before-send' | 'after-send'): Promise<NodeJS.Signals | null> {
  const worker = spawn(process.execPath, ['--import', 'tsx', child], {
    env: { ...process.env, DATABASE_URL: db.url, OUTBOX_DIR: outbox, DIE: die, CLOCK_AT: clock.now().toISOString() },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return new Promise((resolve) => worker.on('close', (_code, signal) => resolve(signal)));
}

onEachDatabase('the mail outbox', (db) => {
  it('answers a guest request and a newsletter sign-up at once with a mail server that never answers, and still shuts down', async function () {
    let calls = 0;
    const hanging = {
      sendMail: () => {
        calls += 1;
        return new Promise(() => undefined);
      },
    };
    const clock = testClock();
    const { app, privacy } = await createHost(db().url, {
      publicUrl: 'http://shop.test',
      clock: clock.now,
      logger: quiet,
      mailer: { transport: hanging, worker: { enabled: true, sendTimeoutSeconds: 1, pollSeconds: 3600, maxAttempts: 12 } },
    });
    try {
      await privacy.consents.grant('anna@example.lv', 'newsletter', { source: 'account' });
      const agent = request.agent(app);
      for (const email of ['anna@example.lv', 'nobody@example.lv']) {
        const page = await agent.get('/privacy/request');
        const res = await agent
          .post('/privacy/request')
          .type('form')
          .send({ _csrf: csrfOf(page.text, '/privacy/request'), type: 'access', email });
        expect(res.status, email).to.equal(200);
      }
      expect(await privacy.hooks.newsletterSignup({ email: 'anna@example.lv' })).to.deep.equal({ status: 'queued' });
      expect(await privacy.hooks.newsletterSignup({ email: 'new@example.lv' })).to.deep.equal({ status: 'queued' });
      // Each answer queued one task, known address or not, and each task one e-mail; the worker is stuck on the first e-mail.
      await waitFor(async () => (await db().knex('privacy_outbox').where({ kind: 'task', status: 'sent' }).count({ n: '*' }))[0]?.n === 4);
      expect(await db().knex('privacy_outbox').where({ kind: 'mail' }).count({ n: '*' })).to.deep.equal([{ n: 4 }]);
      expect(calls).to.be.at.least(1);
      // The stuck send times out and is tried again later; nothing is lost.
      await privacy.mail.drain();
      const rows = await db().knex('privacy_outbox').whereNotNull('last_error').pluck('last_error');
      expect(rows[0]).to.equal('the transport did not answer within 1 s');
    } finally {
      await privacy.close();
    }
  });

  it('hands back, when it stops, the e-mails it claimed but had not started', async function () {
    const clock = testClock();
    const queuing = await instance(db(), clock);
    for (const email of ['a@example.lv', 'b@example.lv', 'c@example.lv']) {
      await queuing.consents.grant(email, 'newsletter', { source: 'account' });
      await queuing.eraseSubject(email, { notify: true });
    }
    await queuing.close();
    let sending: () => void = () => undefined;
    const started = new Promise<void>((resolve) => (sending = resolve));
    const hanging = {
      sendMail: () => {
        sending();
        return new Promise(() => undefined);
      },
    };
    const privacy = await instance(db(), clock, {
      mailer: { transport: hanging, worker: { enabled: true, pollSeconds: 3600, maxAttempts: 12, sendTimeoutSeconds: 30 } },
    });
    let closed = false;
    try {
      // migrate() set the worker going: it claims the three reports in one batch and hangs on the first.
      await started;
      expect((await db().knex('privacy_outbox').where({ status: 'sending' }).count({ n: '*' }))[0]?.n).to.equal(3);
      await privacy.close();
      closed = true;
      const rows = await db().knex('privacy_outbox').orderBy('id').select('status', 'attempts', 'lease_holder');
      expect(rows[0]?.status).to.equal('sending');
      expect(rows.slice(1)).to.deep.equal([
        { status: 'pending', attempts: 0, lease_holder: null },
        { status: 'pending', attempts: 0, lease_holder: null },
      ]);
    } finally {
      if (!closed) await privacy.close();
    }
  });

  it('writes the same for a known address as for an unknown one while the page answers: one task, then the worker', async function () {
    const clock = testClock();
    const { app, privacy } = await createHost(db().url, {
      publicUrl: 'http://shop.test',
      clock: clock.now,
      logger: quiet,
      mailer: { outboxDir: tempDir('esp-same-writes-'), worker: { enabled: false } },
    });
    try {
      await privacy.consents.grant('anna@example.lv', 'newsletter', { source: 'account' });
      const counts = async () =>
        Object.fromEntries(
          await Promise.all((await allTables(db().knex)).map(async (table) => [table, Number((await db().knex(table).count({ n: '*' }))[0]?.n)] as const)),
        );
      const written = async (act: () => Promise<unknown>) => {
        const before = await counts();
        await act();
        const after = await counts();
        return Object.fromEntries(
          Object.keys(after).flatMap((table) => (after[table] === before[table] ? [] : [[table, (after[table] ?? 0) - (before[table] ?? 0)]])),
        );
      };
      const agent = request.agent(app);
      const ask = (email: string) => async () => {
        const page = await agent.get('/privacy/request');
        await agent
          .post('/privacy/request')
          .type('form')
          .send({ _csrf: csrfOf(page.text, '/privacy/request'), type: 'access', email })
          .expect(200);
      };
      const signUp = (email: string) => () => privacy.hooks.newsletterSignup({ email, req: { ip: '203.0.113.9' } as Request });
      // The IP's counters exist from a first ask and sign-up; then each address gets a counter and queues one task: nothing else, known or not.
      await ask('first@example.lv')();
      await signUp('first@example.lv')();
      const expected = { privacy_outbox: 1, privacy_rate_limits: 1 };
      expect(await written(ask('anna@example.lv')), 'a known address').to.deep.equal(expected);
      expect(await written(ask('nobody@example.lv')), 'an unknown address').to.deep.equal(expected);
      expect(await written(signUp('anna@example.lv')), 'a subscribed address').to.deep.equal(expected);
      expect(await written(signUp('stranger@example.lv')), 'a new address').to.deep.equal(expected);
      // The worker then does what differs: a request and its link for anna, notes for the others.
      expect(await privacy.mail.drain()).to.deep.include({ tasks: 6, sent: 6 });
      expect(await db().knex('privacy_requests').count({ n: '*' })).to.deep.equal([{ n: 1 }]);
    } finally {
      await privacy.close();
    }
  });

  it('keeps links and addresses in queued messages sealed with the secret; a message sealed with another is given up, not sent', async function () {
    const clock = testClock();
    const outbox = tempDir('esp-sealed-');
    const privacy = await instance(db(), clock, { mailer: { outboxDir: outbox } });
    try {
      await privacy.hooks.newsletterSignup({ email: 'marta@example.lv' });
      // The task, done, queues the confirmation: neither row shows the address or a link to a reader of the database.
      const report = await privacy.mail.drain();
      expect(report).to.deep.include({ tasks: 1, sent: 1 });
      await privacy.consents.grant('janis@example.lv', 'newsletter', { source: 'account' });
      await privacy.eraseSubject('janis@example.lv', { notify: true });
      const [pending] = await db().knex('privacy_outbox').where({ status: 'pending' }).select('message');
      assert.exists(pending, 'the queued erasure report');
      expect(pending.message).to.match(/^v1\.[\w-]+\.[\w-]+\.[\w-]+$/);
      expect(pending.message).not.to.contain('janis');
      // An instance with another secret cannot open it: it is given up, and nothing reaches the mailbox.
      const other = await instance(db(), clock, { secret: 'another-test-secret-0123456789abcdefghijkl', mailer: { outboxDir: outbox } });
      try {
        expect(await other.mail.drain()).to.deep.equal({ sent: 0, retried: 0, failed: 1, tasks: 0 });
        expect(await other.mail.status()).to.include({ pending: 0, failed: 1 });
      } finally {
        await other.close();
      }
      expect((await readOutbox(outbox)).map((m) => m.to[0])).to.deep.equal(['marta@example.lv']);
    } finally {
      await privacy.close();
    }
  });

  it('queues the erasure report in the erasure: a failed erasure reports nothing, a retried one reports once', async function () {
    const clock = testClock();
    let reachable = false;
    const provider = {
      id: 'mailing_provider',
      label: { lv: 'Pasta serviss', en: 'Mail service' },
      purposes: ['newsletter'],
      export: async () => [],
      erase: async () => {
        if (!reachable) throw new Error('provider unreachable');
        return { deleted: 1 };
      },
    };
    const privacy = await instance(db(), clock, { dataSources: [provider] });
    try {
      await privacy.consents.grant('anna@example.lv', 'newsletter', { source: 'account' });
      const failure = await privacy.eraseSubject('anna@example.lv', { notify: true }).catch((err: unknown) => err);
      expect((failure as Error).message).to.equal('provider unreachable');
      expect(await db().knex('privacy_outbox').count({ n: '*' })).to.deep.equal([{ n: 0 }]);
      reachable = true;
      await privacy.eraseSubject('anna@example.lv', { notify: true });
      const rows = await db().knex('privacy_outbox').select('recipient', 'status');
      expect(rows).to.deep.equal([{ recipient: 'anna@example.lv', status: 'pending' }]);
    } finally {
      await privacy.close();
    }
  });

  for (const die of ['before-send', 'after-send'] as const) {
    it(`sends a killed worker's e-mail exactly once after a restart (killed ${die})`, async function () {
      this.timeout(60_000);
      const clock = testClock();
      const outbox = tempDir('esp-killed-worker-');
      const privacy = await instance(db(), clock, { mailer: { outboxDir: outbox } });
      try {
        // The erasure report is queued in the erasure's own transaction: one e-mail, no task before it.
        await privacy.consents.grant('marta@example.lv', 'newsletter', { source: 'account' });
        await privacy.eraseSubject('marta@example.lv', { notify: true });
        const [queued] = await db().knex('privacy_outbox').select('message_id', 'status');
        assert.exists(queued, 'the queued report');
        expect(queued.status).to.equal('pending');

        expect(await killedWorker(db(), outbox, clock, die)).to.equal('SIGKILL');
        expect(await db().knex('privacy_outbox').first('status', 'attempts')).to.deep.equal({ status: 'sending', attempts: 1 });
        expect(await readOutbox(outbox)).to.have.length(die === 'after-send' ? 1 : 0);

        // Until the dead worker's lease runs out (a batch's worth of send timeouts and a minute) nobody takes the e-mail; then the next worker sends it.
        expect(await privacy.mail.drain()).to.deep.equal({ sent: 0, retried: 0, failed: 0, tasks: 0 });
        clock.advance(5 * 60_000);
        expect(await privacy.mail.drain()).to.deep.equal({ sent: 0, retried: 0, failed: 0, tasks: 0 });
        clock.advance(61_000);
        expect(await privacy.mail.drain()).to.deep.equal({ sent: 1, retried: 0, failed: 0, tasks: 0 });
        const mails = await readOutbox(outbox);
        expect(mails, 'one e-mail in the mailbox').to.have.length(1);
        expect(mails[0]?.to).to.deep.equal(['marta@example.lv']);
        expect(await db().knex('privacy_outbox').first('status', 'attempts', 'recipient')).to.deep.equal({ status: 'sent', attempts: 2, recipient: '' });
        expect(await privacy.mail.drain()).to.deep.equal({ sent: 0, retried: 0, failed: 0, tasks: 0 });
      } finally {
        await privacy.close();
      }
    });
  }

  it('has two workers on one database send each e-mail once', async function () {
    this.timeout(60_000);
    const clock = testClock();
    const outbox = tempDir('esp-two-workers-');
    const sent: string[] = [];
    const real = outboxTransport(outbox);
    const counting = {
      async sendMail(message: SendMailOptions) {
        sent.push(String(message.to));
        // A real relay takes a moment: the two workers overlap.
        await new Promise((resolve) => setTimeout(resolve, 5));
        return real.sendMail(message);
      },
    };
    const first = await instance(db(), clock, { mailer: { transport: counting } });
    const second = await instance(db(), clock, { mailer: { transport: counting } });
    try {
      const addresses = Array.from({ length: 30 }, (_, i) => `reader${i}@example.lv`);
      for (const email of addresses) await first.hooks.newsletterSignup({ email });
      const [a, b] = await Promise.all([first.mail.drain(), second.mail.drain()]);
      // Each sign-up's task ran once (one confirmation and one unsubscribe token each), and each e-mail went once.
      expect(a.tasks + b.tasks, JSON.stringify([a, b])).to.equal(30);
      expect(await db().knex('privacy_tokens').count({ n: '*' })).to.deep.equal([{ n: 60 }]);
      expect(a.sent + b.sent).to.equal(30);
      expect(sent.slice().sort()).to.deep.equal(addresses.slice().sort());
      expect(await readOutbox(outbox)).to.have.length(30);
      expect(await first.mail.status()).to.deep.equal({ pending: 0, sending: 0, sent: 30, failed: 0 });
    } finally {
      await first.close();
      await second.close();
    }
  });
});
