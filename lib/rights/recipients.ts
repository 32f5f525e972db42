import type { ResolvedOptions } from '../options/schema.js';

/**
 * The recipients a rectification, erasure or restriction must be passed on to (GDPR Art. 19):
 * those serving a purpose of any declared data source. Recorded with the change in the audit
 * trail and given to the shop's listeners, who do the telling.
 */
export function recipientsToTell(options: ResolvedOptions): string[] {
  const purposes = new Set(options.dataSources.flatMap((source) => source.purposes));
  return options.recipients.filter((recipient) => recipient.purposes.some((purpose) => purposes.has(purpose))).map((recipient) => recipient.id);
}
