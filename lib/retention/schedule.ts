import { Cron } from 'croner';
import type { ResolvedOptions } from '../options/schema.js';

/**
 * The optional in-process schedule (`retention.schedule`). Every instance of the shop may
 * run it: runs on one database keep off each other's rows, so no leader is needed. A run
 * still going when the next is due is not started twice in one process.
 */
export function retentionSchedule(options: ResolvedOptions, run: () => Promise<unknown>): { nextRun(): Date | null; stop(): void } {
  const { schedule, timezone } = options.retention;
  if (!schedule) return { nextRun: () => null, stop: () => undefined };
  const job = new Cron(schedule, { timezone, protect: true, unref: true }, async () => {
    try {
      await run();
    } catch (err) {
      // The error's name and code only: a database message may quote a value from a row.
      console.error(`[express-shop-privacy] scheduled retention run failed: ${(err as Error)?.message ?? 'Error'}`);
    }
  });
  return { nextRun: () => job.nextRun(), stop: () => job.stop() };
}
