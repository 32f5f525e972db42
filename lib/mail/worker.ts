import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import type { SendMailOptions } from 'nodemailer';
import type { MailTransport, PrivacyLogger } from '../options/schema.js';
import { lockingOf, retryingConflicts, type Locking } from '../retention/locking.js';
import type { Clock } from '../store/time.js';
import type { ClaimedItem, MailOutbox, OutboxTask } from './queue.js';

/** How the outbox worker goes: `mailer.worker` in the options. */
export interface MailWorkerSettings {
  /** Run the worker in this process (default); off, another instance or `privacy.mail.drain()` from a job sends. */
  enabled: boolean;
  /** How often it looks for mail it was not nudged about: retries, and rows other instances left. */
  pollSeconds: number;
  /** Tries before an e-mail is given up (about a day with the default backoff). */
  maxAttempts: number;
  /** A transport that has not answered by then counts as failed for this try. */
  sendTimeoutSeconds: number;
}

/** What one `drain()` did: e-mails sent and tasks done; e-mails and tasks to be tried again later, and given up. */
export interface MailDrainReport {
  sent: number;
  retried: number;
  failed: number;
  tasks: number;
}

/** Told in the transaction that gives an e-mail up, with what the e-mail was about. */
export type MailFailedHandler = (trx: Knex.Transaction, ref: Record<string, string | number>) => Promise<void>;

/**
 * Does one task. It opens its own transaction for the work and calls `finish(trx)` in it last:
 * that records the task done, so the work and the record commit together, exactly once (a
 * worker that lost its lease finds `finish` throwing, and its work rolls back).
 */
export type OutboxTaskHandler = (payload: OutboxTask['payload'], finish: (trx: Knex.Transaction) => Promise<void>) => Promise<void>;

/** The task's lease went to another worker (this one was too slow): its transaction must not commit. */
class LeaseLost extends Error {}

interface Deps {
  db: Knex;
  outbox: MailOutbox;
  transport: MailTransport;
  from: SendMailOptions['from'];
  clock: Clock;
  logger: PrivacyLogger;
  settings: MailWorkerSettings;
  failedHandlers: ReadonlyMap<string, MailFailedHandler>;
  taskHandlers: ReadonlyMap<string, OutboxTaskHandler>;
}

const batchSize = 10;
/** How long a read waits for a shopper's follow-up another worker is doing, and how often it looks. */
const settleWaitMs = 3000;
const settlePollMs = 20;
const maxBackoffMs = 6 * 60 * 60 * 1000;

/** 30 s, 1 min, 2 min, … up to 6 h between tries. */
export const backoffMs = (attempts: number): number => Math.min(30_000 * 2 ** Math.max(0, attempts - 1), maxBackoffMs);

/**
 * Sends what the outbox holds. Any instance may run one: each claim leases its rows for as long as
 * sending them all could take, and a row whose lease ran out (its worker crashed) is claimed
 * again. A crash after the transport took an e-mail but before it was recorded sends it
 * again with the same Message-ID, which the development transport and mail clients fold into one.
 */
