import type { Knex } from 'knex';
import type { TableNames } from '../store/tables.js';
import type { Locking } from '../retention/locking.js';
import type { MessageSeal } from './sealed.js';

/** One e-mail as the outbox keeps it until it is sent: ready for the transport, nothing left to render. */
export interface RenderedEmail {
  to: string;
  subject: string;
  text: string;
  html: string;
  headers: Record<string, string>;
}

/**
 * What a queued e-mail is about, for whoever must know when it could not be sent at all: a
 * retention warning that never went out must not let its row be deleted as if it had.
 */
export interface MailPurpose {
  kind: string;
  ref?: Record<string, string | number> | undefined;
}

/**
 * Work the worker does instead of the page: whatever depends on whether an address is known, so
 * the page writes one row, the same for every address, and answers in the same time.
 */
export interface OutboxTask {
  kind: string;
  payload: Record<string, string | number | boolean | null>;
}

/** What one row carries: an e-mail ready to send, or a task. */
export type OutboxItem = { email: RenderedEmail; task?: undefined } | { task: OutboxTask; email?: undefined };

/** A row the worker holds a lease on, with what it needs to send it or do it. */
export type ClaimedItem = OutboxItem & {
  id: number;
  messageId: string;
  attempts: number;
  purpose: MailPurpose | null;
  /** Whose follow-up a task is (a keyed hash), or null: tasks of one shopper are done in order, others side by side. */
  about: string | null;
};

type StoredMessage = OutboxItem & { purpose: MailPurpose | null };

export type OutboxStatus = 'pending' | 'sending' | 'sent' | 'failed';

