import { createHmac } from 'node:crypto';
import type { Knex } from 'knex';
import type { ClientRateLimitInfo, Options, Store } from 'express-rate-limit';
import { isMysql } from '../store/database.js';

/**
 * express-rate-limit's counters in the module's database, so every instance of the shop
 * counts the same hits (a memory store would give each instance its own allowance). Keys
 * are HMACs: the table never holds an address or an IP in clear.
 */
export class DatabaseRateLimitStore implements Store {
  readonly localKeys = false;
  private windowMs = 60_000;

  constructor(
    private readonly db: Knex,
    private readonly table: string,
    private readonly secret: string,
    readonly prefix: string,
  ) {}

  init(options: Options): void {
    this.windowMs = options.windowMs;
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

  async increment(key: string): Promise<ClientRateLimitInfo> {
    const id = this.keyOf(key);
    return this.db.transaction(async (trx) => {
      const now = new Date();
      const fresh = new Date(now.getTime() + this.windowMs);
      await trx(this.table).insert({ key: id, hits: 0, reset_at: fresh }).onConflict('key').ignore();
      // A locking read on MariaDB, so two instances counting the same key at once both count.
      const query = trx(this.table).where({ key: id }).first<{ hits: number; reset_at: unknown }>('hits', 'reset_at');
      const row = await (isMysql(this.db) ? query.forUpdate() : query);
      const resetAt = new Date(row.reset_at as string | number | Date);
      const expired = resetAt.getTime() <= now.getTime();
      const info = { totalHits: expired ? 1 : Number(row.hits) + 1, resetTime: expired ? fresh : resetAt };
      await trx(this.table).where({ key: id }).update({ hits: info.totalHits, reset_at: info.resetTime });
      return info;
    });
  }

  async decrement(key: string): Promise<void> {
    await this.db(this.table)
      .where({ key: this.keyOf(key) })
      .where('hits', '>', 0)
      .decrement('hits', 1);
  }

  async resetKey(key: string): Promise<void> {
    await this.db(this.table)
      .where({ key: this.keyOf(key) })
      .delete();
  }
}
