/** The module's table names under the configured prefix: the one place they are spelled. */
export interface TableNames {
  migrations: string;
  policyVersions: string;
  subjects: string;
  consentEvents: string;
  consents: string;
  tokens: string;
  suppressions: string;
  requests: string;
  audit: string;
  auditHead: string;
  rateLimits: string;
  retentionLeases: string;
  retentionNotices: string;
  outbox: string;
  hookCalls: string;
}

export function tableNames(prefix: string): TableNames {
  return {
    migrations: `${prefix}migrations`,
    policyVersions: `${prefix}policy_versions`,
    subjects: `${prefix}subjects`,
    consentEvents: `${prefix}consent_events`,
    consents: `${prefix}consents`,
    tokens: `${prefix}tokens`,
    suppressions: `${prefix}suppressions`,
    requests: `${prefix}requests`,
    audit: `${prefix}audit`,
    auditHead: `${prefix}audit_head`,
    rateLimits: `${prefix}rate_limits`,
    retentionLeases: `${prefix}retention_leases`,
    retentionNotices: `${prefix}retention_notices`,
    outbox: `${prefix}outbox`,
    hookCalls: `${prefix}hook_calls`,
  };
}
