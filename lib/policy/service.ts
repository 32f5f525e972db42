import { createHash } from 'node:crypto';
import type { RequestHandler } from 'express';
import type { Locale } from '../options/locales.js';
import { policyTextNames } from '../options/policy-schema.js';
import type { ResolvedOptions } from '../options/schema.js';
import { pick, translate, type MessageKey } from '../i18n/index.js';
import type { Views } from '../http/views.js';
import { withLang } from '../http/locale.js';
import { policyCookieTables } from '../cookies/declaration.js';
import { describeRecipient } from '../rights/recipients.js';
import { statedPurposes } from './own-processing.js';
import { renderPremisesNotice, type NoticeLinks } from './premises-notice.js';
import type { PublishedPolicy } from './published.js';
import type { PolicyVersionsRepository } from './repository.js';

export type { PublishedPolicy } from './published.js';
import { calendarDay, settleVersion, type RenderPolicy } from './version.js';

/** The options the policy text is written from. */
type PolicyOptions = Pick<
  ResolvedOptions,
  | 'clock'
  | 'consentPurposes'
  | 'controller'
  | 'cookies'
  | 'defaultLocale'
  | 'policy'
  | 'policyText'
  | 'purposes'
  | 'recipients'
  | 'retention'
  | 'supervisoryAuthority'
  | 'timezone'
>;

/** The rights the policy lists, in its order. */
const rights = ['access', 'withdraw', 'rectify', 'restrict', 'portability', 'erase', 'object'] as const;

export interface PolicyService {
  /** The policy as shown in `locale`. Known once `settle()` has run (`privacy.migrate()` runs it). */
  published(locale: Locale): PublishedPolicy;
  all(): PublishedPolicy[];
  /** Whether the version and date in force are settled and the texts recorded. */
  readonly settled: boolean;
  /**
   * Finds this text in `policy_versions` (recording it when it is new) and so the version and
   * date in force, which `options.policy` then holds for everything that records or compares a
   * version. Runs once per process; a failure is tried again on the next call.
   */
  settle(): Promise<PublishedPolicy[]>;
  /** The printable sign for the premises (policy/premises-notice.ts), or null when no purpose has `premisesNotice`. */
  premisesNotice(): string | null;
}

/**
 * Renders the policy text for every language from the options: the page never changes while the
 * process runs, so it is served from memory and its hash is known. Its version and date are the
 * shop's (`policy.version`, `policy.date`) or, by default, the day the text was first published.
 */
export function createPolicyService(
  options: PolicyOptions,
  views: Views,
  repository: PolicyVersionsRepository,
  links: NoticeLinks & { noticePath: string; requestPath: string },
): PolicyService {
  const notice = renderPremisesNotice(options, views, links);
  // requestUrl: guests use their rights by an e-mailed link, not only by writing to the shop.
  const models = new Map(
    options.policy.locales.map((locale) => [
      locale,
      { ...policyModel(options, locale), noticeUrl: notice ? links.noticePath : null, requestUrl: withLang(links.requestPath, locale, options.policy.locales) },
    ]),
  );
  const render: RenderPolicy = (version, date) =>
    options.policy.locales.map((locale) => {
      const text = views.fragment('policy', { locale, ...models.get(locale), policy: { ...options.policy, version, date } });
      return { version, date, locale, text, hash: createHash('sha256').update(text, 'utf8').digest('hex') };
    });
  // An empty version or date in the resolved options means "from the text" (see settleVersion).
  const given = { version: options.policy.version || null, date: options.policy.date || null };
  let texts: PublishedPolicy[] | null = given.version && given.date ? render(given.version, given.date) : null;
  let settled = false;
  let pending: Promise<PublishedPolicy[]> | null = null;
  const known = () => {
    if (texts) return texts;
    throw new Error(
      "express-shop-privacy: the policy's version is not known yet: it is the day its text was first published, which `await privacy.migrate()` looks up at start",
    );
  };
  return {
    published(locale) {
      const list = known();
      const found = list.find((text) => text.locale === locale) ?? list[0];
      if (!found) throw new Error(`express-shop-privacy: no policy text for "${locale}"`);
      return found;
    },
    all: () => [...known()],
    premisesNotice: () => notice,
    get settled() {
      return settled;
    },
    settle() {
      pending ??= settleVersion({ given, today: () => calendarDay(options.clock(), options.timezone), render, repository }).then(
        (found) => {
          texts = found;
          options.policy.version = found[0]?.version ?? options.policy.version;
          options.policy.date = found[0]?.date ?? options.policy.date;
          settled = true;
          return found;
        },
        (err: unknown) => {
          pending = null;
          throw err;
        },
      );
      return pending;
    },
  };
}

function policyModel(options: PolicyOptions, locale: Locale) {
  const purposes = statedPurposes(options);
  const purposeTitle = new Map(purposes.map((purpose) => [purpose.id, pick(purpose.title, locale)]));
  return {
    controller: options.controller,
    policy: options.policy,
    authority: { ...options.supervisoryAuthority, name: pick(options.supervisoryAuthority.name, locale) },
    purposes: purposes.map((purpose) => ({
      ...purpose,
      legalBasisText: translate(locale, `legalBasis.${purpose.legalBasis}` as MessageKey),
      data: purpose.dataCategories.map((category) => pick(category, locale)).join(', '),
    })),
    recipients: options.recipients.map((recipient) => ({
      ...describeRecipient(recipient, options, locale),
      purposeTitles: recipient.purposes.map((id) => purposeTitle.get(id)).join(', '),
    })),
    rights: rights.map((right) => `policy.rights.${right}`),
    cookieTables: policyCookieTables(options, locale),
    texts: Object.fromEntries(policyTextNames.map((name) => [name, options.policyText(name, locale)])),
  };
}

/**
 * The middleware, waiting on a process's first requests for the policy version when the shop ran
 * its migrations elsewhere (`shop-privacy migrate`) and not `privacy.migrate()` at start.
 */
export function afterPolicySettled(policy: PolicyService, handler: RequestHandler): RequestHandler {
  return function privacyMiddleware(req, res, next) {
    if (policy.settled) {
      handler(req, res, next);
      return;
    }
    policy.settle().then(() => handler(req, res, next), next);
  };
}
