import { translate } from '../i18n/index.js';
import { withLang } from '../http/locale.js';
import type { Locale } from '../options/locales.js';

/** The links at the top of every staff page. */
export function staffNav(staffPath: string, locale: Locale, locales: readonly Locale[], current: 'queue' | 'lookup' | 'records') {
  return [
    { url: withLang(`${staffPath}/`, locale, locales), label: translate(locale, 'staff.nav.queue'), current: current === 'queue' },
    { url: withLang(`${staffPath}/lookup`, locale, locales), label: translate(locale, 'staff.nav.lookup'), current: current === 'lookup' },
    { url: withLang(`${staffPath}/records`, locale, locales), label: translate(locale, 'staff.nav.records'), current: current === 'records' },
  ];
}
