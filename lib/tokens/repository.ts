import { createHash, randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import type { TableNames } from '../store/tables.js';
import type { Clock } from '../store/time.js';

export type TokenKind = 'newsletter_confirm' | 'unsubscribe' | 'email_change' | 'request_verify' | 'guest_session';

export interface TokenRow {
  id: number;
  kind: TokenKind;
  subject_id: number;
  purpose: string | null;
  locale: string;
  payload: string | null;
}

export type TokenProblem = 'unknown' | 'used' | 'expired';

/** A token as it travels in a link: 32 random bytes, base64url. Only its hash is stored. */
export const tokenPattern = /^[A-Za-z0-9_-]{43}$/;

function hash(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Single-use, expiring tokens e-mailed to a subject; the table keeps only their SHA-256. */
export function tokensRepository(tables: TableNames, clock: Clock) {
  return {
    async issue(
      db: Knex | Knex.Transaction,
      input: { kind: TokenKind; subjectId: number; purpose: string | null; locale: string; ttlMs: number; payload?: string },
      now = clock(),
    ): Promise<string> {
      const token = randomBytes(32).toString('base64url');
      await db(tables.tokens).insert({
        token_hash: hash(token),
        kind: input.kind,
        subject_id: input.subjectId,
        purpose: input.purpose,
        locale: input.locale,
        created_at: now,
        expires_at: new Date(now.getTime() + input.ttlMs),
        used_at: null,
        payload: input.payload ?? null,
      });
      return token;
    },

    /**
     * Uses a token up: exactly one caller succeeds, even when two clicks race, because the
     * update only matches a row that is still unused and unexpired.
     */
    async consume(
      db: Knex | Knex.Transaction,
      kind: TokenKind,
      token: string,
      now = clock(),
    ): Promise<{ ok: true; row: TokenRow } | { ok: false; problem: TokenProblem; row?: TokenRow }> {
      if (!tokenPattern.test(token)) return { ok: false, problem: 'unknown' };
      const tokenHash = hash(token);
      const updated = await db(tables.tokens)
        .where({ token_hash: tokenHash, kind })
        .whereNull('used_at')
        .where('expires_at', '>', now)
        .update({ used_at: now });
      const row = await db(tables.tokens)
        .where({ token_hash: tokenHash, kind })
        .first<(TokenRow & { used_at: unknown; expires_at: unknown }) | undefined>(
          'id',
          'kind',
          'subject_id',
          'purpose',
          'locale',
          'payload',
          'used_at',
          'expires_at',
        );
      if (!row) return { ok: false, problem: 'unknown' };
      const clean: TokenRow = { id: row.id, kind: row.kind, subject_id: row.subject_id, purpose: row.purpose, locale: row.locale, payload: row.payload };
      if (updated === 1) return { ok: true, row: clean };
      return { ok: false, problem: row.used_at !== null ? 'used' : 'expired', row: clean };
    },

    /**
     * What consume() would answer, without using the token up: the page a link opens reads only,
     * because mail scanners open links; the button on it spends the token.
     */
    async check(
      db: Knex | Knex.Transaction,
      kind: TokenKind,
      token: string,
      now = clock(),
    ): Promise<{ ok: true; row: TokenRow } | { ok: false; problem: TokenProblem; row?: TokenRow }> {
      if (!tokenPattern.test(token)) return { ok: false, problem: 'unknown' };
      const good = await db(tables.tokens)
        .where({ token_hash: hash(token), kind })
        .whereNull('used_at')
        .where('expires_at', '>', now)
        .first<TokenRow | undefined>('id', 'kind', 'subject_id', 'purpose', 'locale', 'payload');
      if (good) return { ok: true, row: good };
      const row = await db(tables.tokens)
        .where({ token_hash: hash(token), kind })
        .first<(TokenRow & { used_at: unknown }) | undefined>('id', 'kind', 'subject_id', 'purpose', 'locale', 'payload', 'used_at');
      if (!row) return { ok: false, problem: 'unknown' };
      const clean: TokenRow = { id: row.id, kind: row.kind, subject_id: row.subject_id, purpose: row.purpose, locale: row.locale, payload: row.payload };
      return { ok: false, problem: row.used_at !== null ? 'used' : 'expired', row: clean };
    },

    /** A token that is still good, without using it up: a guest's verified session, looked up on each page. */
    async find(db: Knex | Knex.Transaction, kind: TokenKind, token: string, now = clock()): Promise<TokenRow | undefined> {
      if (!tokenPattern.test(token)) return undefined;
      return db(tables.tokens)
        .where({ token_hash: hash(token), kind })
        .whereNull('used_at')
        .where('expires_at', '>', now)
        .first<TokenRow | undefined>('id', 'kind', 'subject_id', 'purpose', 'locale', 'payload');
    },

    /** Ends a token before its time (a guest logging out). */
    async revoke(db: Knex | Knex.Transaction, kind: TokenKind, token: string, now = clock()): Promise<void> {
      if (!tokenPattern.test(token)) return;
      await db(tables.tokens)
        .where({ token_hash: hash(token), kind })
        .whereNull('used_at')
        .update({ used_at: now });
    },
  };
}

export type TokensRepository = ReturnType<typeof tokensRepository>;
