import type { Knex } from 'knex';
import { normaliseEmail } from '../../index.js';

/**
 * Who is staff: a role an operator grants to a customer (`customers.is_staff`), never an
 * address someone can type at signup. Read from the database on each request, so revoking it
 * closes the staff pages at once, in every session and on every instance.
 */
export async function isStaffMember(knex: Knex, customerId: number | undefined): Promise<boolean> {
  if (customerId === undefined) return false;
  const row = await knex('customers').where({ id: customerId }).first('is_staff');
  return Boolean(row?.is_staff);
}

/** `'unknown'`: no customer has that address (they sign up first; then the role is granted). */
export type StaffChange = 'granted' | 'revoked' | 'unchanged' | 'unknown';

/** Grants or revokes the staff role of the customer with this address: what `npm run staff` does. */
export async function setStaffRole(knex: Knex, address: string, role: 'grant' | 'revoke'): Promise<StaffChange> {
  const email = normaliseEmail(address);
  const customer = email ? await knex('customers').where({ email }).first('id', 'is_staff') : undefined;
  if (!customer) return 'unknown';
  const staff = role === 'grant';
  if (Boolean(customer.is_staff) === staff) return 'unchanged';
  await knex('customers').where({ id: customer.id }).update({ is_staff: staff });
  return staff ? 'granted' : 'revoked';
}
