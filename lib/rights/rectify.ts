import type { Knex } from 'knex';
import { z } from 'zod';
import { translate, type MessageKey } from '../i18n/index.js';
import type { Locale } from '../options/locales.js';
import type { ResolvedOptions } from '../options/schema.js';
import type { PrivacyEmitter } from '../events.js';
import type { Mailer } from '../mail/mailer.js';
import { emailErrorKey, normaliseEmail } from '../subjects/email.js';
import { speaksForAddress } from '../subjects/repository.js';
import type { SubjectsRepository } from '../subjects/repository.js';
import type { TokenProblem, TokensRepository } from '../tokens/repository.js';
import type { ContactField, TableSource } from '../options/sources.js';
import type { SourceRepository, SubjectKey } from '../sources/repository.js';
import type { Requests } from '../requests/service.js';
import type { RightContext } from '../requests/types.js';
import { recipientsToTell } from './recipients.js';

/** The rules a corrected contact detail must meet; each message is a key shown in the shopper's language. */
/**
 * Control characters (a NUL, an escape sequence) and U+FFFD, what a body that was not valid
 * UTF-8 decodes to: no name or address holds them, and a terminal or a PDF that shows them later may misbehave.
 */
export const unprintable = /(?![\t\n\r])[\p{Cc}\ufffd]/u;
/** Every way text breaks a line: LF, CR, VT, FF, NEL, and Unicode's line and paragraph separators. */
export const lineBreak = /[\n\v\f\r\u0085\u2028\u2029]/u;
/**
 * What a one-line field (a name, an address) never holds: any control character (Cc) and any
 * format character (Cf: bidi overrides that reverse what follows, zero-width characters), which
 * would forge lines in an export or reorder what staff read.
 */
export const unprintableInLine = /[\p{Cc}\p{Cf}\ufffd]/u;
const text = (max: number) =>
  z
    .string()
    .trim()
    .min(1, 'rectify.invalid.required')
    .max(max, 'rectify.invalid.tooLong')
    .refine((v) => !lineBreak.test(v), 'rectify.invalid.lineBreak')
    .refine((v) => lineBreak.test(v) || !unprintableInLine.test(v), 'rectify.invalid.characters');

export const contactChanges = z.object({
  full_name: text(160).optional(),
  first_name: text(80).optional(),
  last_name: text(80).optional(),
  phone: z
    .string()
    .trim()
    .max(32, 'rectify.invalid.tooLong')
    .regex(/^\+?[0-9 ()-]{6,}$/, 'rectify.invalid.phone')
    .optional(),
  address: text(200).optional(),
  street: text(200).optional(),
  postcode: z
    .string()
    .trim()
    .max(16, 'rectify.invalid.tooLong')
    .regex(/^[\p{L}\p{N}][\p{L}\p{N} -]{1,15}$/u, 'rectify.invalid.postcode')
    .optional(),
  city: text(80).optional(),
  country: text(80).optional(),
  email: z
    .string()
    .trim()
    .max(254, 'rectify.invalid.tooLong')
    .refine((v) => normaliseEmail(v) !== null, { error: (issue) => emailErrorKey(issue.input) })
    .optional(),
});
export type ContactChanges = z.infer<typeof contactChanges>;

const hour = 60 * 60 * 1000;

interface Deps {
  db: Knex;
  options: Pick<ResolvedOptions, 'clock' | 'controller' | 'customSources' | 'dataSources' | 'localeOr' | 'recipients' | 'tableSources'>;
  sources: SourceRepository;
  subjects: SubjectsRepository;
  tokens: TokensRepository;
  mailer: Mailer;
  events: PrivacyEmitter;
  requests: Requests;
  confirmLink(token: string): string;
  unsubscribeLink(token: string): string;
}

/**
 * The right to rectification (GDPR Art. 16) over every source, in one transaction. A new
 * e-mail address is written only after a link sent to it is followed, so nobody can move a
 * person's records to an address they do not own.
 */
