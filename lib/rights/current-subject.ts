import type { Request } from 'express';
import type { Knex } from 'knex';
import type { CurrentCustomer, ResolvedOptions } from '../options/schema.js';
import { normaliseEmail } from '../subjects/email.js';
import type { SubjectsRepository } from '../subjects/repository.js';
import type { SubjectKey } from '../sources/repository.js';

/**
 * The logged-in shopper as a subject, from the host's `currentCustomer(req)` only: nothing in
 * the request can name anyone else. A customer the module never recorded still has the
 * shop's own rows; id 0 stands for "no module records".
 */
export function currentSubject(db: Knex, options: ResolvedOptions, subjects: SubjectsRepository) {
  return async function subjectOf(req: Request): Promise<SubjectKey | null> {
    const customer = (await options.currentCustomer(req)) as CurrentCustomer | null;
    const email = customer ? normaliseEmail(customer.email) : null;
    if (!customer || !email) return null;
    const known = (await subjects.findByCustomer(db, String(customer.id))) ?? (await subjects.findByEmail(db, email));
    return { id: known?.id ?? 0, email, customerId: String(customer.id) };
  };
}
