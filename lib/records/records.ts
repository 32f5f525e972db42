import { pick, translate } from '../i18n/index.js';
import { present } from '../http/errors.js';
import type { Locale } from '../options/locales.js';
import type { ResolvedOptions } from '../options/schema.js';
import { statedPurposes } from '../policy/own-processing.js';
import { accessInformation } from '../rights/information.js';
import { describeRecipient } from '../rights/recipients.js';

/**
 * The record of processing activities (GDPR Art. 30(1)), built from the options: one entry
 * per purpose, the module's own processing included, with its legal basis, categories of data and subjects, recipients and
 * third-country transfers, retention, and the security measures that apply to all.
 */
export function recordsOfProcessing(
  options: Pick<
    ResolvedOptions,
    'controller' | 'policy' | 'policyText' | 'purposes' | 'recipients' | 'retention' | 'securityMeasures' | 'supervisoryAuthority'
  >,
  locale: Locale,
) {
  const info = accessInformation(options, locale);
  const { controller } = options;
  return {
    controller: {
      name: controller.name,
      regNo: controller.regNo,
      address: controller.address,
      email: controller.email,
      website: controller.website,
      phone: controller.phone ?? null,
    },
    policyVersion: options.policy.version,
    locale,
    activities: statedPurposes(options).map((purpose, index) => {
      const described = present(info.purposes[index], `the description of purpose ${purpose.id}`);
      return {
        id: purpose.id,
        purpose: described.title,
        description: described.description,
        legalBasis: purpose.legalBasis,
        legalBasisText: described.legalBasisText,
        dataCategories: described.dataCategories,
        subjectCategories: purpose.subjectCategories?.map((category) => pick(category, locale)) ?? [translate(locale, 'records.subjects.default')],
        recipients: options.recipients
          .filter((r) => r.purposes.includes(purpose.id))
          .map((r) => {
            const said = describeRecipient(r, options, locale);
            return {
              id: r.id,
              name: said.name,
              provider: said.provider,
              location: said.location,
              countries: said.countries,
              thirdCountryTransfer: said.thirdCountryTransfer,
              safeguard: said.safeguard,
              safeguardCopy: said.safeguardCopy,
            };
          }),
        retention: described.retention,
      };
    }),
    securityMeasures: options.securityMeasures.map((measure) => pick(measure, locale)),
  };
}

export type RecordsOfProcessing = ReturnType<typeof recordsOfProcessing>;

/**
 * A spreadsheet runs a cell that begins with =, +, - or @ (or a tab or CR before one) as a
 * formula: such a field gets a leading single quote, as OWASP's "CSV injection" advice says, so
 * it is shown as text. Then RFC 4180: a field is quoted when it holds a comma, a quote or a line
 * break; quotes are doubled.
 */
const neutralised = (value: string) => (/^[=+\-@\t\r]/.test(value) ? `'${value}` : value);
const field = (raw: string) => {
  const value = neutralised(raw);
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
};

/** One row per processing activity, with a BOM so spreadsheet programs read the Latvian letters as UTF-8. */
export function recordsCsv(records: RecordsOfProcessing): string {
  const t = (key: Parameters<typeof translate>[1]) => translate(records.locale, key);
  const header = [
    t('records.col.id'),
    t('records.col.purpose'),
    t('records.col.legalBasis'),
    t('records.col.dataCategories'),
    t('records.col.subjectCategories'),
    t('records.col.recipients'),
    t('records.col.transfers'),
    t('records.col.retention'),
    t('records.col.security'),
  ];
  const rows = records.activities.map((a) => [
    a.id,
    a.purpose,
    a.legalBasisText,
    a.dataCategories.join('; '),
    a.subjectCategories.join('; '),
    a.recipients.map((r) => `${r.name} – ${r.provider ?? t('records.provider.unnamed')} (${r.location})`).join('; '),
    a.recipients
      .filter((r) => r.thirdCountryTransfer)
      .map((r) => `${r.name}: ${r.safeguard ?? ''}${r.safeguardCopy ? ` (${t('records.safeguardCopy')}: ${r.safeguardCopy})` : ''}`)
      .join('; '),
    a.retention,
    records.securityMeasures.join('; '),
  ]);
  return `\uFEFF${[header, ...rows].map((row) => row.map(field).join(',')).join('\r\n')}\r\n`;
}