export function createRectification({ db, options, sources, subjects, tokens, mailer, events, requests, confirmLink, unsubscribeLink }: Deps) {
  const { tableSources } = options;
  const { customSources } = options;
  const recipients = recipientsToTell(options);

  async function write(trx: Knex.Transaction, subject: SubjectKey, changes: Partial<Record<ContactField, string>>): Promise<number> {
    let rows = 0;
    for (const source of tableSources) {
      const values = contactValues(source.columns, changes);
      if (Object.keys(values).length > 0) rows += await sources.matching(trx(source.table), source, subject).update(values);
      // A linked row (the address) is corrected only while it is theirs alone: another person's row may point to it too.
      for (const link of source.links) {
        const linked = contactValues(link.columns, changes);
        if (Object.keys(linked).length === 0) continue;
        const keys = await sources.links.theirsAlone(trx, source, link, subject, tableSources);
        if (keys.length > 0) rows += await trx(link.table).whereIn(link.key, keys).update(linked);
      }
    }
    for (const source of customSources) await source.rectify?.(subject, changes, { trx });
    return rows;
  }

  function told(subject: SubjectKey, email: string, fields: string[]): void {
    events.emit('subject.rectified', { subjectId: subject.id, email, fields, at: options.clock(), recipients });
  }

  return {
    /** Corrects names, telephone and address at once; a new e-mail only starts its verification. */
    async rectify(
      subject: SubjectKey,
      input: ContactChanges,
      locale: Locale,
      context: RightContext,
    ): Promise<{ fields: string[]; emailVerificationSent: boolean }> {
      const { email, ...rest } = input;
      const changes = Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined && v !== '')) as Partial<Record<ContactField, string>>;
      const fields = Object.keys(changes);
      if (fields.length > 0) {
        await db.transaction(async (trx) => {
          await write(trx, subject, changes);
          await requests.selfServed(trx, 'rectification', subject, locale, context, { fields, recipientsToTell: recipients });
        });
        told(subject, subject.email, fields);
      }
      const newEmail = email ? normaliseEmail(email) : null;
      let emailVerificationSent = false;
      if (newEmail && newEmail !== subject.email) {
        await db.transaction(async (trx) => {
          const { id } = await subjects.recordOf(trx, subject, locale, options.clock());
          const token = await tokens.issue(trx, { kind: 'email_change', subjectId: id, purpose: null, locale, ttlMs: 24 * hour, payload: newEmail });
          const unsubscribe = await tokens.issue(trx, { kind: 'unsubscribe', subjectId: id, purpose: 'newsletter', locale, ttlMs: 2 * 365 * 24 * hour });
          await mailer.queue(trx, {
            to: newEmail,
            locale,
            subject: translate(locale, 'mail.emailChange.subject', { website: options.controller.website }),
            paragraphs: [translate(locale, 'mail.emailChange.intro', { website: options.controller.website }), translate(locale, 'mail.emailChange.expiry')],
            action: { url: confirmLink(token), label: translate(locale, 'mail.emailChange.action') },
            unsubscribeUrl: unsubscribeLink(unsubscribe),
          });
        });
        emailVerificationSent = true;
      }
      return { fields, emailVerificationSent };
    },

    /** The new address the link would confirm, without using it up: its page only reads (mail scanners open links). */
    async checkEmailChange(token: string): Promise<{ ok: true; email: string } | { ok: false; problem: TokenProblem }> {
      const found = await tokens.check(db, 'email_change', token);
      if (!found.ok) return { ok: false, problem: found.problem };
      return found.row.payload ? { ok: true, email: found.row.payload } : { ok: false, problem: 'unknown' };
    },

    /** The click in the new mailbox: every source and the subject move to the new address, or nothing does. */
    async confirmEmail(token: string): Promise<{ ok: true; email: string } | { ok: false; problem: TokenProblem | 'taken' }> {
      const outcome = await db.transaction(
        async (trx): Promise<{ ok: true; email: string; subject: SubjectKey } | { ok: false; problem: TokenProblem | 'taken' }> => {
          const used = await tokens.consume(trx, 'email_change', token);
          if (!used.ok) return { ok: false, problem: used.problem };
          const row = await subjects.findById(trx, used.row.subject_id);
          const newEmail = used.row.payload;
          if (!row || !newEmail) return { ok: false, problem: 'unknown' };
          // An address another customer proved is theirs; merging two people's records is for staff to decide.
          // What the new address holds without an account joins whoever just proved it.
          const record = await subjects.findByEmail(trx, newEmail);
          if (record?.customer_id && record.customer_id !== row.customer_id) return { ok: false, problem: 'taken' };
          const subject: SubjectKey = { id: row.id, email: row.email, customerId: row.customer_id, emailVerified: speaksForAddress(row) };
          await write(trx, subject, { email: newEmail });
          await subjects.moveTo(trx, row, newEmail);
          await requests.selfServed(
            trx,
            'rectification',
            { id: row.id, email: newEmail },
            options.localeOr(used.row.locale),
            { actor: { type: 'shopper' }, channel: 'account' },
            { fields: ['email'], recipientsToTell: recipients },
          );
          return { ok: true, email: newEmail, subject };
        },
      );
      // Told only once committed, so a listener never acts on a change that was rolled back.
      if (!outcome.ok) return outcome;
      told(outcome.subject, outcome.email, ['email']);
      return { ok: true, email: outcome.email };
    },

    /** The contact details as the sources hold them now (the newest row wins), to fill the form. */
    async current(subject: SubjectKey): Promise<Partial<Record<ContactField, string>>> {
      const found: Partial<Record<ContactField, string>> = {};
      for (const source of tableSources) {
        const columns = Object.entries(source.columns).filter(([, spec]) => spec.contact && found[spec.contact] === undefined);
        const row =
          columns.length === 0
            ? undefined
            : await sources
                .matching(db(source.table).select(columns.map(([c]) => c)), source, subject)
                .orderBy(source.key, 'desc')
                .first();
        for (const [column, spec] of columns) if (spec.contact && row?.[column]) found[spec.contact] = String(row[column]);
        for (const link of source.links) {
          const wanted = Object.entries(link.columns).filter(([, spec]) => spec.contact && found[spec.contact] === undefined);
          if (wanted.length === 0) continue;
          // The newest of their rows that points somewhere, then the row it points to.
          const owner = await sources
            .matching(db(source.table).select(link.column).whereNotNull(link.column), source, subject)
            .orderBy(source.key, 'desc')
            .first();
          const target = owner
            ? await db(link.table)
                .where(link.key, owner[link.column])
                .first(wanted.map(([c]) => c))
            : undefined;
          for (const [column, spec] of wanted) if (spec.contact && target?.[column]) found[spec.contact] = String(target[column]);
        }
      }
      return found;
    },

    /** Messages for invalid fields, in the shopper's language. */
    errorsOf(error: z.ZodError, locale: Locale): Record<string, string> {
      const errors: Record<string, string> = {};
      for (const issue of error.issues) {
        // Our rules carry a message key; anything else (an unknown field, say) is a malformed form.
        const key = issue.message.startsWith('rectify.') ? (issue.message as MessageKey) : 'error.badRequest.text';
        errors[issue.path.length > 0 ? String(issue.path[0]) : 'form'] ??= translate(locale, key);
      }
      return errors;
    },
  };
}

export type Rectification = ReturnType<typeof createRectification>;

/** The corrected values for the columns that hold a contact field. */
function contactValues(columns: TableSource['columns'], changes: Partial<Record<ContactField, string>>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(columns).flatMap(([column, spec]) => {
      const value = spec.contact ? changes[spec.contact] : undefined;
      return value === undefined ? [] : [[column, value]];
    }),
  );
}
