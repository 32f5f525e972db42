import type { Request } from 'express';
import type { Knex } from 'knex';
import type { ConsentService, ShopperAccount } from '../consent/service.js';
import type { ConsentSource } from '../consent/ledger.js';
import type { ConsentWordings } from '../consent/wording.js';
import { InvalidInputError } from '../consent/errors.js';
import { isTicked } from '../consent/fields.js';
import { translate } from '../i18n/index.js';
import type { Locale } from '../options/locales.js';
import type { ResolvedOptions } from '../options/schema.js';
import { unsubscribeHeaders, type Mailer, type UnsubscribeHeaders } from '../mail/mailer.js';
import { normaliseEmail } from '../subjects/email.js';
import type { SignupLimits } from './signup-limits.js';
import type { SubjectRow, SubjectsRepository } from '../subjects/repository.js';
import type { TokenProblem, TokensRepository } from '../tokens/repository.js';

const hour = 60 * 60 * 1000;
export const confirmationHours = 48;
/** The outbox task that answers a sign-up once the page has. */
const signupTask = 'newsletter.signup';
/** Unsubscribe links live in old e-mails; they stay usable for two years. */
const unsubscribeTtl = 2 * 365 * 24 * hour;

interface Deps {
  db: Knex;
  options: Pick<ResolvedOptions, 'clock' | 'consentPurposes' | 'controller' | 'localeOr' | 'logger'>;
  consents: ConsentService;
  wordings: ConsentWordings;
  subjects: SubjectsRepository;
  tokens: TokensRepository;
  mailer: Mailer;
  limits: SignupLimits;
  links: { confirm(token: string): string; unsubscribe(token: string): string };
}

/** A link and headers for one recipient of the shop's own campaign: the link goes in the text, the headers on the message. */
export interface UnsubscribeLink {
  url: string;
  headers: UnsubscribeHeaders;
}

/** `restricted`: the consent is kept but waits for the subject's restriction of processing to end. */
export type TokenOutcome = { ok: true; email: string; locale: Locale; restricted?: boolean } | { ok: false; problem: TokenProblem; locale: Locale | null };

/** A link's state as its page shows it, before the button: `used` only for an unsubscribe link already followed. */
export type LinkState = { ok: true; email: string; locale: Locale; used: boolean } | { ok: false; problem: TokenProblem; locale: Locale | null };

/**
 * Confirmed opt-in: a sign-up only sends a confirmation link; consent counts from the click.
 * Every e-mail carries a one-click unsubscribe, and a withdrawal leaves a suppression entry.
 */
