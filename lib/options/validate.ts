import { z } from 'zod';
import { PrivacyError } from '../http/errors.js';
import { derive } from './resolved.js';
import { ownPurposeIds } from './defaults.js';
import { eeaCountries, optionsSchema, type PrivacyOptions, type ResolvedOptions } from './schema.js';
import type { Locale } from './locales.js';

/** Thrown by `createPrivacy()` when an option is wrong; `issues` lists each one by its path. */
export class PrivacyOptionsError extends PrivacyError {
  constructor(readonly issues: string[]) {
    super('options', `express-shop-privacy: invalid options:\n${issues.map((issue) => `  - ${issue}`).join('\n')}`, 500, { expose: false });
  }
}

/**
 * The secrets printed in the README, the docs and the examples. Everyone can read them, so they
 * sign and key nothing in production: `validateOptions` refuses them when NODE_ENV is
 * "production", as do the example shop and `shop-privacy`. NODE_ENV is the one variable the
 * library reads, once, at validation: it is how Express and its hosts say "production", and a
 * check the host must remember to call would protect no shop that forgot it. Every option still
 * comes from the host; `allowExampleSecret: true` is the way out for a demo.
 */
export const exampleSecrets: readonly string[] = [
  'dev-only-secret-change-me-0123456789abcdef',
  'xparts-dev-only-secret-do-not-use-in-production',
  'xparts-dev-only-secret-do-not-use-in-production-privacy',
];

/** Whether `secret` is one of the published example secrets above. */
export function isExampleSecret(secret: unknown): boolean {
  return typeof secret === 'string' && exampleSecrets.includes(secret);
}

/** Validates and fills in the options once, at start; every mistake is reported, each by its path. */
export function validateOptions(input: PrivacyOptions): ResolvedOptions {
  if (input === null || typeof input !== 'object') {
    throw new PrivacyOptionsError([
      `options: expected an object, e.g. createPrivacy({ controller: { name: '…', … }, secret: '…' }); received ${describe(input)}`,
    ]);
  }
  const parsed = optionsSchema.safeParse(input, { reportInput: true });
  if (!parsed.success) throw new PrivacyOptionsError(parsed.error.issues.map(formatIssue));
  const problems = [...exampleSecretProblems(parsed.data, process.env.NODE_ENV === 'production'), ...crossCheck(parsed.data)];
  if (problems.length > 0) throw new PrivacyOptionsError(problems);
  return { ...parsed.data, ...derive(parsed.data) };
}

const requiredHints: Record<string, string> = {
  controller:
    "the company that runs the shop, as its policy names it: { name: 'SIA Your Shop', regNo: '40000000000', address: '…', email: 'privacy@your-shop.lv', website: 'your-shop.lv' }",
  'controller.name': "the company that runs the shop, as registered, e.g. 'SIA Your Shop'; the policy names it as the controller",
  'controller.regNo': "the company's registration number, e.g. '40000000000'",
  'controller.address': "the company's legal address, e.g. 'Brīvības iela 1, Rīga, LV-1010'",
  'controller.email': 'the e-mail address shoppers write to about their data',
  'controller.website': "the shop's address as shoppers know it, e.g. 'your-shop.lv'; e-mails name it and links fall back to it",
  supervisoryAuthority:
    "the data-protection authority shoppers may complain to (GDPR Art. 13(2)(d), 77), e.g. { name: { lv: 'Datu valsts inspekcija', en: 'Data State Inspectorate' }, address: 'Elijas iela 17, Rīga, LV-1050', website: 'https://www.dvi.gov.lv' }, or spread a preset such as xpartsPreset",
  secret: 'at least 32 random characters, the same on every instance, e.g. secret: process.env.PRIVACY_SECRET; it signs the consent cookie and CSRF tokens',
};

/** Options that were renamed or moved, with what to write instead. */
const movedOptions: Record<string, string> = {
  'retention.timezone': 'moved to the top-level option "timezone", the one time zone of every date the module shows and of its schedule',
};

