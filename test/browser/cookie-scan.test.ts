import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { t } from '../../examples/storefront/messages.js';
import { setStaffRole } from '../../examples/storefront/staff.js';
import { cookieDeclaration, findDeclaredCookie, type DeclaredCookie } from '../../index.js';
import { languageCookie } from '../../lib/http/locale.js';
import { translate } from '../../lib/i18n/index.js';
import { inChromium } from './harness.js';
import { linkIn, openMail } from './page-check.js';

type ConsentState = 'no choice' | 'rejected all' | 'accepted all';
const states: ConsentState[] = ['no choice', 'rejected all', 'accepted all'];
const lv = (key: Parameters<typeof translate>[1]) => translate('lv', key);

/** One cookie as the scan saw it: where first, in which states, and what the server said its lifetime was. */
interface Seen {
  name: string;
  domain: string;
  declared: DeclaredCookie | undefined;
  states: Set<ConsentState>;
  firstPage: string;
  lifetimes: Set<string>;
}

/** The longest a declared lifetime may be, in seconds (a month counted as 31 days); null: a session cookie. */
function declaredSeconds(cookie: DeclaredCookie): number | null | undefined {
  const { lifetime } = cookie;
  if (lifetime === 'session') return null;
  if ('lv' in lifetime || 'en' in lifetime) return undefined;
  const d = lifetime as { years?: number; months?: number; days?: number; hours?: number; minutes?: number };
  return ((d.years ?? 0) * 366 + (d.months ?? 0) * 31 + (d.days ?? 0)) * 86400 + (d.hours ?? 0) * 3600 + (d.minutes ?? 0) * 60;
}

/**
 * A cookie scanner, as an authority's or an auditor's would run: every page of the example shop
 * and the module, in three consent states, lists every cookie, web-storage key and request host,
 * and fails on a cookie the declaration does not list, a statistics or marketing cookie without
 * that consent, a lifetime longer than declared, a language cookie nobody picked, any web
 * storage, and a request to another host before consent.
 */