/** The outbox table: rows are added in the causing transaction, sealed, and leased to one worker at a time. */
export function mailOutbox(tables: TableNames, sealing: MessageSeal) {
  const table = tables.outbox;
  /** Waiting and due, or claimed by a worker whose lease ran out (it stopped or crashed mid-send). */
  const dueAt = (now: Date) => (q: Knex.QueryBuilder) =>
    q
      .where((w) => w.where({ status: 'pending' }).andWhere('next_attempt_at', '<=', now))
      .orWhere((w) => w.where({ status: 'sending' }).andWhere('lease_until', '<=', now));

  /** Only the worker holding the lease may record the outcome: a slow worker whose row was re-claimed changes nothing. */
  const held = (db: Knex | Knex.Transaction, id: number, holder: string) => db(table).where({ id, status: 'sending', lease_holder: holder });

  /** Leases up to `limit` rows `which` selects to `holder`, and opens them; see `claim`. */
  async function claimWhere(
    db: Knex,
    locking: Locking,
    holder: string,
    limit: number,
    now: Date,
    leaseMs: number,
    which: (q: Knex.QueryBuilder) => Knex.QueryBuilder,
  ): Promise<{ claimed: ClaimedItem[]; unreadable: number }> {
    const leaseUntil = new Date(now.getTime() + leaseMs);
    // READ COMMITTED on MySQL: the claim locks the rows it takes, not the gaps new rows are inserted into.
    const isolation = locking === 'skip-locked' ? { isolationLevel: 'read committed' as const } : undefined;
    const ids = await db.transaction(async (trx) => {
      const pick = trx(table).select('id').where(which).orderBy('id').limit(limit);
      const candidates = (await (locking === 'skip-locked' ? pick.forUpdate().skipLocked() : pick)).map((row: { id: number }) => Number(row.id));
      if (candidates.length === 0) return [];
      await trx(table)
        .whereIn('id', candidates)
        .where(which)
        .update({ status: 'sending', lease_holder: holder, lease_until: leaseUntil, attempts: trx.raw('?? + 1', ['attempts']) });
      return candidates;
    }, isolation);
    if (ids.length === 0) return { claimed: [], unreadable: 0 };
    const rows: { id: number; message_id: string; attempts: number; message: string | null; about: string | null }[] = await db(table)
      .whereIn('id', ids)
      .where({ status: 'sending', lease_holder: holder })
      .orderBy('id')
      .select('id', 'message_id', 'attempts', 'message', 'about');
    const unreadable: number[] = [];
    const claimed = rows.flatMap((row) => {
      const opened = row.message === null ? null : sealing.open(row.message);
      if (opened === null) {
        unreadable.push(Number(row.id));
        return [];
      }
      const stored = JSON.parse(opened) as StoredMessage;
      return [{ ...stored, id: Number(row.id), messageId: row.message_id, attempts: Number(row.attempts), about: row.about ?? null }];
    });
    // Sealed with a secret this instance does not have (it was changed): nothing to send, given up at once.
    if (unreadable.length > 0)
      await db(table)
        .whereIn('id', unreadable)
        .where({ lease_holder: holder })
        .update({ status: 'failed', recipient: '', message: null, lease_holder: null, lease_until: null, last_error: 'sealed with another secret' });
    return { claimed, unreadable: unreadable.length };
  }

  return {
    /**
     * `recipient`: the address the row is about, cleared with the message once done. `about`: a
     * keyed hash a read looks the row up by, to do the task before it reads (`claimAbout`).
     */
    async add(
      trx: Knex | Knex.Transaction,
      messageId: string,
      item: OutboxItem,
      recipient: string,
      purpose: MailPurpose | null,
      now: Date,
      about: string | null = null,
    ): Promise<void> {
      const message: StoredMessage = { ...item, purpose };
      await trx(table).insert({
        about,
        message_id: messageId,
        kind: item.task ? 'task' : 'mail',
        recipient,
        message: sealing.seal(JSON.stringify(message)),
        status: 'pending',
        attempts: 0,
        next_attempt_at: now,
        created_at: now,
      });
    },

    /**
     * Leases up to `limit` due rows to `holder`. With SKIP LOCKED (MySQL 8, MariaDB 10.6) rows
     * another worker is claiming are passed over, not waited for; elsewhere the conditional
     * update decides: of two workers that picked the same row, one update finds it still due.
     * `holder` is new for each claim, so what it holds afterwards is exactly what it won.
     */
    claim: (db: Knex, locking: Locking, holder: string, limit: number, now: Date, leaseMs: number) =>
      claimWhere(db, locking, holder, limit, now, leaseMs, dueAt(now)),

    /**
     * Leases the tasks `about` one of `keys` that no live worker holds, due or waiting for a
     * retry: a read about that shopper does them first, so it sees what they record.
     */
    claimAbout: (db: Knex, locking: Locking, holder: string, keys: string[], now: Date, leaseMs: number) =>
      claimWhere(db, locking, holder, 100, now, leaseMs, (q) =>
        q.whereIn('about', keys).where((w) => w.where({ status: 'pending' }).orWhere((x) => x.where({ status: 'sending' }).andWhere('lease_until', '<=', now))),
      ),

    /** Whether any task `about` one of `keys` is not done yet: one indexed statement. */
    async waitingAbout(db: Knex, keys: string[]): Promise<boolean> {
      const row = await db(table).whereIn('about', keys).whereIn('status', ['pending', 'sending']).first('id');
      return row !== undefined;
    },

    /** Whether a live worker is doing a task `about` one of `keys` right now. */
    async busyAbout(db: Knex, keys: string[], now: Date): Promise<boolean> {
      const row = await db(table).whereIn('about', keys).where({ status: 'sending' }).andWhere('lease_until', '>', now).first('id');
      return row !== undefined;
    },

    /**
     * Sent, or the task done: the address and the message go, the row stays a while as the record
     * that it went. A task records this in its own transaction; false when the lease was lost.
     */
    async sent(db: Knex | Knex.Transaction, id: number, holder: string, now: Date): Promise<boolean> {
      const changed = await held(db, id, holder).update({
        status: 'sent',
        sent_at: now,
        recipient: '',
        about: null,
        message: null,
        lease_holder: null,
        lease_until: null,
        last_error: null,
      });
      return Number(changed) > 0;
    },

    /** Claimed but not started (the worker is stopping): due again at once, the claim not counted as a try. */
    async release(db: Knex, ids: number[], holder: string): Promise<void> {
      if (ids.length === 0) return;
      await db(table)
        .whereIn('id', ids)
        .where({ status: 'sending', lease_holder: holder })
        .update({ status: 'pending', lease_holder: null, lease_until: null, attempts: db.raw('?? - 1', ['attempts']) });
    },

    /** Not taken this time: tried again at `at`. */
    retry: (db: Knex, id: number, holder: string, at: Date, error: string) =>
      held(db, id, holder).update({ status: 'pending', next_attempt_at: at, lease_holder: null, lease_until: null, last_error: error }),

    /** Given up: the address and the message go too; returns whether this worker still held the row. */
    async failed(trx: Knex.Transaction, id: number, holder: string, error: string): Promise<boolean> {
      const changed = await held(trx, id, holder).update({
        status: 'failed',
        recipient: '',
        about: null,
        message: null,
        lease_holder: null,
        lease_until: null,
        last_error: error,
      });
      return Number(changed) > 0;
    },

    /** How many e-mails are in each state, for `privacy.mail.status()` and the CLI. */
    async counts(db: Knex): Promise<Record<OutboxStatus, number>> {
      const rows: { status: OutboxStatus; n: number | string }[] = await db(table).where({ kind: 'mail' }).select('status').count({ n: '*' }).groupBy('status');
      const counts: Record<OutboxStatus, number> = { pending: 0, sending: 0, sent: 0, failed: 0 };
      for (const row of rows) if (row.status in counts) counts[row.status] = Number(row.n);
      return counts;
    },
  };
}

export type MailOutbox = ReturnType<typeof mailOutbox>;
