import type { Knex } from 'knex';
import type { ConsentPlace } from '../options/schema.js';
import { normaliseEmail } from '../subjects/email.js';
import type { TableNames } from '../store/tables.js';
import { InvalidInputError } from './errors.js';
import { hookCalls, maxShopRef, type HookAnswer } from './hook-calls.js';
import type { ConsentService, RecordHow } from './service.js';

/**
 * What an after-commit call answers: what it recorded, or what the call that recorded it did.
 * `subjectId` is null when nothing could be recorded (the address is not one); `problems` lists,
 * by field, what was sent but could not be recorded.
 */
export interface RecordedAfterCommit extends HookAnswer {
  /** This call recorded the answers (false for a repeated call, or when nothing could be recorded). */
  recorded: boolean;
  /** An earlier call recorded this order or account: nothing new was written, and its answer is given again. */
  alreadyRecorded: boolean;
}

/**
 * After-commit mode, for a shop that cannot pass its transaction: its order or account is
 * committed already, so a call records at most once per shop id (a retry, two instances), and
 * never fails the shop for what the shopper sent: it records what it can and reports the rest.
 * Only a database that cannot be reached throws, and then nothing was written: calling again is safe.
 */
export function afterCommitRecorder(db: Knex, tables: TableNames, clock: () => Date, consents: ConsentService) {
  const calls = hookCalls(tables);
  return async function recordAfterCommit(
    place: ConsentPlace,
    shopId: unknown,
    input: Parameters<ConsentService['recordAt']>[1],
    alongside: RecordHow['alongside'],
  ): Promise<RecordedAfterCommit> {
    // A missing id is the shop's code, not its shopper's: said loudly, before anything is written.
    const ref = typeof shopId === 'number' || typeof shopId === 'string' ? String(shopId) : '';
    if (ref === '' || ref.length > maxShopRef)
      throw new InvalidInputError(
        `{ afterCommit: true } needs the shop's ${place === 'checkout' ? 'order.id' : 'customer.id'} (a string or number of at most ${maxShopRef} characters): it is what makes a second call record nothing`,
      );
    const nothing = { subjectId: null, granted: [], notGranted: [], toConfirm: [] };
    // Nothing can be recorded without an address; the id stays free for a call with a corrected one.
    if (!normaliseEmail(input.email)) return { ...nothing, problems: [{ code: 'email_invalid' }], recorded: false, alreadyRecorded: false };
    const mine = await db.transaction(async (trx) => {
      if (!(await calls.claim(trx, place, ref, clock()))) return null;
      const recorded = await consents.recordAt(place, input, trx, { lenient: true, ...(alongside ? { alongside } : {}) });
      await calls.answer(trx, place, ref, recorded);
      return recorded;
    });
    if (mine) return { ...mine, recorded: true, alreadyRecorded: false };
    const first = await calls.answerOf(db, place, ref);
    return { ...(first ?? { ...nothing, problems: [] }), recorded: false, alreadyRecorded: true };
  };
}

export type RecordAfterCommit = ReturnType<typeof afterCommitRecorder>;
