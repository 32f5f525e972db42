import { createHash, createHmac } from 'node:crypto';
import { domainToASCII, domainToUnicode } from 'node:url';

/**
 * The e-mail address as the subject's key: trimmed, lower-case, domain in ASCII (IDN as
 * punycode), so "Anna@Piemērs.lv " and "anna@xn--piemrs-m7a.lv" are one person.
 * Returns null for anything that is not a plausible address.
 */
export function normaliseEmail(input: unknown): string | null {
  if (typeof input !== 'string') return null;
  const trimmed = input.trim();
  if (invisible.test(trimmed)) return null;
  if (trimmed.length > 254 || /[\s<>()[\],;:"\\\p{Cc}]/u.test(trimmed)) return null;
  const at = trimmed.lastIndexOf('@');
  if (at < 1 || at === trimmed.length - 1) return null;
  const local = trimmed.slice(0, at);
  const domain = domainToASCII(trimmed.slice(at + 1).toLowerCase());
  if (!domain || local.length > 64 || local.includes('@') || !/^[a-z0-9.-]+\.[a-z0-9-]{2,}$/.test(domain)) return null;
  // "a..b@x.lv", ".a@x.lv", "a@x..lv", "a@-x.lv": no mail system delivers these.
  if (/^\.|\.$|\.\./.test(local) || domain.split('.').some((label) => label === '' || label.length > 63 || label.startsWith('-') || label.endsWith('-')))
    return null;
  return `${local.toLowerCase()}@${domain}`;
}

/**
 * Characters nobody sees: control characters (Cc), format characters (Cf: zero-width spaces and
 * joiners, bidi overrides, the soft hyphen, the byte-order mark) and line separators. In an
 * address they make a second subject that looks exactly like the first to staff and shopper.
 */
const invisible = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u;

/** Whether a text holds characters nobody sees (see above): for a host's own forms too. */
export function hasInvisibleCharacters(text: string): boolean {
  return invisible.test(text);
}

/** Why an address was refused, as a message key: invisible characters get their own words. */
export function emailErrorKey(input: unknown): 'rectify.invalid.emailInvisible' | 'rectify.invalid.email' {
  return typeof input === 'string' && invisible.test(input.trim()) ? 'rectify.invalid.emailInvisible' : 'rectify.invalid.email';
}

/**
 * The spellings a shop's own row may hold for a normalised address: as normalised (ASCII
 * domain) and with its domain in Unicode, both lower-case. A data source is matched on these.
 */
export function emailForms(normalised: string): string[] {
  const at = normalised.lastIndexOf('@');
  const unicode = `${normalised.slice(0, at)}@${domainToUnicode(normalised.slice(at + 1))}`;
  return unicode === normalised ? [normalised] : [normalised, unicode];
}

/** How the module keeps an address it must not keep in clear: see `addressHasher`. */
export type AddressHash = (normalisedEmail: string) => string;

/**
 * What the suppression list and an erased person's requests keep instead of the address: an
 * HMAC of its SHA-256 under a key derived from the module's secret. A plain hash could be
 * reversed by hashing a list of likely addresses; this one only with the secret. (The SHA-256
 * inside lets a migration re-key hashes kept before, without knowing any address.)
 */
export function addressHasher(secret: string): AddressHash {
  const key = createHmac('sha256', secret).update('express-shop-privacy/address-hash/v1').digest();
  return (normalisedEmail) => createHmac('sha256', key).update(createHash('sha256').update(normalisedEmail, 'utf8').digest('hex')).digest('hex');
}
