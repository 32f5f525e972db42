import type { Request } from 'express';
import type { Locale } from '../options/locales.js';
import type { ResolvedOptions } from '../options/schema.js';
import type { ConsentEvidence, ConsentSource } from './ledger.js';
import type { SeenRequest, ShownWording } from './types.js';

/**
 * The proof kept with every consent event: the policy version and wording shown, where and in
 * which language, and the request's IP and user agent. `seen` and `shown`: what a deferred
 * checkout kept of its request and of what it showed, recorded as they were then, not as the
 * options read when the follow-up runs (a new policy may have been published in between).
 */
export function evidenceOf(policy: ResolvedOptions['policy']) {
  return (source: ConsentSource, locale: Locale, req: Request | undefined, wordingHash: string, seen?: SeenRequest, shown?: ShownWording): ConsentEvidence => ({
    policyVersion: shown?.policyVersion ?? policy.version,
    wordingHash,
    source,
    locale,
    ip: seen ? seen.ip : (req?.ip ?? null),
    userAgent: seen ? seen.userAgent : (req?.get('user-agent') ?? null),
  });
}
