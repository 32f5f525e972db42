import type { Request } from 'express';
import type { Knex } from 'knex';
import type { CurrentCustomer, ResolvedOptions } from '../options/schema.js';
import type { ConsentFollowUps } from '../consent/follow-up.js';
import type { GuestRequests } from '../requests/guest.js';
import { guestSessionCookie } from '../requests/guest-session.js';
import type { RightContext } from '../requests/types.js';
import { normaliseEmail } from '../subjects/email.js';
import type { SubjectsRepository } from '../subjects/repository.js';
import type { SubjectKey } from '../sources/repository.js';
import { parseClock } from '../store/time.js';

/** The shopper a page is about, and how they proved it: logged in, or a verified e-mail link. */
export interface CurrentSubject extends SubjectKey {
  context: RightContext;
  guestToken?: string;
}

/**
 * The shopper as a subject, from the host's `currentCustomer(req)` or, for a guest, the
 * verified session their e-mail link opened: nothing in the request can name anyone else.
 * A logged-in customer is their own record, found by customer id: after a change of address
 * the module proved, that record's address, not a session that still holds the old one. What
 * the address holds without an account is theirs only once the address is proven. A customer
 * the module never recorded still has the shop's own rows; id null stands for "no module records".
 */
export function currentSubject(
  db: Knex,
  options: Pick<ResolvedOptions, 'currentCustomer' | 'logger'>,
  subjects: SubjectsRepository,
  guests: GuestRequests,
  followUps: Pick<ConsentFollowUps, 'settle'>,
) {
  const guestSession = guestSessionCookie('/');
  let warned = false;
  return async function subjectOf(req: Request): Promise<CurrentSubject | null> {
    const customer = (await options.currentCustomer(req)) as CurrentCustomer | null;
    const given = customer ? normaliseEmail(customer.email) : null;
    if (customer && !given && !warned) {
      // Otherwise a logged-in shopper is sent to the guests' form with no word why.
      warned = true;
      options.logger.warn(
        '[express-shop-privacy] currentCustomer(req) gave a logged-in customer without an e-mail address: the privacy pages treat them as a visitor. Return { id, email, emailVerified } (docs/api.md, "Who the shopper is").',
      );
    }
    if (customer && given) {
      const customerId = String(customer.id);
      // A checkout recorded in one statement a moment ago is followed up first: the page shows its answers.
      await followUps.settle({ email: given, customerId });
      const own = await subjects.findByCustomer(db, customerId);
      const confirmed = parseClock(own?.email_confirmed_at) !== null;
      const email = own && own.email !== given && confirmed ? own.email : given;
      const emailVerified = (email === given && customer.emailVerified === true) || (own?.email === email && confirmed);
      // No record of theirs yet, but a proven address: its own record is theirs (linked on the first write).
      const address = !own && emailVerified ? await subjects.findByEmail(db, email) : undefined;
      const id = own?.id ?? (address && (address.customer_id === null || address.customer_id === customerId) ? address.id : null);
      return { id, email, customerId, emailVerified, context: { actor: { type: 'shopper', id: customerId }, channel: 'account' } };
    }
    const token = guestSession.read(req);
    const guest = await guests.sessionOf(token);
    if (!guest) return null;
    await followUps.settle({ email: guest.subject.email });
    return { ...guest.subject, guestToken: token, context: { actor: { type: 'shopper' }, channel: 'guest', requestId: guest.requestId } };
  };
}

export type SubjectOf = ReturnType<typeof currentSubject>;