function formatIssue(issue: z.core.$ZodIssue): string {
  const where = formatPath(issue.path);
  if (issue.code === 'unrecognized_keys') {
    return issue.keys
      .map((key) => {
        const path = formatPath([...issue.path, key]);
        const moved = movedOptions[path];
        if (moved) return `${path}: ${moved}`;
        const known = knownKeysAt(issue.path);
        const guess = closest(key, known);
        return `${path}: unknown option.${guess ? ` Did you mean "${guess}"?` : known.length ? ` Known options here: ${known.join(', ')}.` : ''}`;
      })
      .join('\n  - ');
  }
  if (issue.code === 'invalid_value' && issue.path[0] !== 'secret') {
    return `${where}: expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}; received ${describe(issue.input)}`;
  }
  if (issue.code === 'invalid_type' && issue.input === undefined)
    return `${where}: is required${requiredHints[where] ? `: ${requiredHints[where]}` : ` (${issue.message})`}`;
  // The secret is never repeated, not even a wrong one: an error message ends up in logs.
  const quoted = 'input' in issue && issue.code !== 'invalid_union' && issue.path[0] !== 'secret';
  return `${where}: ${issue.message}${quoted ? `; received ${describe(issue.input)}` : ''}`;
}

/** A published example secret in production, each by its path; the secret itself is never repeated. */
function exampleSecretProblems(options: z.output<typeof optionsSchema>, production: boolean): string[] {
  if (!production || options.allowExampleSecret) return [];
  const refusal = 'is a published example secret, which anyone can read, and NODE_ENV is "production"';
  const fix = 'generate one with `openssl rand -base64 32` and pass it from the environment (or set allowExampleSecret: true for a demo)';
  return [
    ...(isExampleSecret(options.secret) ? [`secret: ${refusal}; ${fix}`] : []),
    ...(options.auditSecrets ?? []).flatMap((secret, i) => (isExampleSecret(secret) ? [`auditSecrets[${i}]: ${refusal}; ${fix}`] : [])),
  ];
}

