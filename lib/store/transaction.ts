import type { Knex } from 'knex';

/**
 * Runs `work` in the caller's transaction when one is given (so the shop's own rows and the
 * module's commit or roll back together), else in a new one. `afterCommit` callbacks run once
 * the outermost transaction has committed, and never if it rolls back.
 */
export async function inTransaction<T>(
  db: Knex,
  trx: Knex.Transaction | undefined,
  work: (trx: Knex.Transaction, afterCommit: (fn: () => void) => void) => Promise<T>,
): Promise<T> {
  const callbacks: (() => void)[] = [];
  const afterCommit = (fn: () => void) => callbacks.push(fn);
  if (trx) {
    const result = await work(trx, afterCommit);
    trx.executionPromise.then(
      () => callbacks.forEach((fn) => fn()),
      () => undefined,
    );
    return result;
  }
  const result = await db.transaction((own) => work(own, afterCommit));
  callbacks.forEach((fn) => fn());
  return result;
}
