import express, { type Request, type RequestHandler } from 'express';
import { PrivacyError } from './errors.js';

/** A form body the module refuses: a 400 (413 when too large), in the shopper's language, by the error page. */
class MalformedFormError extends PrivacyError {
  constructor(message = 'the form body is not valid UTF-8', status = 400) {
    super('malformed_form', message, status);
  }
}

/** `4kb` and the like, as body-parser reads them; said at mount when mistyped. */
function byteLimit(limit: string): number {
  const match = /^(\d+)(b|kb|mb)$/i.exec(limit);
  if (!match?.[1] || !match[2]) throw new TypeError(`express-shop-privacy: form limit "${limit}" is not a size such as "4kb"`);
  return Number(match[1]) * { b: 1, kb: 1024, mb: 1024 * 1024 }[match[2].toLowerCase() as 'b' | 'kb' | 'mb'];
}

/**
 * What is wrong with a parsed body, measured as the module's own parser would have: each
 * field a string (or, for a repeated name, a list of strings), at most `parameterLimit` of
 * them, and keys and values together within `limit` bytes. The shop's parser may have run
 * first with its own, larger limits and `extended` nesting; the module's limits hold anyway.
 */
function bodyProblem(body: unknown, maxBytes: number, parameterLimit: number): MalformedFormError | null {
  if (body === undefined || body === null) return null;
  if (typeof body !== 'object' || Array.isArray(body)) return new MalformedFormError('the form body is not a list of fields');
  let fields = 0;
  let bytes = 0;
  for (const [key, value] of Object.entries(body as Record<string, unknown>)) {
    for (const item of Array.isArray(value) ? (value as unknown[]) : [value]) {
      if (typeof item !== 'string') return new MalformedFormError(`the form field "${key.slice(0, 40)}" is not text`);
      // A lone surrogate is what a broken UTF-8 escape leaves once another parser decoded it.
      if (/\p{Cs}/u.test(item) || /\p{Cs}/u.test(key)) return new MalformedFormError();
      fields += 1;
      bytes += Buffer.byteLength(key) + Buffer.byteLength(item) + 2;
    }
  }
  if (fields > parameterLimit) return new MalformedFormError('the form has too many fields', 413);
  if (bytes > maxBytes) return new MalformedFormError('the form body is too large', 413);
  return null;
}

/**
 * The module's form parser: small limits per form, and a body whose percent-escapes do not
 * decode to UTF-8 refused outright. (The parser itself would keep such a field as its raw
 * "%C3%28" text, and a name would be saved as that.) A body the shop's own parser read first
 * (`app.use(express.urlencoded())` before the module's router) is held to the same limits.
 */
export function formBody({ limit = '4kb', parameterLimit = 20 }: { limit?: string; parameterLimit?: number } = {}): RequestHandler {
  const maxBytes = byteLimit(limit);
  const parse = express.urlencoded({
    extended: false,
    limit,
    parameterLimit,
    verify(_req, _res, raw) {
      for (const part of raw.toString('latin1').split('&')) {
        try {
          decodeURIComponent(part.replace(/\+/g, ' '));
        } catch {
          throw new MalformedFormError();
        }
      }
    },
  });
  return function privacyFormBody(req, res, next) {
    parse(req, res, (err?: unknown) => {
      if (err) {
        next(err);
        return;
      }
      const problem = bodyProblem((req as Request).body, maxBytes, parameterLimit);
      next(problem ?? undefined);
    });
  };
}
