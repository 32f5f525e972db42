import type { Knex } from 'knex';
import { present } from '../http/errors.js';
import { pick, translate, formatDate, formatDateTime } from '../i18n/index.js';
import type { Locale, Localized } from '../options/locales.js';
import type { ResolvedOptions } from '../options/schema.js';
import { consentSources, policyAcknowledgement, type ConsentEventKind, type ConsentLedger, type ConsentSource } from '../consent/ledger.js';
import type { CustomSourceOptions, TableSource, ValueFormat } from '../options/sources.js';
import { machineValue, shownValue, visible, type Value } from './values.js';
import type { Row, SourceRepository, SubjectKey } from '../sources/repository.js';
import { accessInformation, type AccessInformation } from './information.js';
import type { Requests } from '../requests/service.js';
import type { PrivacyRequest } from '../requests/types.js';
import { histories } from './histories.js';

/** One source's share of an export: its labels once, then its rows as they are read. */
export interface SourceSection {
  id: string;
  label: string;
  purposes: string[];
  description: string | null;
  labels: Record<string, string>;
  /** How each column's value is shown (dates, amounts); absent means as it is. */
  formats: Record<string, ValueFormat>;
  childLabels: Record<string, { label: string; labels: Record<string, string>; formats: Record<string, ValueFormat> }>;
  rows: AsyncIterable<{ values: Record<string, Value>; children: Record<string, Record<string, Value>[]> }>;
}

interface Deps {
  db: Knex;
  options: Pick<
    ResolvedOptions,
    | 'clock'
    | 'controller'
    | 'currency'
    | 'dataSources'
    | 'policy'
    | 'policyText'
    | 'purposes'
    | 'recipients'
    | 'retention'
    | 'supervisoryAuthority'
    | 'timezone'
  >;
  sources: SourceRepository;
  ledger: ConsentLedger;
  requests: Pick<Requests, 'repository' | 'hashAddress'>;
}

/**
 * The right of access and portability (GDPR Art. 15 and 20): everything held about a subject,
 * from every declared source and the module's own records, with the Art. 15 information,
 * as structured data, JSON text or plain TXT, produced piece by piece.
 */