export function mailWorker({ db, outbox, transport, from, clock, logger, settings, failedHandlers, taskHandlers }: Deps) {
  const sendTimeoutMs = settings.sendTimeoutSeconds * 1000;
  // Long enough to send a whole batch one by one, each up to its timeout: no row is claimed again while still queued here.
  const leaseMs = batchSize * sendTimeoutMs + 60_000;
  let locking: Promise<Locking> | undefined;
  let running: Promise<MailDrainReport> | null = null;
  let follow: Promise<MailDrainReport> | null = null;
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  let lastProblem = '';
  const abandon = new AbortController();

  /** Does the task, and records it done in the task's own transaction. */
  async function runTask(task: OutboxTask, id: number, holder: string): Promise<void> {
    const handler = taskHandlers.get(task.kind);
    if (!handler) throw new Error(`no handler for the task "${task.kind}" in this instance`);
    // A deadlock or a busy SQLite file redoes the task: its work is one transaction, all or nothing.
    await retryingConflicts(() =>
      handler(task.payload, async (trx) => {
        if (!(await outbox.sent(trx, id, holder, clock()))) throw new LeaseLost('another worker took the task over');
      }),
    );
  }

  async function sendOne(mail: ClaimedItem, holder: string, report: MailDrainReport): Promise<void> {
    try {
      if (mail.task) await runTask(mail.task, mail.id, holder);
      else {
        const { to, subject, text, html, headers } = mail.email;
        await bounded(transport.sendMail({ from, to, subject, text, html, headers, messageId: mail.messageId }), sendTimeoutMs, abandon.signal);
      }
    } catch (err) {
      // Stopping mid-send records nothing: the lease runs out and the e-mail is tried again. Nor does a task another worker took over.
      if (abandon.signal.aborted || err instanceof LeaseLost) return;
      const error = describeError(err);
      const what = mail.task ? `task ${mail.id} (${mail.task.kind})` : `e-mail ${mail.id}${mail.purpose ? ` (${mail.purpose.kind})` : ''}`;
      if (mail.attempts >= settings.maxAttempts) {
        await retryingConflicts(() =>
          db.transaction(async (trx) => {
            const handler = mail.purpose ? failedHandlers.get(mail.purpose.kind) : undefined;
            if ((await outbox.failed(trx, mail.id, holder, error)) && handler) await handler(trx, mail.purpose?.ref ?? {});
          }),
        );
        logger.error(`[express-shop-privacy] ${what} given up after ${mail.attempts} tries: ${error}`);
        report.failed += 1;
      } else {
        const at = new Date(clock().getTime() + backoffMs(mail.attempts));
        await retryingConflicts(() => outbox.retry(db, mail.id, holder, at, error));
        logger.warn(`[express-shop-privacy] ${what} not sent (try ${mail.attempts} of ${settings.maxAttempts}), next try at ${at.toISOString()}: ${error}`);
        report.retried += 1;
      }
      return;
    }
    if (mail.task) report.tasks += 1;
    else {
      await retryingConflicts(() => outbox.sent(db, mail.id, holder, clock()));
      report.sent += 1;
    }
  }

  async function pass(report: MailDrainReport): Promise<void> {
    const lock = await (locking ??= lockingOf(db));
    while (!stopped) {
      const holder = randomUUID();
      const { claimed: batch, unreadable } = await retryingConflicts(() => outbox.claim(db, lock, holder, batchSize, clock(), leaseMs));
      if (unreadable > 0) {
        report.failed += unreadable;
        logger.error(`[express-shop-privacy] ${unreadable} outbox row(s) sealed with another secret were given up: is \`secret\` the same on every instance?`);
      }
      if (batch.length === 0 && unreadable === 0) return;
      // E-mails go one by one, then the tasks: one shopper's in order, different shoppers' side by side (a checkout's follow-up is a transaction of its own).
      const mails = batch.filter((item) => !item.task);
      const tasks = batch.filter((item) => item.task);
      for (const [i, mail] of mails.entries()) {
        // Stopping: what this worker has not started goes back, for the next worker at once.
        if (stopped)
          return outbox.release(
            db,
            [...mails.slice(i), ...tasks].map((item) => item.id),
            holder,
          );
        await sendOne(mail, holder, report);
      }
      // Tasks about no one in particular (a guest's request, a sign-up) keep one lane, in order, as before.
      const lanes = new Map<string, ClaimedItem[]>();
      for (const task of tasks) lanes.set(task.about ?? '', [...(lanes.get(task.about ?? '') ?? []), task]);
      const left: number[] = [];
      await Promise.all(
        [...lanes.values()].map(async (lane) => {
          for (const [i, task] of lane.entries()) {
            if (stopped) return void left.push(...lane.slice(i).map((item) => item.id));
            await sendOne(task, holder, report);
          }
        }),
      );
      if (left.length > 0) return outbox.release(db, left, holder);
    }
  }

  function start(): Promise<MailDrainReport> {
    const report: MailDrainReport = { sent: 0, retried: 0, failed: 0, tasks: 0 };
    // Stopped: nothing more is claimed, and the database may be closing.
    if (stopped) return Promise.resolve(report);
    running = pass(report)
      .then(() => report)
      .finally(() => {
        running = null;
      });
    return running;
  }

  /**
   * Sends everything due now. A drain under way may have looked already, so a call meanwhile
   * gets one more drain after it, shared by every caller until it starts.
   */
  function drain(): Promise<MailDrainReport> {
    if (!running) return start();
    const next = () => {
      follow = null;
      return running ?? start();
    };
    follow ??= running.then(next, next);
    return follow;
  }

  /** The worker's own runs must not throw into the host: a failure is logged, once until it changes. */
  const run = () =>
    void drain().then(
      () => void (lastProblem = ''),
      (err: unknown) => {
        const problem = describeError(err);
        if (problem !== lastProblem) logger.error(`[express-shop-privacy] mail outbox: ${problem}`);
        lastProblem = problem;
      },
    );

  return {
    drain,

    /**
     * Something was queued and committed: send it now, and keep polling from here on. Under load
     * the commits of a drain under way gather into the one drain that follows it (see `drain`).
     */
    nudge(): void {
      if (!settings.enabled || stopped) return;
      if (!timer) {
        timer = setInterval(run, settings.pollSeconds * 1000);
        timer.unref();
      }
      run();
    },

    /**
     * Does now the tasks about `keys` (one shopper's follow-ups) that no live worker holds, and
     * waits a moment for one a worker is doing: a read about that shopper then sees what they
     * record. One statement when there are none, the usual case. Never inside a transaction of
     * the caller's: the task opens its own.
     */
    async settle(keys: string[]): Promise<void> {
      if (keys.length === 0 || stopped || !(await outbox.waitingAbout(db, keys))) return;
      const lock = await (locking ??= lockingOf(db));
      const report: MailDrainReport = { sent: 0, retried: 0, failed: 0, tasks: 0 };
      for (let waited = 0; ; waited += settlePollMs) {
        const holder = randomUUID();
        const { claimed } = await retryingConflicts(() => outbox.claimAbout(db, lock, holder, keys, clock(), leaseMs));
        for (const item of claimed) await sendOne(item, holder, report);
        // A task that failed here waits for its retry like any other; the read goes on with what is recorded.
        if (report.retried + report.failed > 0 || waited >= settleWaitMs || !(await outbox.busyAbout(db, keys, clock()))) return;
        await new Promise((resolve) => setTimeout(resolve, settlePollMs));
      }
    },

    /** Stops polling and abandons sends in flight (their leases run out; another run sends them). */
    async stop(): Promise<void> {
      stopped = true;
      if (timer) clearInterval(timer);
      timer = null;
      abandon.abort();
      await running?.catch(() => undefined);
      await follow?.catch(() => undefined);
    },
  };
}

