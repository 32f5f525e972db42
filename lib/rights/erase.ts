import type { Knex } from 'knex';
import { pick } from '../i18n/index.js';
import type { Locale } from '../options/locales.js';
import type { ResolvedOptions } from '../options/schema.js';
import type { PrivacyEmitter } from '../events.js';
import type { TableNames } from '../store/tables.js';
import type { AddressHash } from '../subjects/email.js';
import { subjectsRepository } from '../subjects/repository.js';
import type { TableSource } from '../options/sources.js';
import type { Outcome, SourceRepository, SubjectKey } from '../sources/repository.js';
import type { AuditTrail } from '../audit/trail.js';
import type { Requests } from '../requests/service.js';
import type { RightContext } from '../requests/types.js';
import type { Mailer } from '../mail/mailer.js';
import { recipientsToTell } from './recipients.js';
import { mailErasureReport, type ErasureLine } from './erasure-report.js';

export type { ErasureLine } from './erasure-report.js';

interface Deps {
  db: Knex;
  tables: TableNames;
  options: ResolvedOptions;
  sources: SourceRepository;
  events: PrivacyEmitter;
  requests: Requests;
  audit: AuditTrail;
  hashAddress: AddressHash;
  mailer: Mailer;
}

/**
 * The right to erasure (GDPR Art. 17), in one transaction over every source: a row is deleted,
 * or, while a declared legal retention runs, kept with its personal columns anonymised.
 * The module's own records of the person go too, except a hashed suppression entry per
 * consent purpose so no import can bring the address back. All or nothing; running it again
 * finds nothing left and changes nothing.
 */
