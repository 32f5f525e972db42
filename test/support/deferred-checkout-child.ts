/**
 * A shop process killed at the worst moments of a one-statement checkout (issue 20):
 * `after-commit` dies as soon as the order and its one outbox row have committed, before any
 * follow-up; `mid-follow-up` commits the order, then runs the follow-up and dies inside its
 * transaction, the subject and the ledger written but not committed, as the audit entry is being
 * written. Run by test/order-hook-crash.test.ts. The environment gives DATABASE_URL, DIE, CLOCK_AT.
 */
import { createPrivacy } from '../../index.js';
import { fixedClock } from './clock.js';
import { testSecret } from './secret.js';
import { xpartsShop } from './shop-options.js';
import { tempDir } from './databases.js';

const { DATABASE_URL, DIE, CLOCK_AT } = process.env;
if (!DATABASE_URL || !CLOCK_AT || (DIE !== 'after-commit' && DIE !== 'mid-follow-up')) throw new Error('DATABASE_URL, CLOCK_AT and DIE are needed');
const privacy = createPrivacy({
  secret: testSecret,
  db: DATABASE_URL,
  ...xpartsShop,
  publicUrl: 'http://shop.test',
  clock: fixedClock(new Date(CLOCK_AT)),
  mailer: { outboxDir: tempDir('esp-crash-outbox-'), worker: { enabled: false } },
});
// As a shop starts: the migrations are the parent's, but the policy's version is read here.
await privacy.migrate();
const email = 'anna@example.lv';
await privacy.db.transaction(async (trx) => {
  const [id] = await trx('orders').insert({ email, last_name: 'Bērziņa', total_cents: 1999 });
  await privacy.hooks.orderCreated({ order: { id, email }, consents: { consent_social_advertising: 'on', consent_newsletter: 'on' } }, { trx, deferred: true });
});
if (DIE === 'after-commit') process.kill(process.pid, 'SIGKILL');
privacy.db.on('query', (query: { sql: string }) => {
  if (/^insert into [`"]privacy_audit[`"]/.test(query.sql)) process.kill(process.pid, 'SIGKILL');
});
await privacy.mail.drain();
// Never reached: the audit entry is always written, and the process dies there.
process.exit(3);