/** Rules that span several options: ids that refer to each other, and a text in every language. */
function crossCheck(options: z.output<typeof optionsSchema>): string[] {
  const problems: string[] = [];
  const locales = options.policy.locales;
  const ids = new Set<string>();
  const own: readonly string[] = ownPurposeIds;
  options.purposes.forEach((purpose, i) => {
    const at = `purposes[${i}]`;
    if (own.includes(purpose.id))
      problems.push(`${at}.id: "${purpose.id}" is the module's own processing (${own.join(', ')}), which it declares itself; choose another id`);
    else if (ids.has(purpose.id)) problems.push(`${at}.id: "${purpose.id}" is used by two purposes; each needs its own id`);
    ids.add(purpose.id);
    if (purpose.legalBasis === 'consent' && !purpose.consent) {
      problems.push(
        `${at}.consent: a purpose based on consent must say where consent is asked, e.g. { offeredAt: ['checkout'] } or { cookieCategory: 'analytics' }`,
      );
    }
    if (purpose.legalBasis !== 'consent' && purpose.consent) {
      problems.push(`${at}.consent: only a purpose whose legalBasis is "consent" asks for consent; this one is "${purpose.legalBasis}"`);
    }
    if (purpose.consent && purpose.consent.offeredAt.length > 0 && !purpose.consent.label) {
      problems.push(
        `${at}.consent.label: a purpose offered as a box (at ${purpose.consent.offeredAt.join(', ')}) needs the exact words shown beside it, e.g. { lv: '…', en: '…' }`,
      );
    }
    // Confirmed opt-in is what makes a typed address safe to mail: the newsletter form's purpose must say so.
    if (purpose.consent?.offeredAt.includes('newsletter') && !purpose.consent.confirmByEmail) {
      problems.push(`${at}.consent.confirmByEmail: a purpose offered on the newsletter form is confirmed by e-mail first; set confirmByEmail: true`);
    }
    if (purpose.consent?.confirmByEmail && options.purposes.findIndex((p) => p.consent?.confirmByEmail) !== i) {
      problems.push(
        `${at}.consent.confirmByEmail: only one purpose is confirmed by e-mail (the newsletter form subscribes to it); "${options.purposes.find((p) => p.consent?.confirmByEmail)?.id}" already is`,
      );
    }
    if (purpose.legalBasis === 'consent' && purpose.noticeAt.length > 0) {
      problems.push(`${at}.noticeAt: a consent purpose is asked as a box (consent.offeredAt), not stated in the notice`);
    }
    problems.push(...missingLocales(purpose.consent?.label, `${at}.consent.label`, locales));
    for (const field of ['title', 'description', 'retention', 'legalBasisNote'] as const) {
      problems.push(...missingLocales(purpose[field], `${at}.${field}`, locales));
    }
    purpose.dataCategories.forEach((category, j) => problems.push(...missingLocales(category, `${at}.dataCategories[${j}]`, locales)));
    purpose.subjectCategories?.forEach((category, j) => problems.push(...missingLocales(category, `${at}.subjectCategories[${j}]`, locales)));
  });
  // A recipient may serve the module's own processing too (its database is hosted somewhere).
  const recipientPurposes = new Set([...ids, ...own]);
  options.recipients.forEach((recipient, i) => {
    const at = `recipients[${i}]`;
    recipient.purposes.forEach((id, j) => {
      if (!recipientPurposes.has(id)) problems.push(`${at}.purposes[${j}]: no purpose has the id "${id}"; known: ${[...recipientPurposes].join(', ')}`);
    });
    if (recipient.thirdCountryTransfer && !recipient.safeguard) {
      problems.push(`${at}.safeguard: a recipient outside the EU/EEA needs its transfer safeguard (GDPR Art. 44–49), e.g. standard contractual clauses`);
    }
    if (!recipient.countries && !recipient.location)
      problems.push(`${at}.location: say where the recipient processes the data: countries: ['IE'] or location: { lv, en }`);
    const outside = recipient.countries?.filter((code) => !eeaCountries.includes(code)) ?? [];
    if (outside.length > 0 && !recipient.thirdCountryTransfer)
      problems.push(
        `${at}.thirdCountryTransfer: ${outside.join(', ')} ${outside.length > 1 ? 'are' : 'is'} outside the EU/EEA; set thirdCountryTransfer: true and name the safeguard`,
      );
    if (recipient.countries && outside.length === 0 && recipient.thirdCountryTransfer) {
      problems.push(
        `${at}.thirdCountryTransfer: every country named (${recipient.countries.join(', ')}) is in the EU/EEA; set it to false, or name the third country too`,
      );
    }
    for (const field of ['name', 'location', 'safeguard'] as const) problems.push(...missingLocales(recipient[field], `${at}.${field}`, locales));
    if (typeof recipient.safeguardCopy === 'object') problems.push(...missingLocales(recipient.safeguardCopy, `${at}.safeguardCopy`, locales));
  });
  problems.push(...missingLocales(options.supervisoryAuthority.name, 'supervisoryAuthority.name', locales));
  for (const [name, given] of Object.entries(options.policyTexts)) problems.push(...missingLocales(given, `policyTexts.${name}`, locales));
  const sourceIds = new Set<string>();
  options.dataSources.forEach((source, i) => {
    const at = `dataSources[${i}]`;
    if (sourceIds.has(source.id)) problems.push(`${at}.id: "${source.id}" is used by two data sources; each needs its own id`);
    sourceIds.add(source.id);
    source.purposes.forEach((id, j) => {
      if (!ids.has(id)) problems.push(`${at}.purposes[${j}]: no purpose has the id "${id}"; known: ${[...ids].join(', ')}`);
    });
    problems.push(...missingLocales(source.label, `${at}.label`, locales));
    if ('table' in source) {
      for (const [column, spec] of Object.entries(source.columns)) problems.push(...missingLocales(spec.label, `${at}.columns.${column}.label`, locales));
      for (const [column, label] of Object.entries(source.alsoExport)) problems.push(...missingLocales(label, `${at}.alsoExport.${column}`, locales));
      if (source.erase.action === 'anonymise') problems.push(...missingLocales(source.erase.reason, `${at}.erase.reason`, locales));
      if (source.retention) {
        problems.push(...missingLocales(source.retention.reason, `${at}.retention.reason`, locales));
        if (source.retention.warn && !source.match.email) problems.push(`${at}.retention.warn: a warning is e-mailed, so the source needs match.email`);
        if (source.retention.warn && source.retention.action !== 'delete')
          problems.push(`${at}.retention.warn: only a rule that deletes warns first; an anonymised row keeps its record`);
        if (source.retention.action === 'anonymise' && source.match.customerId === source.key)
          problems.push(`${at}.retention.action: the key of an accounts table cannot be anonymised; use "delete"`);
      }
      // Children and linked rows are shown alike: each with its label and column labels in every language.
      for (const [kind, rows] of [
        ['children', source.children],
        ['links', source.links],
      ] as const) {
        rows.forEach((row, j) => {
          problems.push(...missingLocales(row.label, `${at}.${kind}[${j}].label`, locales));
          for (const [column, spec] of Object.entries(row.columns))
            problems.push(...missingLocales(spec.label, `${at}.${kind}[${j}].columns.${column}.label`, locales));
        });
      }
    } else {
      problems.push(...missingLocales(source.description, `${at}.description`, locales));
    }
  });
  return problems;
}