export function createAccess({ db, options, sources, ledger, requests }: Deps) {
  const information = new Map(options.policy.locales.map((locale) => [locale, accessInformation(options, locale)]));
  const infoFor = (locale: Locale) => information.get(locale) ?? accessInformation(options, locale);
  // The TXT export writes each value on its own line: what it holds may not break that line (see visible()).
  const show = (value: Value, format: ValueFormat | undefined, locale: Locale) =>
    visible(shownValue(value, format, locale, options.currency, options.timezone));

  function sections(subject: SubjectKey, locale: Locale): SourceSection[] {
    return options.dataSources.map((source) => ('table' in source ? tableSection(source, subject, locale) : customSection(source, subject, locale)));
  }

  function tableSection(source: TableSource, subject: SubjectKey, locale: Locale): SourceSection {
    type Column = { label: Localized; as?: ValueFormat | undefined };
    const labelsOf = (columns: Record<string, Column>, also: Record<string, Localized & { as?: ValueFormat | undefined }>) => ({
      ...Object.fromEntries(Object.entries(also).map(([column, label]) => [column, pick(label, locale)])),
      ...Object.fromEntries(Object.entries(columns).map(([column, spec]) => [column, pick(spec.label, locale)])),
    });
    const formatsOf = (columns: Record<string, Column>, also: Record<string, { as?: ValueFormat | undefined }>) =>
      Object.fromEntries([...Object.entries(also), ...Object.entries(columns)].flatMap(([column, spec]) => (spec.as ? [[column, spec.as]] : []))) as Record<
        string,
        ValueFormat
      >;
    const labels = labelsOf(source.columns, source.alsoExport);
    const formats = formatsOf(source.columns, source.alsoExport);
    // A linked row (the address a row points to) is shown as that row's one child.
    const nested = [...source.children, ...source.links];
    const childLabels = Object.fromEntries(
      nested.map((child) => [
        child.id,
        { label: pick(child.label, locale), labels: labelsOf(child.columns, child.alsoExport), formats: formatsOf(child.columns, child.alsoExport) },
      ]),
    );
    const pickValues = (row: Row, wanted: Record<string, string>, as: Record<string, ValueFormat>) =>
      Object.fromEntries(Object.keys(wanted).map((column) => [column, machineValue(row[column], as[column])]));
    return {
      id: source.id,
      label: pick(source.label, locale),
      purposes: source.purposes,
      description: null,
      labels,
      formats,
      childLabels,
      rows: (async function* () {
        for await (const { row, children } of sources.rows(source, subject)) {
          yield {
            values: pickValues(row, labels, formats),
            children: Object.fromEntries(
              nested.map((child) => [
                child.id,
                (children[child.id] ?? []).map((r) =>
                  pickValues(r, present(childLabels[child.id], `child ${child.id}`).labels, present(childLabels[child.id], `child ${child.id}`).formats),
                ),
              ]),
            ),
          };
        }
      })(),
    };
  }

  function customSection(source: CustomSourceOptions, subject: SubjectKey, locale: Locale): SourceSection {
    return {
      id: source.id,
      label: pick(source.label, locale),
      purposes: source.purposes,
      description: source.description ? pick(source.description, locale) : null,
      labels: {},
      formats: {},
      childLabels: {},
      rows: (async function* () {
        for (const record of await source.export(subject)) yield { values: record, children: {} };
      })(),
    };
  }

  const { consentsNow, consentHistory, requestHistory, requestRecord, jsonArray } = histories({ db, ledger, requests });

  return {
    information: infoFor,
    sections,

    /** The export as JSON text, in pieces; the shape is docs/export.schema.json. */
    async *json(subject: SubjectKey, locale: Locale): AsyncGenerator<string> {
      const { controller } = options;
      yield `{"format":"express-shop-privacy/export","formatVersion":1,"generatedAt":${JSON.stringify(options.clock().toISOString())},"language":${JSON.stringify(locale)}`;
      yield `,"controller":${JSON.stringify({ name: controller.name, regNo: controller.regNo, address: controller.address, email: controller.email, website: controller.website })}`;
      yield `,"subject":${JSON.stringify({ email: subject.email, customerId: subject.customerId })},"sources":[`;
      let firstSource = true;
      for (const section of sections(subject, locale)) {
        yield `${firstSource ? '' : ','}{"id":${JSON.stringify(section.id)},"label":${JSON.stringify(section.label)},"purposes":${JSON.stringify(section.purposes)},"description":${JSON.stringify(section.description)},"labels":${JSON.stringify(section.labels)},"formats":${JSON.stringify(section.formats)},"childLabels":${JSON.stringify(section.childLabels)},"rows":[`;
        firstSource = false;
        let firstRow = true;
        for await (const row of section.rows) {
          yield `${firstRow ? '' : ','}${JSON.stringify(row)}`;
          firstRow = false;
        }
        yield ']}';
      }
      yield `],"consents":{"current":${JSON.stringify(await consentsNow(subject))},"history":`;
      yield* jsonArray(consentHistory(subject));
      yield '},"requests":';
      yield* jsonArray(requestHistory(subject), requestRecord);
      yield `,"information":${JSON.stringify(infoFor(locale))}}`;
    },

    /** The export as plain UTF-8 text, the format the policy promises, in pieces. */
    async *txt(subject: SubjectKey, locale: Locale): AsyncGenerator<string> {
      const t = (key: Parameters<typeof translate>[1], vars?: Record<string, string | number>) => translate(locale, key, vars);
      yield `${t('access.txt.title', { controller: options.controller.name })}\n${t('access.txt.subject', { email: visible(subject.email) })}\n${t('access.txt.generated', { date: formatDate(options.clock(), locale, options.timezone) })}\n`;
      for (const section of sections(subject, locale)) {
        yield `\n== ${visible(section.label)} ==\n`;
        if (section.description) yield `${visible(section.description)}\n`;
        let count = 0;
        for await (const row of section.rows) {
          count += 1;
          yield `\n${Object.entries(row.values)
            .map(([column, value]) => `${visible(section.labels[column] ?? column)}: ${show(value, section.formats[column], locale)}\n`)
            .join('')}`;
          for (const [childId, rows] of Object.entries(row.children)) {
            const child = present(section.childLabels[childId], `child ${childId}`);
            for (const childRow of rows)
              yield `  ${child.label}: ${Object.entries(childRow)
                .map(([k, v]) => `${visible(child.labels[k] ?? k)}: ${show(v, child.formats[k], locale)}`)
                .join('; ')}\n`;
          }
        }
        if (count === 0) yield `${t('access.none')}\n`;
      }
      yield `\n== ${t('access.consents')} ==\n`;
      const title = (purpose: string) =>
        purpose === policyAcknowledgement ? t('policy.title') : (infoFor(locale).purposes.find((p) => p.id === purpose)?.title ?? purpose);
      // The ledger's codes (not_granted, checkout) read as words; the JSON keeps the codes for machines.
      const source = (code: string) => (isConsentSource(code) ? t(`access.source.${code}`) : code);
      for (const c of await consentsNow(subject))
        yield `${title(c.purpose)}: ${c.granted ? t('access.granted') : t('access.notGranted')} (${source(c.source)}, ${formatDateTime(new Date(c.updatedAt), locale, options.timezone)})\n`;
      yield `\n${t('access.history')}:\n`;
      const eventLine = (e: { at: string; purpose: string; event: string; source: string; policyVersion: string }) =>
        `${formatDateTime(new Date(e.at), locale, options.timezone)} – ${title(e.purpose)}: ${isEventKind(e.event) ? t(`access.event.${e.event}`) : e.event} (${source(e.source)}; ${t('access.policyVersion', { version: e.policyVersion })})\n`;
      for await (const page of consentHistory(subject)) yield page.map(eventLine).join('');
      yield `\n== ${t('access.requests')} ==\n`;
      const day = (at: Date) => formatDate(at, locale, options.timezone);
      const requestLine = (r: PrivacyRequest) => {
        const line = t('account.requests.line', {
          id: r.id,
          type: t(`request.type.${r.type}`),
          received: day(r.receivedAt),
          status: t(`request.status.${r.status}`),
        });
        const when = r.closedAt ? t('access.requests.closed', { closed: day(r.closedAt) }) : t('account.requests.due', { due: day(r.dueAt) });
        return `${line} (${when})\n${[r.details, r.extensionReason, r.outcome].flatMap((text) => (text ? [`  ${visible(text)}\n`] : [])).join('')}`;
      };
      let anyRequest = false;
      for await (const page of requestHistory(subject)) {
        anyRequest = true;
        yield page.map(requestLine).join('');
      }
      if (!anyRequest) yield `${t('access.none')}\n`;
      yield textInformation(infoFor(locale), t);
    },
  };
}

