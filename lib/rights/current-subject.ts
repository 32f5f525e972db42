import type { Request } from 'express';
import type { Knex } from 'knex';
import { readCookie } from '../cookies/choice.js';
import type { CurrentCustomer, ResolvedOptions } from '../options/schema.js';
import type { GuestRequests } from '../requests/guest.js';
import type { RightContext } from '../requests/types.js';
import { normaliseEmail } from '../subjects/email.js';
import type { SubjectsRepository } from '../subjects/repository.js';
import type { SubjectKey } from '../sources/repository.js';

/** The cookie that carries a verified guest's session token (random, stored hashed, 30 minutes). */
export const guestCookie = 'privacy_guest';

/** The shopper a page is about, and how they proved it: logged in, or a verified e-mail link. */
export interface CurrentSubject extends SubjectKey {
  context: RightContext;
  guestToken?: string;
}

/**
 * The shopper as a subject, from the host's `currentCustomer(req)` or, for a guest, the
 * verified session their e-mail link opened: nothing in the request can name anyone else.
 * A customer the module never recorded still has the shop's own rows; id 0 stands for
 * "no module records".
 */
export function currentSubject(db: Knex, options: ResolvedOptions, subjects: SubjectsRepository, guests: GuestRequests) {
  return async function subjectOf(req: Request): Promise<CurrentSubject | null> {
    const customer = (await options.currentCustomer(req)) as CurrentCustomer | null;
    const email = customer ? normaliseEmail(customer.email) : null;
    if (customer && email) {
      const known = (await subjects.findByCustomer(db, String(customer.id))) ?? (await subjects.findByEmail(db, email));
      return { id: known?.id ?? 0, email, customerId: String(customer.id), context: { actor: { type: 'shopper', id: String(customer.id) }, channel: 'account' } };
    }
    const token = readCookie(req.headers.cookie, guestCookie);
    const guest = await guests.sessionOf(token);
    if (!guest) return null;
    return { ...guest.subject, guestToken: token, context: { actor: { type: 'shopper' }, channel: 'guest', requestId: guest.requestId } };
  };
}

export type SubjectOf = ReturnType<typeof currentSubject>;
