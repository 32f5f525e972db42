import { pick } from '../i18n/index.js';
import type { ResolvedOptions } from '../options/schema.js';
import type { TableSource } from '../options/sources.js';
import type { TableNames } from '../store/tables.js';
import { formerSubjects } from './former-subjects.js';
import { moduleRules } from './module-rules.js';
import { ruleOf, sourceRule } from './source-rule.js';
import type { ForgetNotices, RetentionRule, Stores } from './rule.js';

export type { CustomRule, ForgetNotices, Restricted, RetentionRule, Stores, TableRule } from './rule.js';

/**
 * Every retention rule the options declare, shop sources first in their declared order, then
 * the module's own tables. A source erased by anonymising with `keepFor` and no rule of its
 * own is anonymised when that legal period ends.
 */
export function retentionRules(options: ResolvedOptions, tables: TableNames, mysql: boolean, forgetNotices: ForgetNotices, stores: Stores): RetentionRule[] {
  const tableSources = options.dataSources.filter((s): s is TableSource => 'table' in s);
  const rules: RetentionRule[] = [];
  for (const source of options.dataSources) {
    if ('table' in source) {
      const rule = ruleOf(source);
      if (rule) rules.push(sourceRule(source, rule, tableSources, stores, mysql, forgetNotices, options.publicUrl ?? `https://${options.controller.website}`));
    } else if (source.purge) {
      rules.push({ kind: 'custom', id: source.id, label: (locale) => pick(source.label, locale), purge: source.purge });
    }
  }
  const own = moduleRules(options, tables, mysql);
  // First, so it sees what every other rule sees: its own deletions touch nothing another rule counts.
  return [formerSubjects(options, tables, mysql, tableSources, own, stores), ...rules, ...own];
}