export type Access = ReturnType<typeof createAccess>;

function textInformation(info: AccessInformation, t: (key: Parameters<typeof translate>[1]) => string): string {
  const lines = [`\n== ${t('access.information')} ==`, `\n${t('policy.use.heading')}`];
  for (const p of info.purposes)
    lines.push(
      `- ${p.title}: ${p.description} ${p.legalBasisText} ${t('policy.use.data')}: ${p.dataCategories.join(', ')}. ${t('policy.use.retention')}: ${p.retention}`,
    );
  lines.push(`\n${t('policy.recipients.heading')}`);
  for (const r of info.recipients) lines.push(`- ${r.name} (${r.purposes.join(', ')}): ${r.location}. ${r.safeguard}`);
  lines.push(`\n${t('policy.rights.heading')}`, ...info.rights.map((right) => `- ${right}`));
  lines.push(
    `\n${info.supervisoryAuthority.name}, ${info.supervisoryAuthority.address}, ${info.supervisoryAuthority.website}. ${info.supervisoryAuthority.complaint}`,
  );
  lines.push(`\n${info.source}`, info.automatedDecisions, '');
  return lines.join('\n');
}

const eventKinds: readonly ConsentEventKind[] = ['acknowledged', 'granted', 'not_granted', 'withdrawn'];
const isEventKind = (value: string): value is ConsentEventKind => (eventKinds as readonly string[]).includes(value);
const isConsentSource = (value: string): value is ConsentSource => (consentSources as readonly string[]).includes(value);
