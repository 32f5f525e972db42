import { performance } from 'node:perf_hooks';
import { readOutbox, type OutboxMessage } from '../../index.js';

/**
 * The newest e-mail in `dir` that `match` accepts, waiting up to `ms` for it: some e-mails
 * (a newsletter confirmation after an order) go out just after the response.
 */
export async function awaitMail(dir: string, match: (message: OutboxMessage) => boolean, ms = 3000): Promise<OutboxMessage> {
  const deadline = performance.now() + ms;
  for (;;) {
    const found = (await readOutbox(dir)).find(match);
    if (found) return found;
    if (performance.now() > deadline) throw new Error(`no such e-mail in ${dir} after ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** The path and query of the first link in the e-mail to `path` (e.g. `/privacy/newsletter/confirm`). */
export function pathOfLink(message: OutboxMessage, path: string): string {
  const found = message.text.match(new RegExp(`https?://[^/\\s]+(${path.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}\\?token=[A-Za-z0-9_-]{43})`));
  const link = found?.[1];
  if (link === undefined) throw new Error(`no ${path} link in: ${message.text}`);
  return link;
}

/**
 * The outbox folder once the module's mail worker has sent everything due: what the mailboxes
 * hold by now. The module answers before its e-mails go out, so a test reads them after this.
 */
export async function sentMail(privacy: { mail: { drain(): Promise<unknown> } }, dir: string): Promise<OutboxMessage[]> {
  await privacy.mail.drain();
  return readOutbox(dir);
}
