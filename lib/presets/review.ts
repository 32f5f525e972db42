import { defaultPurposes, defaultRecipients, defaultSecurityMeasures } from '../options/defaults.js';
import type { Localized } from '../options/locales.js';
import { policyTextNames } from '../options/policy-schema.js';
import type { ResolvedOptions } from '../options/schema.js';
import type { PrivacyPreset } from './preset.js';
import { xpartsOrigin, xpartsPreset } from './xparts.js';

/** Every preset the module ships, with the controller its texts were written for. */
const presets: { preset: PrivacyPreset; origin: { preset: string; controller: string } }[] = [{ preset: xpartsPreset, origin: xpartsOrigin }];

type Reviewed = Pick<ResolvedOptions, 'controller' | 'policyTexts' | 'purposes' | 'recipients' | 'securityMeasures'>;

/**
 * One log line when the shop publishes a preset's texts under another controller: they describe
 * that company's processing (its law, its premises, its providers), so the shop must read them
 * before it calls them its own. Undefined when there is nothing to review. A text counts as the
 * preset's when it is word for word one of the preset's and not one of the neutral defaults.
 */
export function presetReview(options: Reviewed): string | undefined {
  const name = options.controller.name.trim().toLowerCase();
  for (const { preset, origin } of presets) {
    if (name === origin.controller.toLowerCase()) continue;
    const kept = keptTexts(options, preset);
    if (kept.length === 0) continue;
    return (
      `[express-shop-privacy] ${joined(kept)} come from the ${origin.preset} preset (${origin.controller}) but the controller is ` +
      `"${options.controller.name}"; review them: they describe ${origin.controller}'s processing, and the policy publishes them as yours`
    );
  }
  return undefined;
}

function keptTexts(options: Reviewed, preset: PrivacyPreset): string[] {
  const own = (texts: (Localized | undefined)[]) => without(texts, defaultTexts);
  const purposeTexts = own(preset.purposes.flatMap((p) => [p.description, p.retention, p.legalBasisNote, p.consent?.label]));
  const purposes = options.purposes.filter((p) => [p.description, p.retention, p.legalBasisNote, p.consent?.label].some((t) => sharesText(t, purposeTexts)));
  const recipientTexts = own(preset.recipients.flatMap((r) => [r.name, r.location, r.safeguard]));
  const recipients = options.recipients.filter((r) => sharesText(r.name, recipientTexts));
  const measureTexts = own(preset.securityMeasures);
  const measures = options.securityMeasures.filter((m) => sharesText(m, measureTexts));
  const paragraphs = policyTextNames.filter((name) => sharesText(options.policyTexts[name], own([preset.policyTexts[name]])));
  return [
    ...(purposes.length ? [`purposes (${purposes.map((p) => p.id).join(', ')})`] : []),
    ...(recipients.length ? [`recipients (${recipients.map((r) => r.id).join(', ')})`] : []),
    ...(measures.length ? [`securityMeasures (${measures.length} of ${options.securityMeasures.length})`] : []),
    ...(paragraphs.length ? [`policyTexts (${paragraphs.join(', ')})`] : []),
  ];
}

const defaultTexts = new Set(
  [
    ...defaultPurposes.flatMap((p) => [p.description, p.retention, p.legalBasisNote]),
    ...defaultRecipients.flatMap((r) => [r.name, r.location, r.safeguard]),
    ...defaultSecurityMeasures,
  ].flatMap(words),
);

function words(text: Localized | undefined): string[] {
  return text ? Object.values(text).filter((value): value is string => typeof value === 'string') : [];
}

function without(texts: (Localized | undefined)[], skip: Set<string>): Set<string> {
  return new Set(texts.flatMap(words).filter((value) => !skip.has(value)));
}

function sharesText(text: Localized | undefined, texts: Set<string>): boolean {
  return words(text).some((value) => texts.has(value));
}

function joined(parts: string[]): string {
  return parts.length > 1 ? `${parts.slice(0, -1).join(', ')} and ${parts.at(-1) ?? ''}` : (parts[0] ?? '');
}
