/**
 * The module's one error family. Every error it throws on purpose is a `PrivacyError`: `code`
 * says what went wrong in words a program can test, `status` is the HTTP status a host would
 * answer with. Subclasses add what their callers need (the options' issues, a retention run's
 * report). The catalogue of codes is here so a shop can handle each one.
 */
export const privacyErrorCodes = [
  /** createPrivacy() was given a wrong option; `issues` names each. */
  'options',
  /** A caller passed something the module cannot act on; nothing was changed. */
  'invalid_input',
  /** The address withdrew this consent; only its owner can restore it. */
  'suppressed',
  /** A staff action on a request that cannot be taken (closed, extended already, no reason). */
  'request_refused',
  /** A retention run stopped part-way; `report` says what was done. */
  'retention_run',
  /** A form body the module refuses: not valid UTF-8, too large, too many fields, nested, or not text (status 400 or 413). */
  'malformed_form',
  /** The command line refused (a bad argument, no database); carries its exit code. */
  'cli',
] as const;
export type PrivacyErrorCode = (typeof privacyErrorCodes)[number];

export class PrivacyError extends Error {
  /** Express's error handlers show `message` to the visitor only when `expose` is set. */
  readonly expose: boolean;
  constructor(
    readonly code: PrivacyErrorCode,
    message: string,
    readonly status: number,
    options: { cause?: unknown; expose?: boolean } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.expose = options.expose ?? status < 500;
  }
}

/** A value the code has just written or checked for; its absence is a bug in the module, said plainly. */
export function present<T>(value: T | null | undefined, what: string): T {
  if (value === null || value === undefined) throw new Error(`express-shop-privacy: ${what} is missing where it was just written or checked`);
  return value;
}