export function createErasure({ db, tables, options, sources, events, requests, audit, hashAddress, mailer }: Deps) {
  const { tableSources, customSources } = options;
  const consentPurposes = options.consentPurposes.map((p) => p.id);
  const recipients = recipientsToTell(options);
  const subjects = subjectsRepository(tables, options.clock);

  /** The same report in another language: labels and reasons come from the options. */
  function relabel(lines: ErasureLine[], locale: Locale): ErasureLine[] {
    return lines.map((line) => {
      const source = options.dataSources.find((s) => s.id === line.source);
      const link = tableSources.flatMap((s) => s.links).find((l) => l.id === line.source);
      if (!source) return link ? { ...line, label: pick(link.label, locale) } : line;
      const reason =
        'table' in source
          ? source.erase.action === 'anonymise'
            ? pick(source.erase.reason, locale)
            : null
          : source.description
            ? pick(source.description, locale)
            : null;
      return { ...line, label: pick(source.label, locale), reason: line.reason === null ? null : reason };
    });
  }

  return {
    /** What erasure would do now, without doing it: for the confirmation step. */
    async preview(subject: SubjectKey, locale: Locale): Promise<ErasureLine[]> {
      // Done for real inside a transaction that is always rolled back: the preview cannot drift from the deed.
      return db
        .transaction((trx) => run(trx, subject, locale, false))
        .catch((err: unknown) => {
          if (err instanceof PreviewDone) return err.lines;
          throw err;
        });
    },

    relabel,

    /**
     * `visitorId`: the erasing browser's, whose cookie answers (IP address, user agent) go too.
     * `report`: the report is e-mailed there, in that language, queued in the erasure's transaction.
     */
    async erase(
      subject: SubjectKey,
      locale: Locale,
      context: RightContext,
      { visitorId = null, report: mailTo }: { visitorId?: string | null; report?: { to: string; locale: Locale } } = {},
    ): Promise<ErasureLine[]> {
      const now = options.clock();
      const lines = await db.transaction(async (trx) => {
        const report = await run(trx, subject, locale, true, now, visitorId);
        // A retry that finds nothing left changes nothing, not even the records of the first run.
        if (subject.id === null && report.every((line) => line.deleted === 0 && line.anonymised === 0)) return report;
        // The request and the audit entry stay as proof the erasure was done; neither keeps the address.
        const requestId = await requests.selfServed(trx, 'erasure', subject, locale, context);
        await requests.repository.forgetAddress(trx, subject.id, subject.emailVerified ? hashAddress(subject.email) : null);
        const counts = Object.fromEntries(report.map((line) => [line.source, { deleted: line.deleted, anonymised: line.anonymised }]));
        await audit.record(trx, {
          actor: context.actor,
          action: 'subject.erased',
          subjectId: subject.id,
          requestId,
          details: { sources: counts, recipientsToTell: recipients },
        });
        if (mailTo) await mailErasureReport(trx, mailer, options, mailTo.to, mailTo.locale, relabel(report, mailTo.locale));
        return report;
      });
      events.emit('subject.erased', { email: subject.email, customerId: subject.customerId, at: now, report: lines, recipients });
      return lines;
    },
  };

  async function run(
    trx: Knex.Transaction,
    subject: SubjectKey,
    locale: Locale,
    write: boolean,
    now = options.clock(),
    visitorId: string | null = null,
  ): Promise<ErasureLine[]> {
    const lines: ErasureLine[] = [];
    // Custom sources first, while every row they may look up the subject by (the user's row with
    // its card number) is still there; then the tables.
    for (const source of customSources) {
      const erase = source.erase;
      // Outside stores cannot be rolled back: a preview only names them.
      const result = erase && write ? ((await erase(subject, { trx })) ?? {}) : {};
      lines.push({
        source: source.id,
        label: pick(source.label, locale),
        deleted: result.deleted ?? 0,
        anonymised: result.anonymised ?? 0,
        keptUntil: null,
        reason: source.description ? pick(source.description, locale) : null,
      });
    }
    // Anonymise first: a kept row may still point at a row another source deletes (orders → customers).
    const ordered = [...tableSources.filter((s) => s.erase.action === 'anonymise'), ...tableSources.filter((s) => s.erase.action === 'delete').reverse()];
    // A linked row (the address) is reported once, under its link's id, whichever owner let it go last.
    const linked = new Map<string, ErasureLine>();
    for (const link of tableSources.flatMap((s) => s.links))
      if (!linked.has(link.id))
        linked.set(link.id, { source: link.id, label: pick(link.label, locale), deleted: 0, anonymised: 0, keptUntil: null, reason: null });
    for (const source of ordered) lines.push(await eraseTable(trx, source, subject, locale, now, linked));
    lines.push(...linked.values());
    await eraseModuleRecords(trx, subject, now, visitorId);
    if (!write) throw new PreviewDone(sortAsDeclared(lines));
    return sortAsDeclared(lines);
  }

  function sortAsDeclared(lines: ErasureLine[]): ErasureLine[] {
    // A linked row's line follows the first source that links to it.
    const order = options.dataSources.flatMap((s) => ('table' in s ? [s.id, ...s.links.map((l) => l.id)] : [s.id]));
    return [...lines].sort((a, b) => order.indexOf(a.source) - order.indexOf(b.source));
  }

  async function eraseTable(
    trx: Knex.Transaction,
    source: TableSource,
    subject: SubjectKey,
    locale: Locale,
    now: Date,
    linked: Map<string, ErasureLine>,
  ): Promise<ErasureLine> {
    const count = (outcome: Outcome) => {
      for (const [id, n] of Object.entries(outcome.linked)) {
        const line = linked.get(id);
        if (line) line.deleted += n;
      }
      return outcome.rows;
    };
    const line: ErasureLine = { source: source.id, label: pick(source.label, locale), deleted: 0, anonymised: 0, keptUntil: null, reason: null };
    const keys = (await sources.matching(trx(source.table).select(source.key), source, subject)).map(
      (row: Record<string, unknown>) => row[source.key] as Knex.Value,
    );
    if (keys.length === 0) return line;
    let toDelete = keys;
    if (source.erase.action === 'anonymise') {
      const { years, from } = source.erase.keepFor;
      const cutoff = new Date(now);
      cutoff.setUTCFullYear(cutoff.getUTCFullYear() - years);
      // Rows still inside the legal period are kept, anonymised; older ones have nothing left to keep.
      const kept = await trx(source.table).whereIn(source.key, keys).where(from, '>=', cutoff).select(source.key, from);
      const keptKeys = kept.map((row: Record<string, unknown>) => row[source.key] as Knex.Value);
      toDelete = keys.filter((key: Knex.Value) => !keptKeys.includes(key));
      if (keptKeys.length > 0) {
        line.anonymised = count(await sources.anonymise(trx, source, keptKeys, tableSources));
        const newest = Math.max(...kept.map((row: Record<string, unknown>) => new Date(row[from] as string | number | Date).getTime()));
        const until = new Date(newest);
        until.setUTCFullYear(until.getUTCFullYear() + years);
        line.keptUntil = until.toISOString().slice(0, 10);
        line.reason = pick(source.erase.reason, locale);
      }
    }
    line.deleted = count(await sources.remove(trx, source, toDelete, tableSources));
    return line;
  }

  /**
   * The person's own record, and, once the address is proven theirs, the address's own record
   * with a suppression entry per consent purpose.
   * An unproven address is someone else's until shown otherwise: nothing of it is touched.
   */
  async function eraseModuleRecords(trx: Knex.Transaction, subject: SubjectKey, now: Date, visitorId: string | null): Promise<void> {
    // The browser's own cookie answers, made before login or after: theirs, with their IP address.
    if (visitorId) await trx(tables.consentEvents).where({ visitor_id: visitorId }).delete();
    const ids = subject.id === null ? [] : [subject.id];
    if (subject.emailVerified) {
      const ofAddress = await subjects.findByEmail(trx, subject.email);
      if (ofAddress && !ids.includes(Number(ofAddress.id))) ids.push(Number(ofAddress.id));
      const hash = hashAddress(subject.email);
      // A shop that asks for no consent has nothing to suppress (and an empty insert is no query).
      if (consentPurposes.length > 0)
        await trx(tables.suppressions)
          .insert(consentPurposes.map((purpose) => ({ email_hash: hash, purpose, created_at: now })))
          .onConflict(['email_hash', 'purpose'])
          .ignore();
    }
    await subjects.forget(trx, ids);
  }
}

/** Carries a preview's lines out of the transaction it rolls back. */
class PreviewDone extends Error {
  constructor(readonly lines: ErasureLine[]) {
    super('erasure preview');
  }
}

export type Erasure = ReturnType<typeof createErasure>;
