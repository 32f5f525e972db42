import type { Privacy } from '../app/privacy.js';
import type { Locale } from '../options/locales.js';
import { exitCodes } from './exit-codes.js';
import { sayIn } from './locale.js';

/**
 * `shop-privacy mail`: the outbox's e-mails by state. With --send, everything due is sent first,
 * in this process (for instances that run no worker, or to empty the outbox before a shutdown);
 * exit code 1 when that gave an e-mail up, so cron alerts on it.
 */
export async function mailOutbox(privacy: Privacy, opts: { send?: boolean; format: 'text' | 'json'; locale: Locale }): Promise<number> {
  const say = sayIn(opts.locale);
  const drained = opts.send ? await privacy.mail.drain() : null;
  const counts = await privacy.mail.status();
  if (opts.format === 'json') process.stdout.write(`${JSON.stringify({ ...counts, ...(drained ? { drained } : {}) }, null, 2)}\n`);
  else {
    if (drained) process.stdout.write(`${say('cli.mail.drained', { ...drained })}\n`);
    process.stdout.write(`${say('cli.mail.counts', { ...counts })}\n`);
  }
  return drained && drained.failed > 0 ? exitCodes.failed : exitCodes.done;
}