/** The transport's answer, or a failure once `ms` have passed or the worker stops. */
async function bounded<T>(work: Promise<T>, ms: number, signal: AbortSignal): Promise<T> {
  let timeout: NodeJS.Timeout | undefined;
  let onAbort: (() => void) | undefined;
  try {
    return await Promise.race([
      work,
      new Promise<never>((_, reject) => {
        timeout = setTimeout(() => reject(new Error(`the transport did not answer within ${ms / 1000} s`)), ms);
        onAbort = () => reject(new Error('stopped'));
        if (signal.aborted) onAbort();
        else signal.addEventListener('abort', onAbort, { once: true });
      }),
    ]);
  } finally {
    clearTimeout(timeout);
    if (onAbort) signal.removeEventListener('abort', onAbort);
  }
}

/** What a failure says, for the log and the row: its code and message, with any address in it taken out. */
function describeError(err: unknown): string {
  const e = err as { code?: unknown; responseCode?: unknown; message?: unknown };
  const code = typeof e?.code === 'string' ? e.code : typeof e?.responseCode === 'number' ? String(e.responseCode) : '';
  const message = typeof e?.message === 'string' ? e.message : String(err);
  return `${code ? `${code}: ` : ''}${message}`.replace(/[^\s<>"'@]+@[^\s<>"'@]+/g, '<address>').slice(0, 200);
}
