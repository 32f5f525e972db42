import { assert, expect } from 'chai';
import type { Knex } from 'knex';
import request from 'supertest';
import { readOutbox, type DataSource } from '../../index.js';
import { shopDataSources } from '../../examples/storefront/data-sources.js';
import { isMysql } from '../../lib/store/database.js';
import { fingerprint } from '../security/harness.js';
import { onEachDatabase, tempDir } from '../support/databases.js';
import { createHost } from '../support/host.js';
import { testClock } from '../support/clock.js';
import { csrfOf, shopper, signUpVerified, startShop } from '../support/shop.js';

/**
 * A CRM outside the database, erased and corrected last in the transaction. Armed, it cuts the
 * transaction's own database connection (MariaDB: KILL; SQLite, embedded, has no connection to
 * lose: the nearest fault is an I/O error), after every table source has already been changed.
 */
function faultyCrm(knex: Knex) {
  const fault = { armed: true, hits: 0 };
  const cut = async (trx: Knex.Transaction) => {
    if (!fault.armed) return;
    fault.hits += 1;
    if (isMysql(knex)) {
      const [rows] = (await trx.raw('SELECT CONNECTION_ID() AS id')) as [{ id: number }[]];
      const [row] = rows;
      assert.exists(row, 'the connection id');
      await knex.raw('KILL ?', [row.id]);
      await trx.raw('SELECT 1');
    }
    throw Object.assign(new Error('disk I/O error'), { code: 'SQLITE_IOERR' });
  };
  const source: DataSource = {
    id: 'crm',
    label: { lv: 'Klientu attiecības', en: 'Customer relations' },
    purposes: ['purchase'],
    export: async () => [],
    erase: async (_subject: unknown, { trx }: { trx: Knex.Transaction }) => cut(trx),
    rectify: async (_subject: unknown, _changes: unknown, { trx }: { trx: Knex.Transaction }) => cut(trx),
  };
  return { fault, source };
}

