import { randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import { translate } from '../i18n/index.js';
import type { Locale } from '../options/locales.js';
import type { MailTransport, ResolvedOptions } from '../options/schema.js';
import type { Views } from '../http/views.js';
import type { TableNames } from '../store/tables.js';
import { outboxTransport } from './outbox.js';
import { messageSeal } from './sealed.js';
import { mailOutbox, type MailPurpose, type OutboxTask, type RenderedEmail } from './queue.js';
import { mailWorker, type MailFailedHandler, type OutboxTaskHandler } from './worker.js';

export interface ModuleEmail {
  to: string;
  locale: Locale;
  subject: string;
  paragraphs: string[];
  action?: { url: string; label: string };
  /**
   * Every e-mail the module sends carries a one-click unsubscribe (link and RFC 8058 headers),
   * except the erasure report: that address is already suppressed and has nothing to leave.
   */
  unsubscribeUrl: string | null;
}

interface Deps {
  db: Knex;
  tables: TableNames;
  options: Pick<ResolvedOptions, 'controller' | 'mailer' | 'clock' | 'logger' | 'secret'>;
  views: Views;
}

/**
 * The module's e-mails, in the shopper's language, as text and HTML, with the controller's
 * details. None is sent from a request: `queue` writes it into the outbox in the transaction of
 * the change that causes it, and the worker sends it once that commits, so a page answers as fast
 * for an address the module knows as for one it does not, and a slow mail server holds up nothing.
 */
export function createMailer({ db, tables, options, views }: Deps) {
  const transport: MailTransport = options.mailer.transport ?? outboxTransport(options.mailer.outboxDir);
  const { controller } = options;
  const from = options.mailer.from ?? { name: controller.name, address: controller.email };
  const domain = controller.email.split('@').at(-1) ?? 'localhost';
  const outbox = mailOutbox(tables, messageSeal(options.secret));
  const failedHandlers = new Map<string, MailFailedHandler>();
  const taskHandlers = new Map<string, OutboxTaskHandler>();
  const newMessageId = () => `<${randomBytes(16).toString('hex')}@${domain}>`;
  const worker = mailWorker({
    db,
    outbox,
    transport,
    from,
    clock: options.clock,
    logger: options.logger,
    settings: options.mailer.worker,
    failedHandlers,
    taskHandlers,
  });

  function render(email: ModuleEmail): RenderedEmail {
    const footer = translate(email.locale, 'mail.footer', { ...controller });
    const unsubscribe = translate(email.locale, 'mail.unsubscribe');
    const text = [
      ...email.paragraphs,
      ...(email.action ? [`${email.action.label}: ${email.action.url}`] : []),
      '--',
      ...(email.unsubscribeUrl ? [`${unsubscribe} ${email.unsubscribeUrl}`] : []),
      footer,
    ].join('\n\n');
    const html = views.fragment('email', {
      locale: email.locale,
      subject: email.subject,
      paragraphs: email.paragraphs,
      action: email.action,
      unsubscribe,
      unsubscribeUrl: email.unsubscribeUrl,
      footer,
    });
    return { to: email.to, subject: email.subject, text, html, headers: email.unsubscribeUrl ? unsubscribeHeaders(email.unsubscribeUrl) : {} };
  }

  return {
    /**
     * Writes the e-mail into the outbox in `trx`, the transaction of the change it tells about:
     * both are kept or neither. It goes out once `trx` commits; a rollback takes it back.
     * `purpose` names what it is about for the handler told if it can never be sent.
     */
    async queue(trx: Knex | Knex.Transaction, email: ModuleEmail, purpose?: MailPurpose): Promise<void> {
      await outbox.add(trx, newMessageId(), { email: render(email) }, email.to, purpose ?? null, options.clock());
      afterCommit(trx, worker.nudge);
    },

    /**
     * Queues a task about `recipient` for the worker (one insert, whatever the task finds later),
     * done by the handler registered for its kind with `onTask`. `about`: the keys `settle` finds it by.
     */
    async defer(trx: Knex | Knex.Transaction, task: OutboxTask, recipient: string, about: string | null = null): Promise<void> {
      await outbox.add(trx, newMessageId(), { task }, recipient, null, options.clock(), about);
      afterCommit(trx, worker.nudge);
    },

    /** `handler` does the tasks of `kind`; every instance that may run the worker registers the same. */
    onTask(kind: string, handler: OutboxTaskHandler): void {
      taskHandlers.set(kind, handler);
    },

    /** `handler` runs, in the transaction that gives it up, for each e-mail of `kind` that could not be sent. */
    onFailed(kind: string, handler: MailFailedHandler): void {
      failedHandlers.set(kind, handler);
    },

    /** Sends what is due now, and from here on polls for retries and rows other instances left. */
    nudge: worker.nudge,
    drain: worker.drain,
    /** Does the tasks deferred `about` these keys now (see `defer`), before a read about whom they concern. */
    settle: worker.settle,
    stop: worker.stop,
    status: () => outbox.counts(db),
  };
}

const isTransaction = (db: Knex | Knex.Transaction): db is Knex.Transaction => db.isTransaction === true;

/** Runs `then` once `trx` has committed (at once outside a transaction); a rollback runs nothing. */
function afterCommit(trx: Knex | Knex.Transaction, then: () => void): void {
  if (!isTransaction(trx)) return then();
  trx.executionPromise.then(then, () => undefined);
}

export type Mailer = ReturnType<typeof createMailer>;

/** RFC 2369 and RFC 8058: the mail client offers "unsubscribe" and posts to the link itself. */
export function unsubscribeHeaders(url: string): UnsubscribeHeaders {
  return { 'List-Unsubscribe': `<${url}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' };
}

// A type, not an interface, so that it fits nodemailer's `headers` map as it is.
export type UnsubscribeHeaders = {
  'List-Unsubscribe': string;
  'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click';
};
