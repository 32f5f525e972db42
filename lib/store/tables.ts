/** The module's table names under the configured prefix: the one place they are spelled. */
export interface TableNames {
  migrations: string;
  policyVersions: string;
}

export function tableNames(prefix: string): TableNames {
  return {
    migrations: `${prefix}migrations`,
    policyVersions: `${prefix}policy_versions`,
  };
}
