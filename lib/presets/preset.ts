import type { PolicyTextsInput, PurposeInput, RecipientInput, SupervisoryAuthorityInput } from '../options/policy-schema.js';
import type { Localized } from '../options/locales.js';

/**
 * A whole policy's texts for one kind of shop, spread into the options:
 * `createPrivacy({ ...xpartsPreset, controller: { … }, … })`. Each field can be overridden after
 * the spread. The controller is never part of a preset: it is always the shop's own.
 */
export interface PrivacyPreset {
  readonly purposes: PurposeInput[];
  readonly recipients: RecipientInput[];
  readonly supervisoryAuthority: SupervisoryAuthorityInput;
  readonly securityMeasures: Localized[];
  /** The policy's own paragraphs in the shop's words. */
  readonly policyTexts: PolicyTextsInput;
  /** The IANA time zone of the shop the preset was written for. */
  readonly timezone: string;
}

/** The preset frozen all the way down: one shop's edit must not change it for another instance in the process. */
export function frozen<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) frozen(inner);
  }
  return value;
}