inChromium('a cookie scan of every page in three consent states', (browser, served) => {
  it('finds only declared cookies, each category only with its consent', async function () {
    this.timeout(240_000);
    const base = served().url;
    const host = new URL(base).host;
    const hostname = new URL(base).hostname;
    const declaration = cookieDeclaration(served().shop.privacy.options);
    const seen = new Map<string, Seen>();
    const storage = new Map<string, Set<string>>();
    const hosts = new Map<ConsentState, Set<string>>();
    const problems: string[] = [];
    /** Each problem once, with the first page it was seen on. */
    const reported = new Set<string>();
    const problem = (subject: string, what: string, where: string) => {
      if (reported.has(`${subject}: ${what}`)) return;
      reported.add(`${subject}: ${what}`);
      problems.push(`${subject}: ${what} (first on ${where})`);
    };

    for (const [index, state] of states.entries()) {
      const context = await browser().newContext({ locale: 'lv-LV', viewport: { width: 1280, height: 900 } });
      const page = await context.newPage();
      const requestHosts = new Set<string>();
      hosts.set(state, requestHosts);
      context.on('request', (request) => requestHosts.add(new URL(request.url()).host));
      // What the server says each cookie lasts (Max-Age), to hold against the declaration.
      const reading: Promise<void>[] = [];
      context.on('response', (response) => {
        reading.push(
          response.headersArray().then(
            (headers) => {
              for (const header of headers) {
                if (header.name.toLowerCase() !== 'set-cookie') continue;
                for (const line of header.value.split('\n')) recordSetCookie(line, response.url(), headers.find((h) => h.name.toLowerCase() === 'date')?.value);
              }
            },
            () => undefined,
          ),
        );
      });
      let picked = false;
      /** A Set-Cookie header: its lifetime is Max-Age, or Expires less the response's own Date (never this machine's clock). */
      const recordSetCookie = (line: string, url: string, date: string | undefined) => {
        const name = line.slice(0, line.indexOf('='));
        if (/Expires=Thu, 01 Jan 1970/i.test(line)) return;
        const maxAge = /;\s*Max-Age=(\d+)/i.exec(line)?.[1];
        const expires = /;\s*Expires=([^;]+)/i.exec(line)?.[1];
        const seconds = maxAge !== undefined ? Number(maxAge) : expires && date ? Math.round((Date.parse(expires) - Date.parse(date)) / 1000) : null;
        const declared = findDeclaredCookie(declaration, name);
        const allowed = declared ? declaredSeconds(declared) : undefined;
        if (declared && allowed === null && seconds !== null)
          problem(name, `declared for the session, set for ${seconds} s`, `${new URL(url).pathname} (${state})`);
        // Expires and the Date header are whole seconds, taken at moments apart on a busy server: one second is rounding, not a longer lifetime.
        if (declared && typeof allowed === 'number' && seconds !== null && seconds > allowed + 1)
          problem(name, `set for ${seconds} s, longer than declared (${allowed} s)`, `${new URL(url).pathname} (${state})`);
        seenOf(name, hostname).lifetimes.add(
          seconds === null ? 'session' : seconds < 86400 ? `${Math.round(seconds / 60)} min` : `${Math.round(seconds / 86400)} d`,
        );
      };
      const seenOf = (name: string, domain: string) => {
        const key = `${name}@${domain}`;
        let entry = seen.get(key);
        if (!entry) {
          entry = { name, domain, declared: findDeclaredCookie(declaration, name), states: new Set(), firstPage: '', lifetimes: new Set() };
          seen.set(key, entry);
        }
        return entry;
      };
      const consented = (category: string) => category === 'necessary' || state === 'accepted all';

      /** Everything the browser holds after this page, checked against the declaration and the state. */
      const scan = async (label: string) => {
        await page.waitForLoadState('load');
        await Promise.all(reading.splice(0));
        for (const cookie of await context.cookies()) {
          const entry = seenOf(cookie.name, cookie.domain);
          if (!entry.firstPage) entry.firstPage = `${label} (${state})`;
          entry.states.add(state);
          const where = `${label} (${state})`;
          if (!entry.declared) problem(cookie.name, 'not in the cookie declaration', where);
          else if (!consented(entry.declared.category)) problem(cookie.name, `a ${entry.declared.category} cookie without that consent, ${state}`, where);
          if (cookie.name === languageCookie.name && !picked) problem(cookie.name, `the language cookie, though no language was picked, ${state}`, where);
          if (cookie.domain !== hostname && state !== 'accepted all') problem(cookie.name, `set for ${cookie.domain}, another site, before consent`, where);
        }
        const keys = await page.evaluate<string[]>(
          "[...Object.keys(localStorage).map((k) => 'localStorage ' + k), ...Object.keys(sessionStorage).map((k) => 'sessionStorage ' + k)]",
        );
        for (const key of keys) {
          const seenOn = storage.get(key) ?? new Set<string>();
          storage.set(key, seenOn);
          seenOn.add(`${label} (${state})`);
          problem(key, 'web storage, which the declaration does not cover', `${label} (${state})`);
        }
      };
      const visit = async (label: string, url: string) => {
        await page.goto(`${base}${url}`);
        await scan(label);
      };

      // The first page, then the banner's answer for this state.
      await visit('home', '/');
      if (state !== 'no choice') {
        const banner = page.getByRole('region', { name: lv('cookies.banner.label') });
        await banner.getByRole('button', { name: lv(state === 'accepted all' ? 'cookies.acceptAll' : 'cookies.rejectAll') }).click();
        await banner.waitFor({ state: 'detached' });
        await visit('home after the banner', '/');
      }
      // The shop's pages, and the module's links, which carry ?lang= without a language being picked.
      // (Each English page is followed by a link back to Latvian, so the scan goes on in Latvian.)
      await visit('home in English (link with ?lang=en)', '/?lang=en');
      await visit('home in Latvian (link with ?lang=lv)', '/?lang=lv');
      await visit('a product category', '/?category=brakes');
      await page
        .getByRole('button', { name: t('lv', 'catalogue.add') })
        .first()
        .click();
      await scan('added to cart');
      await visit('cart', '/cart');
      await visit('checkout', '/checkout');
      const guest = `guest${index}@example.lv`;
      await page.getByLabel(t('lv', 'checkout.email'), { exact: true }).fill(guest);
      await page.getByLabel(t('lv', 'checkout.firstName'), { exact: true }).fill('Jānis');
      await page.getByLabel(t('lv', 'checkout.lastName'), { exact: true }).fill('Ozols');
      await page.getByLabel(t('lv', 'checkout.phone'), { exact: true }).fill('+371 26 000 111');
      await page.getByLabel(t('lv', 'checkout.address'), { exact: true }).fill('Brīvības iela 1, Rīga');
      await page.getByRole('button', { name: t('lv', 'checkout.submit') }).click();
      await page.getByRole('heading', { name: t('lv', 'thanks.title') }).waitFor();
      await scan('order placed');
      await visit('privacy policy', '/privacy/policy');
      await visit('privacy policy in English (link with ?lang=en)', '/privacy/policy?lang=en');
      await visit('cookie settings in English (link with ?lang=en)', '/privacy/cookies?lang=en');
      await visit('cookie settings', '/privacy/cookies?lang=lv');
      // A guest's request and the data page their e-mailed link opens.
      await visit('request form', '/privacy/request');
      await page.getByLabel(lv('request.type.access')).check();
      await page.getByLabel(lv('request.email')).fill(guest);
      await page.getByRole('button', { name: lv('request.submit') }).click();
      await page.getByRole('heading', { name: lv('request.sent.title') }).waitFor();
      await scan('request sent');
      // The request's own e-mail: the guest's order confirmation went to the same address before it.
      const mail = await openMail(page, base, guest, translate('lv', 'mail.request.verify.subject', { website: 'xparts.lv' }));
      await page.goto(linkIn(mail, `${base}/privacy/request/verify?token=`));
      await page.getByRole('button', { name: lv('request.verify.submit') }).click();
      await page.getByRole('button', { name: lv('account.guest.end') }).waitFor();
      await scan('guest data page');
      // Signup, login, the customer's pages, and the staff pages once the role is granted.
      await visit('login', '/login');
      await visit('signup', '/signup');
      const customer = `staff${index}@xparts.lv`;
      await page.getByLabel(t('lv', 'checkout.email'), { exact: true }).fill(customer);
      await page.getByLabel(t('lv', 'checkout.firstName'), { exact: true }).fill('Inga');
      await page.getByLabel(t('lv', 'checkout.lastName'), { exact: true }).fill('Darbiniece');
      await page.getByLabel(t('lv', 'signup.password'), { exact: true }).fill('a long staff password');
      await page.getByRole('button', { name: t('lv', 'signup.submit') }).click();
      await page.getByRole('heading', { name: t('lv', 'account.title') }).waitFor();
      await scan('account');
      await visit('privacy account page', '/privacy/account');
      expect(await setStaffRole(served().shop.knex, customer, 'grant')).to.equal('granted');
      await visit('staff queue', '/privacy/staff');
      await visit('staff look-up', `/privacy/staff/lookup?email=${encodeURIComponent(guest)}`);
      await visit('staff records', '/privacy/staff/records');
      // Only now does the shopper pick a language, from the shop's switcher and the policy's.
      picked = true;
      await visit('home', '/');
      await page.locator('.shop-lang').click();
      await scan('language picked in the shop');
      expect(
        (await context.cookies()).map((c) => c.name),
        'a picked language is remembered',
      ).to.include(languageCookie.name);
      await visit('privacy policy', '/privacy/policy');
      await page.locator('.privacy-languages a').first().click();
      await scan('language picked on the policy');

      const foreign = [...requestHosts].filter((h) => h !== host);
      if (foreign.length > 0 && state !== 'accepted all') problem(`requests to ${foreign.join(', ')}`, 'another site before consent', state);
      await context.close();
    }

    // The list an auditor reads: every cookie seen, and what the declaration says of it.
    const rows = [...seen.values()]
      .sort((a, b) => a.name.localeCompare(b.name))
      .map((c) => [
        c.name,
        c.domain,
        c.declared ? `${c.declared.category}, ${c.declared.declaredBy}` : 'NOT DECLARED',
        [...c.lifetimes].join(' / ') || '(set by a script)',
        states.map((s) => (c.states.has(s) ? s : '–')).join(' | '),
        c.firstPage,
      ]);
    const head = ['cookie', 'domain', 'declared as', 'lifetime set', 'seen in: no choice | rejected all | accepted all', 'first seen on'];
    // Each column as wide as its widest cell (every row has a cell for each heading).
    const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]?.length ?? 0)));
    const line = (cells: string[]) => cells.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join('  ');
    const report = [
      `Cookie scan of the example shop (${base}), ${states.length} consent states`,
      '',
      line(head),
      line(widths.map((w) => '-'.repeat(w))),
      ...rows.map(line),
      '',
      `Web storage: ${storage.size === 0 ? 'none' : [...storage.keys()].join(', ')}`,
      ...states.map((s) => `Request hosts (${s}): ${[...(hosts.get(s) ?? [])].join(', ')}`),
      '',
      `Problems: ${problems.length === 0 ? 'none' : ''}`,
      ...problems.map((p) => `  - ${p}`),
    ].join('\n');
    console.log(report.replace(/^/gm, '      '));
    fs.mkdirSync('test-output', { recursive: true });
    fs.writeFileSync(path.join('test-output', 'cookie-scan.txt'), `${report}\n`);

    // The scan saw what it set out to see: every declared cookie of the shop and the module but
    // those a visitor gets only in a state the scan did not visit.
    expect([...seen.values()].map((c) => c.name)).to.include.members([
      'privacy_consent',
      'privacy_csrf',
      'privacy_csrf_id',
      'privacy_guest',
      'shop_session',
      'xp_stats',
      'xp_ads',
      languageCookie.name,
    ]);
    expect(problems).to.deep.equal([]);
  });
});
