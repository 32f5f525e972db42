import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';

/** Every .ts file under `dir`, relative to the project. */
function sources(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts'))
    .map((file) => path.join(dir, file));
}

const wallClock = /\bDate\.now\(\)|\bnew Date\(\)/;
const readers = (files: string[]) => files.filter((file) => wallClock.test(fs.readFileSync(file, 'utf8')));

/**
 * The suite must pass whatever day it runs on (`.ci/run` runs it with the clock moved too). A test
 * that reads today's date, or module code that reads it behind its `clock` option, is how a test
 * starts to depend on the calendar; this finds both before the calendar does.
 */
describe('the clock', function () {
  it('is never read by a test: tests hand the module a clock of their own', function () {
    expect(readers(sources('test'))).to.deep.equal([]);
  });

  it('is read by the module only through its clock option, but for timers shared between processes', function () {
    // Retention leases and rate-limit windows are compared by every instance of the shop, and the
    // development outbox names its files by the time they were written: these need the system clock.
    const shared = ['lib/store/time.ts', 'lib/retention/repository.ts', 'lib/http/rate-limit-store.ts', 'lib/mail/outbox.ts'];
    expect(readers([...sources('lib'), ...sources('bin'), 'index.ts']).sort()).to.deep.equal(shared.sort());
  });
});
