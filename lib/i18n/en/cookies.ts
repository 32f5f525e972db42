import type { cookies as lv } from '../lv/cookies.js';

/**
 * In English: the cookie banner, the cookie settings page and the cookie table.
 * Keys `cookies.…`; typed against the Latvian part, so a missing or extra key does not compile.
 */
export const cookies: Record<keyof typeof lv, string> = {
  'cookies.banner.label': 'Cookie choice',
  'cookies.banner.title': 'We use cookies',
  'cookies.banner.text':
    'Cookies needed for the site to work are always used. Visitor-statistics and marketing (social networks and targeted advertising) cookies are used only with your consent, which you can change or withdraw at any time.',
  'cookies.banner.gpc': 'Your browser sends a Global Privacy Control signal, so we have refused marketing cookies on your behalf.',
  'cookies.acceptAll': 'Accept all',
  'cookies.rejectAll': 'Reject all',
  'cookies.settings': 'Settings',
  'cookies.save': 'Save my choice',
  'cookies.accountNote':
    "These choices are for cookies in this browser. Your account's consents (such as targeted advertising and news) stay as they are; you can change them on your privacy page.",
  'cookies.accountLink': 'Open your privacy page',
  'cookies.title': 'Cookie settings',
  'cookies.intro':
    'Here you can change or withdraw your choice at any time, as easily as you gave it. We keep your choice in one necessary cookie, and your consent in our records as proof.',
  'cookies.necessary.title': 'Necessary cookies',
  'cookies.necessary.text': 'Needed for the site to work: the cart, login, security and your cookie choice. They cannot be switched off.',
  'cookies.necessary.always': 'Always on',
  'cookies.analytics.title': 'Visitor statistics',
  'cookies.analytics.text':
    'Let us observe the number of visitors and visits at a general level (IP address, browser type, pages visited and time) to improve the site.',
  'cookies.marketing.title': 'Marketing: social networks and targeted advertising',
  'cookies.marketing.text': 'Links the site with social networks and lets us show you advertising tailored to you.',
  'cookies.allow': 'Allow',
  'cookies.current.none': 'You have not made a choice yet.',
  'cookies.current.saved': 'Your choice is saved.',
  'cookies.gpcLocked': 'Refused because of your browser’s Global Privacy Control signal.',
  'cookies.footerLink': 'Cookie settings',
  'cookies.banner.which': 'Which cookies, and why',
  'cookies.table.caption': 'List of cookies: {category}',
  'cookies.table.name': 'Cookie',
  'cookies.table.purpose': 'Purpose',
  'cookies.table.lifetime': 'Lifetime',
  'cookies.table.provider': 'Provider',
  'cookies.table.party': 'First or third party',
  'cookies.table.empty': 'There are no cookies in this category at present.',
  'cookies.party.first': 'First party (this site only)',
  'cookies.party.third': 'Third party; can be read by {access}',
  'cookies.lifetime.session': 'Until the browser is closed',
  'cookies.own.consent': 'Remembers your cookie choice (which categories you allowed, and when), so that you are not asked on every page.',
  'cookies.own.csrf': 'Protects the privacy forms against forged submissions from other sites (CSRF).',
  'cookies.own.guest': 'When you open the e-mailed link to your data page without logging in, keeps that page open.',
  'cookies.own.lang': 'Remembers the language you picked in the language switcher.',
};