export function createNewsletterService(deps: Deps) {
  const { db, options, consents, wordings, subjects, tokens, mailer, limits, links } = deps;
  // The purpose whose consent the address confirms by e-mail is the one the newsletter form subscribes to.
  const newsletterPurpose = options.consentPurposes.find((purpose) => purpose.consent?.confirmByEmail)?.id ?? 'newsletter';

  async function unsubscribeLink(trx: Knex | Knex.Transaction, subjectId: number, locale: Locale): Promise<string> {
    return links.unsubscribe(await tokens.issue(trx, { kind: 'unsubscribe', subjectId, purpose: newsletterPurpose, locale, ttlMs: unsubscribeTtl }));
  }

  function localeFrom(stored: string | null | undefined): Locale {
    return options.localeOr(stored);
  }

  /**
   * The confirmation link, or a note that the address already receives the news, queued with
   * the tokens they carry: done by the mail worker, after the page has answered.
   */
  async function answerSignup(email: string, customerId: string | null, locale: Locale, finish: (trx: Knex.Transaction) => Promise<void>): Promise<void> {
    // A logged-in customer's box is answered on their own record; anyone else's on the address's.
    const known = customerId !== null ? await subjects.findByCustomer(db, customerId) : await subjects.findByEmail(db, email);
    const already = known !== undefined && (await consents.allows({ subjectId: known.id }, newsletterPurpose));
    const website = options.controller.website;
    await db.transaction(async (trx) => {
      if (already && known) {
        await mailer.queue(trx, {
          to: email,
          locale,
          subject: translate(locale, 'mail.newsletterAlready.subject', { website }),
          paragraphs: [translate(locale, 'mail.newsletterAlready.intro', { website }), translate(locale, 'mail.newsletterAlready.leave')],
          unsubscribeUrl: await unsubscribeLink(trx, known.id, locale),
        });
        return finish(trx);
      }
      const now = options.clock();
      const subject =
        customerId !== null
          ? await subjects.forCustomer(trx, customerId, email, false, locale, now)
          : (known ?? (await subjects.findOrCreate(trx, email, null, locale, now)));
      const token = await tokens.issue(trx, {
        kind: 'newsletter_confirm',
        subjectId: subject.id,
        purpose: newsletterPurpose,
        locale,
        ttlMs: confirmationHours * hour,
      });
      await mailer.queue(trx, {
        to: email,
        locale,
        subject: translate(locale, 'mail.newsletterConfirm.subject', { website }),
        paragraphs: [
          translate(locale, 'mail.newsletterConfirm.intro', { website }),
          translate(locale, 'mail.newsletterConfirm.wording', { wording: wordings.of(newsletterPurpose, locale).text }),
          translate(locale, 'mail.newsletterConfirm.expiry', { hours: confirmationHours }),
        ],
        action: { url: links.confirm(token), label: translate(locale, 'mail.newsletterConfirm.action') },
        unsubscribeUrl: await unsubscribeLink(trx, subject.id, locale),
      });
      await finish(trx);
    });
  }
  mailer.onTask(signupTask, async (payload, finish) => {
    const email = normaliseEmail(payload.email);
    if (!email) throw new Error('a newsletter sign-up task without a valid address');
    // Queued with an order or an account: its limits count now that the order stands, not for one rolled back.
    if (payload.countHere === true && !(await limits.allow(email, typeof payload.ip === 'string' ? payload.ip : undefined))) {
      options.logger.warn('[express-shop-privacy] a newsletter confirmation was not sent: the address or IP reached its hourly limit');
      return db.transaction(finish);
    }
    await answerSignup(email, typeof payload.customerId === 'string' ? payload.customerId : null, localeFrom(String(payload.locale)), finish);
  });

  return {
    /**
     * Queues the confirmation for the mail worker: one insert, the same for every address, so
     * neither the answer nor its timing tells whether the address was known or subscribed
     * already; its mailbox gets the link, or a note that it already receives the news.
     * `limited`: past the address's or the IP's hourly allowance, nothing is written or sent.
     */
    async requestSignup(input: {
      email: unknown;
      customer?: ShopperAccount | null;
      source?: ConsentSource;
      req?: Request;
      locale?: unknown;
      consents?: Record<string, unknown>;
    }): Promise<{ status: 'queued' | 'limited' | 'unticked' }> {
      const email = normaliseEmail(input.email);
      if (!email) throw new InvalidInputError('not a valid e-mail address');
      // The form that showed the box is answered by the box: an empty one asks for nothing.
      if (input.consents && !isTicked(input.consents[`consent_${newsletterPurpose}`])) return { status: 'unticked' };
      if (!(await limits.allow(email, input.req?.ip))) return { status: 'limited' };
      const locale = consents.localeOf(input.req, input.locale);
      const customerId = input.customer ? String(input.customer.id) : null;
      await mailer.defer(db, { kind: signupTask, payload: { email, customerId, locale } }, email);
      return { status: 'queued' };
    },

    /**
     * Queues the confirmation a ticked box at checkout or signup asks for, in `trx`, the shop's
     * transaction: it goes with the order or not at all. The limits are counted by the worker
     * (the shop's transaction may hold the only SQLite connection): past them it logs, the order stands.
     */
    async deferSignup(
      trx: Knex.Transaction,
      input: { email: string; customer?: ShopperAccount | null | undefined; req?: Request | undefined; locale?: unknown; ip?: string | null | undefined },
    ): Promise<void> {
      const locale = consents.localeOf(input.req, input.locale);
      const customerId = input.customer ? String(input.customer.id) : null;
      // The IP travels sealed, as the address does, and goes with the row once the task is done.
      const payload = { email: input.email, customerId, locale, countHere: true, ip: input.ip !== undefined ? input.ip : (input.req?.ip ?? null) };
      await mailer.defer(trx, { kind: signupTask, payload }, input.email);
    },

    /**
     * For the shop's own campaign mailer (Latvian Information Society Services Law §9: every
     * commercial e-mail offers a free and simple refusal): one recipient's one-click link, a
     * random single-use token stored hashed, and the RFC 8058 headers that carry it. The link
     * names the record that holds the address's consent, so the click withdraws that one.
     */
    async unsubscribeLink(address: unknown, { purpose = newsletterPurpose }: { purpose?: string } = {}): Promise<UnsubscribeLink> {
      const email = normaliseEmail(address);
      if (!email) throw new InvalidInputError('unsubscribeLink: not a valid e-mail address');
      consents.requireConsentPurpose(purpose);
      const records = await subjects.allAt(db, email);
      const granted: SubjectRow[] = [];
      for (const record of records) if (await consents.allows({ subjectId: record.id }, purpose)) granted.push(record);
      const url = await db.transaction(async (trx) => {
        const subject =
          granted[0] ?? records.find((r) => r.customer_key === '') ?? (await subjects.findOrCreate(trx, email, null, localeFrom(null), options.clock()));
        return links.unsubscribe(
          await tokens.issue(trx, { kind: 'unsubscribe', subjectId: subject.id, purpose, locale: localeFrom(subject.locale), ttlMs: unsubscribeTtl }),
        );
      });
      return { url, headers: unsubscribeHeaders(url) };
    },

    /**
     * What a link's page shows before its button is pressed; it reads and never writes, since
     * mail scanners open links. An unsubscribe link already used says the address is unsubscribed.
     */
    async check(kind: 'newsletter_confirm' | 'unsubscribe', token: string): Promise<LinkState> {
      const found = await tokens.check(db, kind, token);
      const locale = found.row ? localeFrom(found.row.locale) : null;
      const usable = found.ok || (kind === 'unsubscribe' && found.problem === 'used');
      if (!usable || !found.row || !locale) return { ok: false, problem: found.ok ? 'unknown' : found.problem, locale };
      const subject = await subjects.findById(db, found.row.subject_id);
      if (!subject) return { ok: false, problem: 'unknown', locale };
      return { ok: true, email: subject.email, locale, used: !found.ok };
    },

    /** The click on the confirmation link: uses the token up and records the consent, in one transaction. */
    async confirm(token: string, req?: Request): Promise<TokenOutcome> {
      return db.transaction(async (trx) => {
        const used = await tokens.consume(trx, 'newsletter_confirm', token);
        if (!used.ok) return { ok: false, problem: used.problem, locale: used.row ? localeFrom(used.row.locale) : null };
        const locale = localeFrom(used.row.locale);
        const subject = await subjects.findById(trx, used.row.subject_id);
        if (!subject) return { ok: false, problem: 'unknown', locale };
        await consents.grant({ subjectId: subject.id }, newsletterPurpose, { source: 'newsletter', req, locale, trx });
        return { ok: true, email: subject.email, locale, restricted: subject.restricted_at != null };
      });
    },

    /**
     * One click, no login. Clicking an already-used link again changes nothing and says the
     * address is unsubscribed, which it is.
     */
    async unsubscribe(token: string, req?: Request): Promise<TokenOutcome> {
      return db.transaction(async (trx) => {
        const used = await tokens.consume(trx, 'unsubscribe', token);
        if (!used.ok && used.problem !== 'used') return { ok: false, problem: used.problem, locale: used.row ? localeFrom(used.row.locale) : null };
        const row = used.row;
        if (!row) return { ok: false, problem: 'unknown', locale: null };
        const locale = localeFrom(row.locale);
        const subject = await subjects.findById(trx, row.subject_id);
        if (!subject) return { ok: false, problem: 'unknown', locale };
        if (used.ok) await consents.withdraw({ subjectId: subject.id }, row.purpose ?? newsletterPurpose, { source: 'newsletter', req, locale, trx });
        return { ok: true, email: subject.email, locale };
      });
    },
  };
}

export type NewsletterService = ReturnType<typeof createNewsletterService>;
