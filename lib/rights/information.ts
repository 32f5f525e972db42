import { pick, translate, type MessageKey } from '../i18n/index.js';
import type { Locale } from '../options/locales.js';
import type { ResolvedOptions } from '../options/schema.js';
import { statedPurposes } from '../policy/own-processing.js';
import { describeRecipient } from './recipients.js';

export const rights = ['access', 'withdraw', 'rectify', 'restrict', 'portability', 'erase', 'object'] as const;

/**
 * What GDPR Art. 15(1)(a)–(h) and 15(2) require an access answer to tell, in one language,
 * from the options: purposes (the module's own processing too), categories, recipients and transfers, retention, rights, the
 * authority, where the data came from, and that no decision is automated.
 */
export function accessInformation(
  options: Pick<ResolvedOptions, 'controller' | 'policyText' | 'purposes' | 'recipients' | 'retention' | 'supervisoryAuthority'>,
  locale: Locale,
) {
  const purposes = statedPurposes(options);
  const titleOf = new Map(purposes.map((p) => [p.id, pick(p.title, locale)]));
  return {
    purposes: purposes.map((purpose) => ({
      id: purpose.id,
      title: pick(purpose.title, locale),
      description: pick(purpose.description, locale),
      legalBasis: purpose.legalBasis,
      legalBasisText:
        translate(locale, `legalBasis.${purpose.legalBasis}` as MessageKey) + (purpose.legalBasisNote ? ` ${pick(purpose.legalBasisNote, locale)}` : ''),
      dataCategories: purpose.dataCategories.map((category) => pick(category, locale)),
      retention: pick(purpose.retention, locale),
    })),
    recipients: options.recipients.map((recipient) => {
      const said = describeRecipient(recipient, options, locale);
      return {
        // One line each where a page shows them as "name (location): safeguard".
        name: said.provider ? `${said.name} – ${said.provider}` : said.name,
        provider: said.provider,
        purposes: recipient.purposes.map((id) => titleOf.get(id) ?? id),
        location: said.location,
        countries: said.countries,
        thirdCountryTransfer: said.thirdCountryTransfer,
        safeguard: said.summary,
        safeguardCopy: said.safeguardCopy,
      };
    }),
    rights: rights.map((right) => translate(locale, `policy.rights.${right}` as MessageKey)),
    supervisoryAuthority: {
      name: pick(options.supervisoryAuthority.name, locale),
      address: options.supervisoryAuthority.address,
      website: options.supervisoryAuthority.website,
      complaint: translate(locale, 'access.complaint'),
    },
    source: options.policyText('dataSources', locale),
    automatedDecisions: translate(locale, 'policy.use.automated'),
  };
}

export type AccessInformation = ReturnType<typeof accessInformation>;
