import type { CookieChoice } from './choice.js';

/** Consent cookie values whose signature checked out, and what they hold. */
export interface VerifiedCookies {
  get(raw: string): CookieChoice | undefined;
  remember(raw: string, choice: CookieChoice): void;
  readonly size: number;
}

interface Entry {
  raw: string;
  choice: CookieChoice;
  older: Entry | undefined;
  newer: Entry | undefined;
}

/**
 * Least recently used, so the visitors browsing now stay however many passed through before
 * them; `capacity` (`cookies.verifiedCacheSize`) bounds the memory, 0 checks every read. The
 * key is the whole signed value: a value that differs by one character, signature included,
 * is another key and is checked afresh.
 *
 * The order is a linked list beside the Map rather than the Map's own insertion order: taking
 * a Map's first key after many deletions walks past every deleted slot (8–12 µs a miss at
 * 20,000 visitors, more than the signature check it saves).
 */
export function verifiedCookies(capacity: number): VerifiedCookies {
  const entries = new Map<string, Entry>();
  let oldest: Entry | undefined;
  let newest: Entry | undefined;

  const unlink = (entry: Entry) => {
    if (entry.older) entry.older.newer = entry.newer;
    else oldest = entry.newer;
    if (entry.newer) entry.newer.older = entry.older;
    else newest = entry.older;
  };
  const append = (entry: Entry) => {
    entry.older = newest;
    entry.newer = undefined;
    if (newest) newest.newer = entry;
    else oldest = entry;
    newest = entry;
  };

  return {
    get(raw) {
      const entry = entries.get(raw);
      if (entry === undefined) return undefined;
      if (entry !== newest) {
        unlink(entry);
        append(entry);
      }
      return entry.choice;
    },
    remember(raw, choice) {
      if (capacity === 0) return;
      const known = entries.get(raw);
      if (known) {
        known.choice = choice;
        unlink(known);
        append(known);
        return;
      }
      if (entries.size >= capacity && oldest) {
        entries.delete(oldest.raw);
        unlink(oldest);
      }
      const entry: Entry = { raw, choice, older: undefined, newer: undefined };
      entries.set(raw, entry);
      append(entry);
    },
    get size() {
      return entries.size;
    },
  };
}
