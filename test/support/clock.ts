import { performance } from 'node:perf_hooks';
import type { Clock } from '../../lib/store/time.js';

/** The day the suite's clocks start on, unless a test names its own. */
export const testEpoch = new Date('2026-11-25T12:00:00Z');

export const day = 24 * 60 * 60 * 1000;

/**
 * A clock a test owns, never the wall clock: it starts at `start` and runs on by the process's
 * monotonic timer (so rows written one after another keep their order), and the test moves it
 * with `advance` or `set`. Hand `clock.now` to the module as its `clock` option.
 */
export interface TestClock {
  readonly now: Clock;
  advance(ms: number): void;
  set(date: Date): void;
}

export function testClock(start: Date = testEpoch): TestClock {
  let origin = start.getTime();
  let since = performance.now();
  return {
    now: () => new Date(origin + Math.floor(performance.now() - since)),
    advance(ms) {
      origin += ms;
    },
    set(date) {
      origin = date.getTime();
      since = performance.now();
    },
  };
}

/** A clock that stands still at `at`: for a CLI run that must see exactly one moment. */
export function fixedClock(at: Date): Clock {
  return () => new Date(at.getTime());
}

/**
 * For the example shop, whose module runs on the system clock: a time past, or to come, by any
 * date the machine's clock could show, so a link "expired" or a lease "held" stays so whatever
 * day the suite runs on.
 */
export const longAgo = new Date('2000-01-01T00:00:00Z');
/** The last year a MySQL TIMESTAMP holds. */
export const farAhead = new Date('2037-12-31T00:00:00Z');
