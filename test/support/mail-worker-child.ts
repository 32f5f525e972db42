/**
 * A mail worker in a process of its own, killed at the worst moment: `before-send` dies after
 * claiming an e-mail but before the transport has it; `after-send` once the transport has taken
 * it but before the outbox records that it went. Run by test/security/mail-outbox.test.ts.
 * Arguments come in the environment: DATABASE_URL, OUTBOX_DIR, DIE (the moment), CLOCK_AT.
 */
import { createPrivacy, outboxTransport } from '../../index.js';
import { testSecret } from './secret.js';
import { fixedClock } from './clock.js';
import { xpartsShop } from './shop-options.js';

const { DATABASE_URL, OUTBOX_DIR, DIE, CLOCK_AT } = process.env;
if (!DATABASE_URL || !OUTBOX_DIR || !CLOCK_AT || (DIE !== 'before-send' && DIE !== 'after-send'))
  throw new Error('DATABASE_URL, OUTBOX_DIR, CLOCK_AT and DIE are needed');
const real = outboxTransport(OUTBOX_DIR);
const transport = {
  async sendMail(message: object) {
    if (DIE === 'after-send') await real.sendMail(message);
    process.kill(process.pid, 'SIGKILL');
    // Never reached: the process is gone.
    return new Promise(() => undefined);
  },
};
const privacy = createPrivacy({
  secret: testSecret,
  db: DATABASE_URL,
  ...xpartsShop,
  publicUrl: 'http://shop.test',
  clock: fixedClock(new Date(CLOCK_AT)),
  mailer: { transport, worker: { enabled: false } },
});
await privacy.mail.drain();
