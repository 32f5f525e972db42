import { pick, translate, type MessageKey } from '../i18n/index.js';
import type { Locale } from '../options/locales.js';
import type { ResolvedOptions } from '../options/schema.js';
import type { Views } from '../http/views.js';
import { describeRecipient } from '../rights/recipients.js';

export interface NoticeLinks {
  /** The policy's absolute address, for the sign's "full information" (people read it off a wall). */
  policyUrl: string;
  /** Where the module's stylesheets are served. */
  assetsPath: string;
}

/**
 * The printable sign for a purpose carried out on the premises (`premisesNotice`, e.g. video
 * surveillance): the first layer of information the EDPB Guidelines 3/2019 (§7) expect at the
 * entrance, in every language of the policy on one A4 page: the controller and how to reach
 * them, the purpose, the legal basis, how long recordings are kept, who receives them, the
 * rights, and where the full notice is. Rendered once, at start; null when no purpose needs one.
 */
export function renderPremisesNotice(
  options: Pick<ResolvedOptions, 'controller' | 'defaultLocale' | 'policy' | 'purposes' | 'recipients' | 'supervisoryAuthority'>,
  views: Views,
  links: NoticeLinks,
): string | null {
  const purposes = options.purposes.filter((purpose) => purpose.premisesNotice);
  if (purposes.length === 0) return null;
  const locales = options.policy.locales;
  const first = options.defaultLocale;
  const { controller } = options;
  const policyUrl = (locale: Locale, id: string) => `${links.policyUrl}${locale === first ? '' : `?lang=${locale}`}#purpose-${id}`;
  const signs = purposes.map((purpose) => ({
    id: purpose.id,
    titles: locales.map((locale) => ({ locale, title: pick(purpose.title, locale) })),
    languages: locales.map((locale) => {
      const t = (key: MessageKey, vars?: Record<string, string>) => translate(locale, key, vars);
      const recipients = options.recipients.filter((r) => r.purposes.includes(purpose.id)).map((r) => describeRecipient(r, options, locale));
      return {
        locale,
        description: pick(purpose.description, locale),
        facts: [
          { label: t('notice.controller'), text: `${t('layout.controller', { name: controller.name, regNo: controller.regNo })}, ${controller.address}` },
          { label: t('notice.contact'), text: [controller.email, controller.phone].filter(Boolean).join(', ') },
          {
            label: t('notice.legalBasis'),
            text: [t(`legalBasis.${purpose.legalBasis}` as MessageKey), pick(purpose.legalBasisNote, locale)].filter(Boolean).join('. '),
          },
          { label: t('notice.retention'), text: pick(purpose.retention, locale) },
          ...(recipients.length > 0
            ? [{ label: t('notice.recipients'), text: recipients.map((r) => (r.provider ? `${r.name} (${r.provider})` : r.name)).join('; ') }]
            : []),
          { label: t('notice.rights.heading'), text: t('notice.rights', { authority: pick(options.supervisoryAuthority.name, locale) }) },
          { label: t('notice.more.heading'), text: t('notice.more', { url: policyUrl(locale, purpose.id) }) },
        ],
      };
    }),
  }));
  return views.fragment('premises-notice', {
    locale: first,
    title: translate(first, 'notice.title', { purposes: purposes.map((p) => pick(p.title, first)).join(', ') }),
    assetsPath: links.assetsPath,
    signs,
  });
}
