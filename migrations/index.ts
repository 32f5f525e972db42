import type { Migration } from './context.js';
import * as createPolicyVersions from './2026-11-25-02-10-00-create-policy-versions.js';
import * as createConsentLedger from './2026-11-25-03-00-00-create-consent-ledger.js';
import * as addRestrictionAndObjection from './2026-11-25-05-00-00-add-restriction-and-objection.js';
import * as createRequestsAndAudit from './2026-11-25-06-00-00-create-requests-and-audit.js';
import * as createRetention from './2026-11-25-07-00-00-create-retention.js';
import * as compareAddressesByteWise from './2026-12-01-01-00-00-compare-addresses-byte-wise.js';
import * as subjectsByAddressAndCustomer from './2026-12-01-02-00-00-subjects-by-address-and-customer.js';
import * as keyAddressHashes from './2026-12-01-03-00-00-key-address-hashes.js';
import * as keyTheAuditChain from './2026-12-02-01-00-00-key-the-audit-chain.js';
import * as createTheMailOutbox from './2026-12-02-02-00-00-create-the-mail-outbox.js';
import * as outboxTasks from './2026-12-02-04-00-00-outbox-tasks.js';
import * as recordHooksOnce from './2026-12-03-02-00-00-record-hooks-once.js';
import * as pageTheStaffLists from './2026-12-04-01-00-00-page-the-staff-lists.js';
import * as consentHistoryBySubject from './2026-12-04-02-00-00-consent-history-by-subject.js';
import * as followUpsBySubject from './2026-12-04-03-00-00-follow-ups-by-subject.js';

/** What a migration may need besides the database: the app's secret, when the app runs it (null from a bare database URL). */
export type { Migration, MigrationContext } from './context.js';

/** Every migration in the order it runs. Migrations only move forward: there is no `down`. */
export const migrations: Migration[] = [
  { name: '2026-11-25-02-10-00-create-policy-versions', up: createPolicyVersions.up },
  { name: '2026-11-25-03-00-00-create-consent-ledger', up: createConsentLedger.up },
  { name: '2026-11-25-05-00-00-add-restriction-and-objection', up: addRestrictionAndObjection.up },
  { name: '2026-11-25-06-00-00-create-requests-and-audit', up: createRequestsAndAudit.up },
  { name: '2026-11-25-07-00-00-create-retention', up: createRetention.up },
  { name: '2026-12-01-01-00-00-compare-addresses-byte-wise', up: compareAddressesByteWise.up },
  { name: '2026-12-01-02-00-00-subjects-by-address-and-customer', up: subjectsByAddressAndCustomer.up },
  { name: '2026-12-01-03-00-00-key-address-hashes', up: keyAddressHashes.up },
  { name: '2026-12-02-01-00-00-key-the-audit-chain', up: keyTheAuditChain.up },
  { name: '2026-12-02-02-00-00-create-the-mail-outbox', up: createTheMailOutbox.up },
  { name: '2026-12-02-04-00-00-outbox-tasks', up: outboxTasks.up },
  { name: '2026-12-03-02-00-00-record-hooks-once', up: recordHooksOnce.up },
  { name: '2026-12-04-01-00-00-page-the-staff-lists', up: pageTheStaffLists.up },
  { name: '2026-12-04-02-00-00-consent-history-by-subject', up: consentHistoryBySubject.up },
  { name: '2026-12-04-03-00-00-follow-ups-by-subject', up: followUpsBySubject.up },
];
