import { createHash } from 'node:crypto';
import { domainToASCII } from 'node:url';

/**
 * The e-mail address as the subject's key: trimmed, lower-case, domain in ASCII (IDN as
 * punycode), so "Anna@Piemērs.lv " and "anna@xn--piemrs-m7a.lv" are one person.
 * Returns null for anything that is not a plausible address.
 */
export function normaliseEmail(input: unknown): string | null {
  if (typeof input !== 'string') return null;
  const trimmed = input.trim();
  if (trimmed.length > 254 || /[\s<>()[\],;:"\\\u0000-\u001f\u007f]/.test(trimmed)) return null;
  const at = trimmed.lastIndexOf('@');
  if (at < 1 || at === trimmed.length - 1) return null;
  const local = trimmed.slice(0, at);
  const domain = domainToASCII(trimmed.slice(at + 1).toLowerCase());
  if (!domain || local.length > 64 || local.includes('@') || !/^[a-z0-9.-]+\.[a-z0-9-]{2,}$/.test(domain)) return null;
  // "a..b@x.lv", ".a@x.lv", "a@x..lv", "a@-x.lv": no mail system delivers these.
  if (/^\.|\.$|\.\./.test(local) || domain.split('.').some((label) => label === '' || label.length > 63 || label.startsWith('-') || label.endsWith('-'))) return null;
  return `${local.toLowerCase()}@${domain}`;
}

/** SHA-256 of the normalised address: what the suppression list keeps instead of the address. */
export function emailHash(normalisedEmail: string): string {
  return createHash('sha256').update(normalisedEmail, 'utf8').digest('hex');
}