onEachDatabase('faults', (db) => {
  let shop: Awaited<ReturnType<typeof startShop>>;
  beforeEach(async function () {
    shop = await startShop(db().url);
    const anna = shopper(shop);
    await anna.addToCart(1);
    await anna.post('/checkout', { email: 'anna@example.lv', first_name: 'Anna', last_name: 'Bērziņa', phone: '+371 29 123 456', address: 'Rīga' }).expect(303);
    // Her account's address proven by the shop's link: the guest order is hers on the privacy pages.
    await signUpVerified(shop, anna, { email: 'anna@example.lv', first_name: 'Anna', last_name: 'Bērziņa', password: 'a long password' });
  });
  afterEach(async function () {
    await shop.stop();
  });

  it('a connection lost mid-erasure leaves nothing half-done; the erasure request stays open, then completes', async function () {
    const { fault, source } = faultyCrm(db().knex);
    const { privacy } = await createHost(db().url, { dataSources: [...shopDataSources, source] });
    try {
      const subject = await db().knex('privacy_subjects').where({ email: 'anna@example.lv' }).first('id');
      await db()
        .knex('privacy_requests')
        .insert({
          type: 'erasure',
          subject_id: subject.id,
          email: 'anna@example.lv',
          email_hash: 'e'.repeat(64),
          locale: 'lv',
          status: 'open',
          channel: 'guest',
          received_at: privacy.options.clock(),
          verified_at: privacy.options.clock(),
          due_at: new Date(privacy.options.clock().getTime() + 30 * 864e5),
          updated_at: privacy.options.clock(),
        });
      const before = await fingerprint(db().knex);
      let failed: unknown;
      await privacy.eraseSubject('anna@example.lv').catch((err: unknown) => (failed = err));
      expect(failed, 'the erasure reports the fault').to.be.instanceOf(Error);
      expect(fault.hits).to.equal(1);
      expect(await fingerprint(db().knex), 'nothing half-done').to.deep.equal(before);
      expect(await db().knex('privacy_requests').where({ type: 'erasure' }).first('status')).to.deep.equal({ status: 'open' });

      fault.armed = false;
      await privacy.eraseSubject('anna@example.lv');
      expect(await db().knex('customers').where({ email: 'anna@example.lv' }).count({ n: '*' })).to.deep.equal([{ n: 0 }]);
      expect(await db().knex('orders').first('email', 'first_name')).to.deep.equal({ email: '', first_name: '' });
      expect(await db().knex('privacy_requests').where({ type: 'erasure' }).pluck('status')).to.deep.equal(['done']);
    } finally {
      await privacy.close();
    }
  });

  it('a connection lost mid-rectification leaves every source as it was; sent again, the correction goes through', async function () {
    const { fault, source } = faultyCrm(db().knex);
    const customer = await db().knex('customers').where({ email: 'anna@example.lv' }).first('id');
    const { app, privacy } = await createHost(db().url, {
      dataSources: [...shopDataSources, source],
      currentCustomer: () => ({ id: customer.id, email: 'anna@example.lv' }),
    });
    try {
      const agent = request.agent(app);
      const correct = async () => {
        const page = await agent.get('/privacy/account');
        return agent
          .post('/privacy/account/rectify')
          .type('form')
          .send({
            _csrf: csrfOf(page.text, '/privacy/account/rectify'),
            first_name: 'Anna',
            last_name: 'Liepa',
            phone: '+371 29 123 456',
            address: 'Rīga',
            email: 'anna@example.lv',
            other: '',
          });
      };
      const before = await fingerprint(db().knex);
      const failed = await correct();
      expect(failed.status).to.equal(500);
      expect(failed.text).to.contain('<html lang="lv">').and.not.to.contain('disk I/O');
      expect(await fingerprint(db().knex), 'nothing half-done').to.deep.equal(before);

      fault.armed = false;
      await correct().then((res) => expect(res.status).to.equal(303));
      expect(await db().knex('customers').where({ id: customer.id }).first('last_name')).to.deep.equal({ last_name: 'Liepa' });
      expect(await db().knex('orders').first('last_name')).to.deep.equal({ last_name: 'Liepa' });
    } finally {
      await privacy.close();
    }
  });

  it('with the mail server down, a verification request is answered and kept, and its e-mail goes out when the server is back', async function () {
    const outbox = tempDir('esp-faults-outbox-');
    const { outboxTransport } = await import('../../index.js');
    const working = outboxTransport(outbox);
    const transport = {
      down: true,
      sendMail: (mail: object) =>
        transport.down ? Promise.reject(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:25'), { code: 'ECONNECTION' })) : working.sendMail(mail),
    };
    const clock = testClock();
    const logged: string[] = [];
    const logger = { info: () => undefined, warn: (line: string) => void logged.push(line), error: (line: string) => void logged.push(line) };
    const { app, privacy } = await createHost(db().url, {
      dataSources: shopDataSources,
      // The test drains the outbox itself, so each drain's report is its own.
      mailer: { transport, worker: { enabled: false } },
      publicUrl: 'http://shop.test',
      clock: clock.now,
      logger,
    });
    try {
      const agent = request.agent(app);
      const page = await agent.get('/privacy/request');
      const asked = await agent
        .post('/privacy/request')
        .type('form')
        .send({ _csrf: csrfOf(page.text, '/privacy/request'), type: 'access', email: 'anna@example.lv' });
      // The answer does not wait for the mail server, so it cannot tell whether the address is known.
      expect(asked.status).to.equal(200);
      // The worker records the request and tries the e-mail once.
      expect(await privacy.mail.drain()).to.deep.equal({ sent: 0, retried: 1, failed: 0, tasks: 1 });
      expect(await db().knex('privacy_requests').where({ status: 'awaiting_verification' }).count({ n: '*' })).to.deep.equal([{ n: 1 }]);
      const [row] = await db().knex('privacy_outbox').where({ kind: 'mail' }).select('status', 'attempts', 'last_error');
      expect(row).to.deep.equal({ status: 'pending', attempts: 1, last_error: 'ECONNECTION: connect ECONNREFUSED 127.0.0.1:25' });
      expect(logged.join('\n')).to.contain('not sent (try 1 of 12)').and.not.to.contain('anna@');

      transport.down = false;
      // Not before its next try is due (30 s later), then at once.
      expect(await privacy.mail.drain()).to.deep.equal({ sent: 0, retried: 0, failed: 0, tasks: 0 });
      clock.advance(31_000);
      expect(await privacy.mail.drain()).to.deep.equal({ sent: 1, retried: 0, failed: 0, tasks: 0 });
      expect(await db().knex('privacy_outbox').where({ kind: 'mail' }).first('status', 'attempts', 'recipient', 'message')).to.deep.equal({
        status: 'sent',
        attempts: 2,
        recipient: '',
        message: null,
      });
      const [mail] = await readOutbox(outbox);
      assert.exists(mail, 'the verification e-mail');
      const link = /\/privacy\/request\/verify\?token=[\w-]{43}/.exec(mail.text)?.[0];
      assert.exists(link, 'the verification link');
      const confirm = await agent.get(link).expect(200);
      await agent
        .post('/privacy/request/verify')
        .type('form')
        .send({ _csrf: csrfOf(confirm.text, '/privacy/request/verify'), token: link.split('token=')[1] })
        .expect(303);
      expect(await db().knex('privacy_requests').pluck('status')).to.deep.equal(['open']);
    } finally {
      await privacy.close();
    }
  });
});
