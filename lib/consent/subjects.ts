import type { Knex } from 'knex';
import type { AuditTrail } from '../audit/trail.js';
import type { Locale } from '../options/locales.js';
import type { ConsentPlace } from '../options/schema.js';
import { normaliseEmail } from '../subjects/email.js';
import type { SubjectRow, SubjectsRepository } from '../subjects/repository.js';
import { InvalidInputError } from './errors.js';
import type { ShopperAccount, SubjectRef } from './types.js';

/** Whose record a consent call reads or writes: the subject a reference names, or the one a checkout's answers belong to. */
export function consentSubjects(subjects: SubjectsRepository, audit: AuditTrail) {
  async function resolve(trx: Knex | Knex.Transaction, ref: SubjectRef): Promise<SubjectRow | undefined> {
    if (typeof ref === 'string' || 'email' in ref) {
      const email = normaliseEmail(typeof ref === 'string' ? ref : ref.email);
      return email ? subjects.findByEmail(trx, email) : undefined;
    }
    if ('customerId' in ref) return subjects.findByCustomer(trx, String(ref.customerId));
    return subjects.findById(trx, ref.subjectId);
  }

  async function subjectFor(trx: Knex.Transaction, ref: SubjectRef, locale: Locale, now: Date): Promise<SubjectRow> {
    if (typeof ref === 'string' || 'email' in ref) {
      const email = normaliseEmail(typeof ref === 'string' ? ref : ref.email);
      if (!email) throw new InvalidInputError('not a valid e-mail address');
      return subjects.findOrCreate(trx, email, null, locale, now);
    }
    const found = await resolve(trx, ref);
    if (!found) throw new InvalidInputError('no such subject');
    return found;
  }

  /**
   * Whose answers a checkout or signup records. A guest's are the address's own record's (one
   * statement). A logged-in customer's are their own record's, made from their own address,
   * whatever address the order gives: typing another customer's address takes nothing of theirs,
   * and staff find a note of it on that customer's record.
   */
  async function answeringSubject(
    trx: Knex.Transaction,
    email: string,
    customer: ShopperAccount | null,
    place: ConsentPlace,
    locale: Locale,
    now: Date,
  ): Promise<SubjectRow> {
    if (!customer) return { id: await subjects.upsert(trx, email, null, locale, now), email, customer_id: null, customer_key: '', locale };
    const given = normaliseEmail(customer.email);
    const own = given ?? email;
    // The shop's proof is about the customer's own address; with none given it proves nothing.
    const subject = await subjects.forCustomer(trx, String(customer.id), own, customer.emailVerified === true && given !== null, locale, now);
    if (email !== subject.email) {
      const other = await subjects.findOtherCustomerAt(trx, email, String(customer.id));
      if (other)
        await audit.record(trx, {
          actor: { type: 'shopper', id: String(customer.id) },
          action: 'subject.address_used_by_another',
          subjectId: other.id,
          details: { place },
        });
    }
    return subject;
  }

  return { resolve, subjectFor, answeringSubject };
}
