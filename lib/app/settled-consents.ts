import type { ConsentFollowUps } from '../consent/follow-up.js';
import type { ConsentService } from '../consent/service.js';
import type { PrivacyConsents } from './types.js';

/**
 * `privacy.consents` as the shop reads it: a checkout recorded in one statement (`deferred`) is
 * followed up first, so a read a moment after it sees its answers, and a write comes after them.
 * A write in the shop's own transaction (`context.trx`) does not wait: it must not open another.
 */
export function settledConsents(consents: ConsentService, followUps: ConsentFollowUps): PrivacyConsents {
  return {
    async of(ref) {
      await followUps.settleRef(ref);
      return consents.of(ref);
    },
    async allows(ref, purpose) {
      await followUps.settleRef(ref);
      return consents.allows(ref, purpose);
    },
    async grant(ref, purpose, context) {
      if (!context.trx) await followUps.settleRef(ref);
      return consents.grant(ref, purpose, context);
    },
    async withdraw(ref, purpose, context) {
      if (!context.trx) await followUps.settleRef(ref);
      return consents.withdraw(ref, purpose, context);
    },
    async needsReconfirmation(ref) {
      await followUps.settleRef(ref);
      return consents.needsReconfirmation(ref);
    },
  };
}
