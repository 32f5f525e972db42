import type { Knex } from 'knex';
import { allTables } from './databases.js';
import { day, testEpoch } from './clock.js';

/** The clock the retention tests measure against: their shops' clocks stand here, and every date below is relative to it. */
export const now = testEpoch;
export const at = (iso: string) => new Date(`${iso}T12:00:00Z`);
export const daysAfter = (date: Date, days: number) => new Date(date.getTime() + days * day);

const customer = (email: string, first: string, created: string, lastLogin: string | null) => ({
  email,
  password_hash: 'scrypt$not-a-real-hash',
  first_name: first,
  last_name: 'Testa',
  phone: '+371 20 000 000',
  address: 'Rīga',
  created_at: at(created),
  last_login_at: lastLogin ? at(lastLogin) : null,
});

const order = (number: string, customerId: number | null, email: string, created: string) => ({
  number,
  customer_id: customerId,
  email,
  first_name: 'Pircējs',
  last_name: 'Testa',
  phone: '+371 20 000 001',
  address: 'Liepāja',
  total_cents: 4200,
  locale: 'lv',
  created_at: at(created),
});

/**
 * A shop with something due under every rule at `now` (2026-11-25), and something just inside
 * each period that must stay:
 * - accounts: anna (last login 4.5 years ago), carl (never logged in, signed up 2023-01-01) and
 *   dora (last login 2023-12-10, due within the 30-day warning) are warned; bob is active;
 * - orders: XP-1 (anna's, 2020) and XP-3 (a guest's, 2021-11-24) are past the 5 accounting
 *   years and anonymised; XP-2 (anna's, 2025) and XP-4 (2021-11-26) stay;
 * - the module's own: an expired link, an unconfirmed request, a closed request, a visitor's
 *   banner answer, each past its period, with a younger twin that stays.
 */
export async function seedRetention(knex: Knex) {
  const insertCustomer = async (row: ReturnType<typeof customer>) => {
    const [id] = await knex('customers').insert(row);
    return Number(id);
  };
  // Inserted in this order, one after the other.
  const ids = {
    anna: await insertCustomer(customer('anna@example.lv', 'Anna', '2020-01-01', '2022-06-01')),
    bob: await insertCustomer(customer('bob@example.lv', 'Bobs', '2021-01-01', '2025-06-01')),
    carl: await insertCustomer(customer('carl@example.lv', 'Kārlis', '2023-01-01', null)),
    dora: await insertCustomer(customer('dora@example.lv', 'Dora', '2019-01-01', '2023-12-10')),
  };
  const [productId] = await knex('products').pluck('id');
  for (const row of [
    order('XP-1', ids.anna, 'anna@example.lv', '2020-05-01'),
    order('XP-2', ids.anna, 'anna@example.lv', '2025-01-01'),
    order('XP-3', null, 'guest@example.lv', '2021-11-24'),
    order('XP-4', null, 'guest@example.lv', '2021-11-26'),
  ]) {
    const [orderId] = await knex('orders').insert(row);
    await knex('order_lines').insert({ order_id: orderId, product_id: productId, sku: 'BR-1', name: 'Bremžu kluči', quantity: 1, unit_price_cents: 4200 });
  }
  const [subjectId] = await knex('privacy_subjects').insert({
    email: 'anna@example.lv',
    customer_id: String(ids.anna),
    locale: 'lv',
    created_at: at('2020-01-01'),
    updated_at: at('2020-01-01'),
  });
  const token = (hash: string, expires: string) => ({
    token_hash: hash.padEnd(64, '0'),
    kind: 'unsubscribe',
    subject_id: subjectId,
    purpose: 'newsletter',
    locale: 'lv',
    created_at: at('2024-11-01'),
    expires_at: at(expires),
    used_at: null,
  });
  await knex('privacy_tokens').insert([token('a', '2026-11-10'), token('b', '2026-11-20')]);
  const request = (status: string, received: string, closed: string | null) => ({
    type: 'access',
    subject_id: null,
    email: 'guest@example.lv',
    email_hash: 'f'.repeat(64),
    locale: 'lv',
    status,
    channel: 'guest',
    received_at: at(received),
    verified_at: null,
    due_at: at(received),
    closed_at: closed ? at(closed) : null,
    updated_at: at(received),
  });
  await knex('privacy_requests').insert([
    request('awaiting_verification', '2026-11-10', null),
    request('awaiting_verification', '2026-11-22', null),
    request('done', '2022-12-01', '2023-01-01'),
    request('done', '2023-12-01', '2024-01-01'),
  ]);
  const banner = (receipt: string, created: string) => ({
    receipt_id: receipt,
    subject_id: null,
    visitor_id: `visitor-${receipt}`,
    purpose: 'analytics',
    event: 'granted',
    granted: true,
    policy_version: '2023-03-08',
    wording_hash: 'e'.repeat(64),
    source: 'banner',
    locale: 'lv',
    ip: '192.0.2.1',
    user_agent: 'Test',
    created_at: at(created),
  });
  await knex('privacy_consent_events').insert([banner('r-old', '2024-06-01'), banner('r-new', '2025-06-01')]);
  return { ids, subjectId: Number(subjectId) };
}

/** Every row of every table, as text: a dry run must leave all of it as it was. */
export async function everyTable(knex: Knex): Promise<Record<string, unknown[]>> {
  const names = await allTables(knex);
  const dump: Record<string, unknown[]> = {};
  for (const name of names.filter((n) => n !== 'shop_sessions')) dump[name] = await knex(name).select();
  return dump;
}