function missingLocales(value: Partial<Record<Locale, string>> | undefined, path: string, locales: Locale[]): string[] {
  if (!value) return [];
  return locales
    .filter((locale) => !value[locale])
    .map((locale) => `${path}.${locale}: missing; every text needs each language of policy.locales (${locales.join(', ')})`);
}

function formatPath(path: PropertyKey[]): string {
  if (path.length === 0) return 'options';
  return path.reduce<string>((out, key) => (typeof key === 'number' ? `${out}[${key}]` : out ? `${out}.${String(key)}` : String(key)), '');
}

/** The option names the schema knows at a path, for "Did you mean …?". */
function knownKeysAt(path: PropertyKey[]): string[] {
  let schema: z.core.$ZodType = optionsSchema;
  for (const key of path) {
    schema = unwrap(schema);
    const def = schema._zod.def as { type: string; shape?: Record<string, z.core.$ZodType>; element?: z.core.$ZodType };
    if (def.type === 'array' && typeof key === 'number' && def.element) schema = def.element;
    else if (def.type === 'object' && def.shape && typeof key === 'string' && def.shape[key]) schema = def.shape[key];
    else return [];
  }
  const def = unwrap(schema)._zod.def as { type: string; shape?: Record<string, unknown> };
  return def.type === 'object' && def.shape ? Object.keys(def.shape) : [];
}

function unwrap(schema: z.core.$ZodType): z.core.$ZodType {
  let current = schema;
  for (;;) {
    const def = current._zod.def as { type: string; innerType?: z.core.$ZodType; in?: z.core.$ZodType };
    if (def.innerType) current = def.innerType;
    else if (def.type === 'pipe' && def.in) current = def.in;
    else return current;
  }
}

function closest(word: string, candidates: string[]): string | undefined {
  const lower = word.toLowerCase();
  let best: { candidate: string; distance: number } | undefined;
  for (const candidate of candidates) {
    const distance = levenshtein(lower, candidate.toLowerCase());
    if (distance <= Math.max(2, Math.floor(candidate.length / 3)) && (!best || distance < best.distance)) best = { candidate, distance };
  }
  return best?.candidate;
}

function levenshtein(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min((previous[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = row;
  }
  return previous[b.length] ?? 0;
}

function describe(value: unknown): string {
  if (typeof value === 'function') return 'a function';
  if (value === undefined) return 'nothing';
  try {
    // A URL's password never appears, wherever the URL is: "mysql://shop:***@db".
    const json = JSON.stringify(value)?.replace(/([a-z][a-z0-9+.-]*:\/*[^:/@\s"]*:)[^@\s"]*@/gi, '$1***@');
    return json && json.length > 60 ? `${json.slice(0, 57)}…` : (json ?? String(value));
  } catch {
    return typeof value;
  }
}
