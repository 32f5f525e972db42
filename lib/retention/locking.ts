import type { Knex } from 'knex';
import { isMysql } from '../store/database.js';

/** How concurrent runs keep off each other's rows. */
export type Locking = 'skip-locked' | 'lease';

/** SKIP LOCKED where the server has it (MySQL 8.0+, MariaDB 10.6+); a lease row elsewhere, SQLite included. */
export async function lockingOf(db: Knex): Promise<Locking> {
  if (!isMysql(db)) return 'lease';
  const result = await db.raw('SELECT VERSION() AS version');
  const version = String((result as [{ version: string }[]])[0][0]?.version ?? '');
  const [major = 0, minor = 0] = version.split(/[.-]/).map(Number);
  if (/mariadb/i.test(version)) return major > 10 || (major === 10 && minor >= 6) ? 'skip-locked' : 'lease';
  return major >= 8 ? 'skip-locked' : 'lease';
}

/** Deadlocks and lock waits (MySQL) and a busy database (SQLite): a batch is redone, not failed. */
function isConflict(err: unknown): boolean {
  const e = err as { errno?: number; code?: string };
  return e?.errno === 1213 || e?.errno === 1205 || (typeof e?.code === 'string' && e.code.startsWith('SQLITE_BUSY'));
}

/** Runs a batch's transaction, trying again after a lock conflict: each batch is all or nothing, so a retry is safe. */
export async function retryingConflicts<T>(work: () => Promise<T>, attempts = 6): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (err) {
      if (!isConflict(err) || attempt >= attempts) throw err;
      await new Promise((resolve) => setTimeout(resolve, 25 * 2 ** attempt * (0.5 + Math.random())));
    }
  }
}
