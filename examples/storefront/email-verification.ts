import { createHash, randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import { t, type ShopLocale } from './messages.js';

/**
 * The shop's own "confirm your address" links. The link carries 32 random bytes (base64url);
 * the table keeps only their SHA-256, and the SHA-256 of the address the link was sent to, so
 * a link mailed to an old address cannot prove a new one. A link is used up by one conditional
 * UPDATE (two clicks racing: one wins) and expires after 24 hours.
 */
const table = 'customer_email_tokens';
export const verificationTtlMs = 24 * 60 * 60 * 1000;
/** A used or expired link is kept a week past its expiry, so a late click is told so rather than "unknown". */
const keepAfterExpiryMs = 7 * 24 * 60 * 60 * 1000;
const tokenPattern = /^[A-Za-z0-9_-]{43}$/;

export type VerificationProblem = 'unknown' | 'used' | 'expired';
export type Verification = { ok: true; customer: { id: number; email: string } } | { ok: false; problem: VerificationProblem };

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/** A new link for the customer's current address; old links of anyone's, long expired, go. */
export async function issueVerification(db: Knex | Knex.Transaction, customer: { id: number; email: string }, now = new Date()): Promise<string> {
  await db(table)
    .where('expires_at', '<', new Date(now.getTime() - keepAfterExpiryMs))
    .delete();
  const token = randomBytes(32).toString('base64url');
  await db(table).insert({
    token_hash: sha256(token),
    customer_id: customer.id,
    email_hash: sha256(customer.email),
    created_at: now,
    expires_at: new Date(now.getTime() + verificationTtlMs),
    used_at: null,
  });
  return token;
}

/** Whether the link is still good, changing nothing: for the page a mail scanner may open. */
export async function checkVerification(db: Knex | Knex.Transaction, token: unknown, now = new Date()): Promise<Verification> {
  const found = await linkOf(db, token);
  if (!found.ok) return found;
  if (found.row.used_at !== null) return { ok: false, problem: 'used' };
  const good = await db(table).where({ id: found.row.id }).whereNull('used_at').where('expires_at', '>', now).first('id');
  return good ? { ok: true, customer: found.customer } : { ok: false, problem: 'expired' };
}

/**
 * Uses the link up, for the customer whose address it proves. Call it in the transaction that
 * marks the address: rolled back, the link is good again.
 */
export async function useVerification(trx: Knex.Transaction, token: unknown, now = new Date()): Promise<Verification> {
  const found = await linkOf(trx, token);
  if (!found.ok) return found;
  const updated = await trx(table).where({ id: found.row.id }).whereNull('used_at').where('expires_at', '>', now).update({ used_at: now });
  if (updated === 1) return { ok: true, customer: found.customer };
  const row = await trx(table).where({ id: found.row.id }).first('used_at');
  return { ok: false, problem: row && row.used_at !== null ? 'used' : 'expired' };
}

async function linkOf(
  db: Knex | Knex.Transaction,
  token: unknown,
): Promise<{ ok: true; row: { id: number; used_at: unknown }; customer: { id: number; email: string } } | { ok: false; problem: VerificationProblem }> {
  if (typeof token !== 'string' || !tokenPattern.test(token)) return { ok: false, problem: 'unknown' };
  const row = await db(table)
    .where({ token_hash: sha256(token) })
    .first('id', 'customer_id', 'email_hash', 'used_at');
  if (!row) return { ok: false, problem: 'unknown' };
  const customer = await db('customers').where({ id: row.customer_id }).first('id', 'email');
  // The address changed since the link was sent: it proves nothing about the new one.
  if (!customer || sha256(customer.email) !== row.email_hash) return { ok: false, problem: 'expired' };
  return { ok: true, row: { id: row.id, used_at: row.used_at }, customer: { id: Number(customer.id), email: customer.email } };
}

/** The "confirm your address" e-mail, in the shopper's language. */
export function verificationMail(o: { email: string; firstName: string; locale: ShopLocale; url: string }) {
  const paragraphs = [
    t(o.locale, 'mail.verify.greeting', { name: o.firstName }),
    t(o.locale, 'mail.verify.intro'),
    o.url,
    t(o.locale, 'mail.verify.expiry'),
    t(o.locale, 'mail.verify.notYou'),
  ];
  const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  return {
    from: 'xparts.lv <info@xparts.lv>',
    to: o.email,
    subject: t(o.locale, 'mail.verify.subject'),
    text: paragraphs.join('\n\n'),
    html: paragraphs.map((p) => (p === o.url ? `<p><a href="${escape(p)}">${escape(p)}</a></p>` : `<p>${escape(p)}</p>`)).join(''),
  };
}
