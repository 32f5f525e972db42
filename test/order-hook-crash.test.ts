import { spawn } from 'node:child_process';
import path from 'node:path';
import { expect } from 'chai';
import { onEachDatabase, tempDir, type TestDatabase } from './support/databases.js';
import { createCheckoutHost } from './support/checkout-host.js';
import { day, testClock } from './support/clock.js';
import { readOutbox } from '../index.js';

const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };
const child = path.resolve('test/support/deferred-checkout-child.ts');

/** Runs the checkout of test/support/deferred-checkout-child.ts until it kills itself at `die`. */
function killedShop(db: TestDatabase, at: Date, die: 'after-commit' | 'mid-follow-up'): Promise<NodeJS.Signals | null> {
  const shop = spawn(process.execPath, ['--import', 'tsx', child], {
    env: { ...process.env, DATABASE_URL: db.url, DIE: die, CLOCK_AT: at.toISOString() },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return new Promise((resolve) => shop.on('close', (_code, signal) => resolve(signal)));
}

/**
 * The follow-up of a one-statement checkout survives a killed process (issue 20): the order's
 * answers wait in the outbox, committed with it, and the next worker records them once.
 */
onEachDatabase('a one-statement checkout when the process dies', (db) => {
  const survivor = async () => {
    const clock = testClock();
    const outbox = tempDir('esp-crash-outbox-');
    const shop = await createCheckoutHost(db().knex, db().url, { clock: clock.now, logger: quiet, mailer: { outboxDir: outbox, worker: { enabled: false } } });
    return { ...shop, clock, outbox };
  };
  const count = async (table: string, where: Record<string, unknown> = {}) => Number((await db().knex(table).where(where).count({ n: '*' }))[0]?.n);

  /** What one checkout records, exactly once: checked after the first drain and again after another. */
  async function recordedOnce(outbox: string) {
    expect(await count('orders')).to.equal(1);
    expect(await count('privacy_subjects')).to.equal(1);
    const events = await db().knex('privacy_consent_events').orderBy('id').select('purpose', 'event');
    expect(events.map((e) => `${e.purpose} ${e.event}`)).to.deep.equal(['policy acknowledged', 'social_advertising granted']);
    expect(await count('privacy_audit', { action: 'consent.granted' })).to.equal(1);
    expect(await count('privacy_consents', { purpose: 'social_advertising', granted: true })).to.equal(1);
    expect((await readOutbox(outbox)).map((m) => m.to)).to.deep.equal([['anna@example.lv']]);
  }

  for (const die of ['after-commit', 'mid-follow-up'] as const)
    it(`records the checkout once when the shop dies ${die === 'after-commit' ? 'between its commit and the follow-up' : 'inside the follow-up’s transaction'}`, async function () {
      const { privacy, clock, outbox } = await survivor();
      expect(await killedShop(db(), clock.now(), die)).to.equal('SIGKILL');
      // The order stands, and its answers wait: nothing of the follow-up was committed.
      expect(await count('orders')).to.equal(1);
      expect(await count('privacy_consent_events')).to.equal(0);
      expect(await count('privacy_outbox', { kind: 'task' })).to.equal(1);
      // A follow-up the dead worker had claimed is due again once its lease has run out.
      clock.advance(day);
      expect((await privacy.mail.drain()).tasks).to.equal(2);
      await recordedOnce(outbox);
      clock.advance(day);
      expect((await privacy.mail.drain()).tasks).to.equal(0);
      await recordedOnce(outbox);
      await privacy.close();
    });
});
