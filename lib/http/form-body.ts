import express, { type RequestHandler } from 'express';
import { PrivacyError } from './errors.js';

/** Thrown for a form body that is not valid UTF-8 once decoded: a 400, in the shopper's language, by the error page. */
class MalformedFormError extends PrivacyError {
  constructor() {
    super('malformed_form', 'the form body is not valid UTF-8', 400);
  }
}

/**
 * The module's form parser: small limits per form, and a body whose percent-escapes do not
 * decode to UTF-8 refused outright. (The parser itself would keep such a field as its raw
 * "%C3%28" text, and a name would be saved as that.)
 */
export function formBody({ limit = '4kb', parameterLimit = 20 }: { limit?: string; parameterLimit?: number } = {}): RequestHandler {
  return express.urlencoded({
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
}
