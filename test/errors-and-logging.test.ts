import { expect } from 'chai';
import request from 'supertest';
import {
  createPrivacy,
  InvalidInputError,
  PrivacyError,
  PrivacyOptionsError,
  privacyErrorCodes,
  RequestRefusedError,
  SuppressedError,
  type PrivacyLogger,
} from '../index.js';
import { testClock } from './support/clock.js';
import { onEachDatabase } from './support/databases.js';
import { createHost } from './support/host.js';
import { testSecret } from './support/secret.js';
import { xpartsShop } from './support/shop-options.js';

/** A logger that keeps every line, so a test can see what the module reported and where. */
function keptLogger(): PrivacyLogger & { lines: { level: string; message: string }[] } {
  const lines: { level: string; message: string }[] = [];
  return {
    lines,
    info: (message) => void lines.push({ level: 'info', message }),
    warn: (message) => void lines.push({ level: 'warn', message }),
    error: (message) => void lines.push({ level: 'error', message }),
  };
}

describe('one error family', function () {
  it('every error the module throws on purpose is a PrivacyError with a code and an HTTP status', function () {
    let thrown: unknown;
    try {
      createPrivacy({ secret: 'short', ...xpartsShop });
    } catch (err) {
      thrown = err;
    }
    expect(thrown).to.be.instanceOf(PrivacyOptionsError).and.instanceOf(PrivacyError);
    expect(thrown).to.include({ code: 'options', status: 500, name: 'PrivacyOptionsError' });
    expect(new InvalidInputError('x')).to.include({ code: 'invalid_input', status: 400, name: 'InvalidInputError' });
    expect(new SuppressedError('newsletter')).to.include({ code: 'suppressed', status: 409, purpose: 'newsletter' });
    expect(new RequestRefusedError('staff.error.closed')).to.include({ code: 'request_refused', status: 409, key: 'staff.error.closed' });
    for (const err of [new InvalidInputError('x'), new SuppressedError('p'), new RequestRefusedError('staff.error.months')]) {
      expect(err).to.be.instanceOf(PrivacyError);
      expect(privacyErrorCodes).to.include(err.code);
    }
  });

  it('a logger that lacks a level is an options error naming the option', function () {
    expect(() => createPrivacy({ secret: testSecret, ...xpartsShop, logger: { info() {}, warn() {} } as never })).to.throw(
      PrivacyOptionsError,
      /logger: expected a logger with info, warn and error methods/,
    );
  });
});

onEachDatabase('the logger option', (db) => {
  it("carries the module's log lines instead of the console, without personal data", async function () {
    const logger = keptLogger();
    const { app, privacy } = await createHost(db().url, { logger, clock: testClock().now });
    const original = console.error;
    const onConsole: unknown[] = [];
    console.error = (...args: unknown[]) => void onConsole.push(args);
    try {
      privacy.on('consent.granted', () => {
        throw new Error('the mailing provider is down');
      });
      await privacy.consents.grant('anna@example.lv', 'newsletter', { source: 'staff' });
      await request(app).get('/privacy/policy').expect(200);
    } finally {
      console.error = original;
    }
    expect(onConsole).to.deep.equal([]);
    const failed = logger.lines.find((line) => line.message.includes('a listener of "consent.granted" failed'));
    expect(failed, JSON.stringify(logger.lines)).to.include({ level: 'error' });
    // No personal data in a log line: the address is not there.
    for (const line of logger.lines) expect(line.message).not.to.contain('anna@example.lv');
    await privacy.close();
  });

  it('says once, clearly, when currentCustomer gives a logged-in shopper without an e-mail address', async function () {
    const logger = keptLogger();
    const { app, privacy } = await createHost(db().url, { logger, clock: testClock().now, currentCustomer: () => ({ id: 7, email: '' }) });
    try {
      // Sent to the guests' request page, as a visitor would be: the module cannot tell who it is.
      for (let i = 0; i < 3; i++) await request(app).get('/privacy/account').expect(303);
      const warned = logger.lines.filter((line) => line.message.includes('currentCustomer'));
      expect(warned).to.have.length(1);
      expect(warned[0]).to.deep.include({ level: 'warn' });
      expect(warned[0]?.message).to.contain('without an e-mail address').and.contain('{ id, email, emailVerified }');
    } finally {
      await privacy.close();
    }
  });
});
