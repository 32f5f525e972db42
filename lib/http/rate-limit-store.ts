import { createHmac } from 'node:crypto';
import type { Knex } from 'knex';
import type { ClientRateLimitInfo, Options, Store } from 'express-rate-limit';
import { isMysql } from '../store/database.js';
import { parseClock } from '../store/time.js';

/**
 * express-rate-limit's counters in the module's database, so every instance of the shop
 * counts the same hits (a memory store would give each instance its own allowance). Keys
 * are HMACs: the table never holds an address or an IP in clear.
 */
/** Counters past their limit one instance remembers at most. */
const maxRemembered = 10_000;

export class DatabaseRateLimitStore implements Store {
  readonly localKeys = false;
  private windowMs = 60_000;
  private limit: number | null = null;
  /**
   * Counters this instance has seen past their limit, until their window ends: a flood's further
   * hits are refused without a statement (its count only grows, so no other instance can bring
   * it back under). Bounded: the oldest go first.
   */
  private readonly over = new Map<string, ClientRateLimitInfo>();

  constructor(
    private readonly db: Knex,
    private readonly table: string,
    private readonly secret: string,
    readonly prefix: string,
  ) {}

  init(options: Pick<Options, 'windowMs'> & Partial<Pick<Options, 'limit'>>): void {
    this.windowMs = options.windowMs;
    this.limit = typeof options.limit === 'number' ? options.limit : null;
  }

  private keyOf(key: string): string {
    return `${this.prefix}:${createHmac('sha256', this.secret).update(key).digest('base64url')}`.slice(0, 96);
  }

  async get(key: string): Promise<ClientRateLimitInfo | undefined> {
    const row = await this.db(this.table)
      .where({ key: this.keyOf(key) })
      .first<{ hits: number; reset_at: unknown } | undefined>('hits', 'reset_at');
    if (!row) return undefined;
    const resetTime = new Date(row.reset_at as string | number | Date);
    return resetTime.getTime() <= Date.now() ? undefined : { totalHits: Number(row.hits), resetTime };
  }

  /**
   * One statement per hit, so concurrent hits on one key neither deadlock nor lose a count
   * (issue 18: the insert, locking select and update of before deadlocked on MariaDB). The
   * window's reset is part of the statement: a row past its reset starts again at 1.
   */
  async increment(key: string): Promise<ClientRateLimitInfo> {
    const id = this.keyOf(key);
    const now = new Date();
    const known = this.over.get(id);
    if (known?.resetTime && known.resetTime > now) {
      known.totalHits += 1;
      return { ...known };
    }
    this.over.delete(id);
    const fresh = new Date(now.getTime() + this.windowMs);
    const counted = await (isMysql(this.db) ? this.incrementMysql(id, now, fresh) : this.incrementSqlite(id, now, fresh));
    if (this.limit !== null && counted.totalHits > this.limit) {
      if (this.over.size >= maxRemembered) this.over.delete(this.over.keys().next().value ?? '');
      this.over.set(id, { ...counted });
    }
    return counted;
  }

  private async incrementSqlite(id: string, now: Date, fresh: Date): Promise<ClientRateLimitInfo> {
    // SQLite evaluates every SET against the row as it was, and RETURNING gives the counted row.
    const rows = (await this.db.raw(
      `insert into ?? (??, ??, ??) values (?, 1, ?) on conflict (??) do update set
         ?? = case when ?? <= ? then 1 else ?? + 1 end,
         ?? = case when ?? <= ? then excluded.?? else ?? end
       returning ??, ??`,
      [
        this.table,
        'key',
        'hits',
        'reset_at',
        id,
        fresh,
        'key',
        'hits',
        'reset_at',
        now,
        'hits',
        'reset_at',
        'reset_at',
        now,
        'reset_at',
        'reset_at',
        'hits',
        'reset_at',
      ],
    )) as { hits: number; reset_at: unknown }[];
    const [row] = rows;
    if (!row) throw new Error('express-shop-privacy: the rate-limit counter returned no row');
    return { totalHits: Number(row.hits), resetTime: parseClock(row.reset_at) ?? fresh };
  }

  private async incrementMysql(id: string, now: Date, fresh: Date): Promise<ClientRateLimitInfo> {
    // MySQL assigns left to right: `hits` is decided on the old `reset_at` before it moves.
    // LAST_INSERT_ID(expr) hands the new count back in this statement's own result, so no
    // second read (and no lock) is needed for it.
    const [result] = (await this.db.raw(
      `insert into ?? (??, ??, ??) values (?, 1, ?) on duplicate key update
         ?? = if(?? <= ?, last_insert_id(1), last_insert_id(?? + 1)),
         ?? = if(?? <= ?, ?, ??)`,
      [this.table, 'key', 'hits', 'reset_at', id, fresh, 'hits', 'reset_at', now, 'hits', 'reset_at', 'reset_at', now, fresh, 'reset_at'],
    )) as [{ affectedRows: number; insertId: number }];
    // One affected row is a new counter; two, an existing one counted on.
    if (result.affectedRows === 1) return { totalHits: 1, resetTime: fresh };
    const totalHits = Number(result.insertId);
    // The window's end only feeds the RateLimit header: a plain read, no lock.
    const row = await this.db(this.table).where({ key: id }).first<{ reset_at: unknown } | undefined>('reset_at');
    return { totalHits, resetTime: parseClock(row?.reset_at) ?? fresh };
  }

  async decrement(key: string): Promise<void> {
    this.over.delete(this.keyOf(key));
    await this.db(this.table)
      .where({ key: this.keyOf(key) })
      .where('hits', '>', 0)
      .decrement('hits', 1);
  }

  async resetKey(key: string): Promise<void> {
    this.over.delete(this.keyOf(key));
    await this.db(this.table)
      .where({ key: this.keyOf(key) })
      .delete();
  }
}
