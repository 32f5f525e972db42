import { PrivacyError } from '../http/errors.js';

/** What `shop-privacy` exits with: scripts and cron jobs may rely on these. */
export const exitCodes = {
  done: 0,
  /** It could not run: no database, a bad config, the database failed. The reason is on stderr. */
  failed: 1,
  /** Wrong arguments, or an erasure not confirmed. Nothing was changed. */
  usage: 2,
  /** `audit verify`: the trail was edited or rows were deleted. */
  tampered: 3,
  /** `export` and `erase`: nothing is held about that address. */
  notFound: 4,
  /** `requests --overdue`: at least one request is past its legal due date. */
  overdue: 5,
} as const;

/** A refusal with its exit code, reported on stderr as one plain line. */
export class CliError extends PrivacyError {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super('cli', message, 500);
  }
}
