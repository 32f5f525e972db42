import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { assert, expect } from 'chai';
import type { Knex } from 'knex';
import type { RetentionReport } from '../../index.js';
import { onEachDatabase, tempDir } from '../support/databases.js';
import { startShop } from '../support/shop.js';
import { testEpoch } from '../support/clock.js';

const rows = 100_000;
const cli = path.resolve('bin/shop-privacy.ts');

interface Finished {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** `shop-privacy purge` in a process of its own, as a second server or a cron job would run it. */
function purge(config: string) {
  const child = spawn(process.execPath, ['--import', 'tsx', cli, 'purge', '--config', config, '--format', 'json'], {
    env: { ...process.env, PRIVACY_CONFIG: '', DATABASE_URL: '' },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk));
  const done = new Promise<Finished>((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })));
  return { child, done };
}

const anonymisedOrders = (finished: Finished) => {
  const orders = (JSON.parse(finished.stdout) as RetentionReport).rules.find((r) => r.rule === 'orders');
  assert.exists(orders, 'the report of the orders rule');
  return orders.anonymised;
};
const stillPersonal = async (knex: Knex) => {
  const [counted] = await knex('orders').where('email', '<>', '').count({ n: '*' });
  assert.exists(counted, 'the count of personal orders');
  return Number(counted.n);
};

/** 100,000 guest orders from 2019: all past the 5 accounting years, all due to be anonymised. */
async function seedExpiredOrders(knex: Knex): Promise<void> {
  const created = new Date('2019-03-01T10:00:00Z');
  // SQLite takes at most 500 rows in one multi-row insert.
  const size = 500;
  for (let start = 0; start < rows; start += size) {
    const chunk = Array.from({ length: size }, (_, i) => ({
      number: `OLD-${start + i}`,
      customer_id: null,
      email: `buyer${start + i}@example.lv`,
      first_name: 'Vecs',
      last_name: 'Pircējs',
      phone: '+371 20 000 002',
      address: 'Ventspils',
      total_cents: 100,
      locale: 'lv',
      created_at: created,
    }));
    await knex('orders').insert(chunk);
  }
}

onEachDatabase('retention with several processes over 100,000 expired rows', (db) => {
  let dir: string;
  let config: string;
  beforeEach(async function () {
    this.timeout(120_000);
    dir = tempDir('esp-purge-');
    // The example shop's own options, as `shop-privacy` reads them, with a short lease so a killed run's
    // claim ends soon, and the suite's clock: the orders of 2019 are past their five years on any day it runs.
    config = path.join(dir, 'privacy.config.mts');
    fs.writeFileSync(
      config,
      [
        `import { shopPrivacyOptions } from ${JSON.stringify(path.resolve('examples/storefront/privacy-options.ts'))};`,
        `import { outboxTransport } from ${JSON.stringify(path.resolve('index.ts'))};`,
        `export default { ...shopPrivacyOptions({ db: ${JSON.stringify(db().url)}, secret: 'purge-test-secret-0123456789abcdefghij', publicUrl: 'http://shop.test', mail: outboxTransport(${JSON.stringify(dir)}) }), retention: { leaseSeconds: 10 }, clock: () => new Date(${JSON.stringify(testEpoch.toISOString())}) };`,
      ].join('\n'),
    );
    const shop = await startShop(db().url);
    await shop.stop();
    await seedExpiredOrders(db().knex);
  });
  afterEach(function () {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('two purges at once process every row once, none twice, and surface no lock errors', async function () {
    this.timeout(300_000);
    const [a, b] = await Promise.all([purge(config).done, purge(config).done]);
    for (const run of [a, b]) {
      expect(run.code, run.stderr).to.equal(0);
      expect(run.stderr).not.to.match(/deadlock|lock wait|busy|error/i);
    }
    expect(anonymisedOrders(a) + anonymisedOrders(b)).to.equal(rows);
    expect(await stillPersonal(db().knex)).to.equal(0);
    // Each run's audit entry holds its own count; together they are every row, once.
    const audited = (await db().knex('privacy_audit').where({ action: 'retention.run' }).pluck('details')).map(
      (d: string) => JSON.parse(d).rules.orders?.anonymised ?? 0,
    );
    expect(audited.reduce((sum: number, n: number) => sum + n, 0)).to.equal(rows);
  });

  it('a purge killed mid-run leaves whole batches only, and running again finishes the job', async function () {
    this.timeout(300_000);
    const runs = [purge(config), purge(config)];
    // Wait until the runs have committed some batches, then kill one still at work without warning
    // (on SQLite the other found the rule claimed and has already left).
    while ((await stillPersonal(db().knex)) > rows - 5000) await new Promise((resolve) => setTimeout(resolve, 20));
    const killed = runs.find((run) => run.child.exitCode === null);
    assert.exists(killed, 'a run still at work');
    const survivor = runs.find((run) => run !== killed);
    assert.exists(survivor, 'the other run');
    killed.child.kill('SIGKILL');
    expect(await stillPersonal(db().knex), 'the kill came after the job was done').to.be.greaterThan(0);
    const [gone, other] = await Promise.all([killed.done, survivor.done]);
    expect(gone.signal).to.equal('SIGKILL');
    expect(other.code, other.stderr).to.equal(0);
    // No half-anonymised order: a row is either untouched or wholly anonymised.
    const half = await db()
      .knex('orders')
      .where('email', '')
      .where((q) => q.whereNot('first_name', '').orWhereNot('phone', ''))
      .count({ n: '*' });
    const [halfCount] = half;
    assert.exists(halfCount, 'the count of half-anonymised orders');
    expect(Number(halfCount.n)).to.equal(0);

    // What the killed run held is picked up again (on SQLite once its lease has run out).
    const left = await stillPersonal(db().knex);
    let rerun = await purge(config).done;
    while (JSON.parse(rerun.stdout).rules.find((r: { rule: string }) => r.rule === 'orders').skipped) {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      rerun = await purge(config).done;
    }
    expect(rerun.code, rerun.stderr).to.equal(0);
    expect(anonymisedOrders(rerun)).to.equal(left);
    expect(await stillPersonal(db().knex)).to.equal(0);
  });
});
