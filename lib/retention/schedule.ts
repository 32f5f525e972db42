import { Cron } from 'croner';
import type { ResolvedOptions } from '../options/schema.js';

/**
 * The optional in-process schedule (`retention.schedule`). Every instance of the shop may
 * run it: runs on one database keep off each other's rows, so no leader is needed. A run
 * still going when the next is due is not started twice in one process.
 */
export function retentionSchedule(options: ResolvedOptions, run: () => Promise<unknown>): { nextRun(): Date | null; stop(): Promise<void> } {
  const { schedule } = options.retention;
  const { timezone } = options;
  if (!schedule) return { nextRun: () => null, stop: async () => undefined };
  let running: Promise<void> | null = null;
  const job = new Cron(schedule, { timezone, protect: true, unref: true }, () => {
    running = run()
      .then(
        () => undefined,
        (err: unknown) => {
          // RetentionRunError's message names the rule and the database's words without quoted values.
          options.logger.error(`[express-shop-privacy] scheduled retention run failed: ${(err as Error)?.message ?? 'Error'}`);
        },
      )
      .finally(() => {
        running = null;
      });
    return running;
  });
  return {
    nextRun: () => job.nextRun(),
    /** No new runs; a run under way finishes its batch loop before the database is closed. */
    async stop() {
      job.stop();
      await running;
    },
  };
}
