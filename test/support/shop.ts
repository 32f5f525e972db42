import fs from 'node:fs';
import request from 'supertest';
import { createShop, type Shop } from '../../examples/storefront/app.js';
import { setStaffRole } from '../../examples/storefront/staff.js';
import { tempDir } from './databases.js';
import { awaitMail, pathOfLink } from './outbox.js';

/** The example storefront on a test database, with its own outbox folder. */
export async function startShop(databaseUrl: string): Promise<Shop & { outboxDir: string; stop(): Promise<void> }> {
  const outboxDir = tempDir('esp-shop-outbox-');
  const shop = await createShop({
    databaseUrl,
    outboxDir,
    sessionSecret: 'shop-test-session-secret-0123456789abcdef',
    privacySecret: 'shop-test-privacy-secret-0123456789abcdef',
    publicUrl: 'http://shop.test',
    devOutbox: true,
  });
  return {
    ...shop,
    outboxDir,
    async stop() {
      await shop.close();
      fs.rmSync(outboxDir, { recursive: true, force: true });
    },
  };
}

/** The CSRF token of the page's form that posts to `action` (the shop's and the module's differ). */
export function csrfOf(html: string, action: string): string {
  return formOf(html, action).token;
}

/**
 * The page's form that posts to `action`, with the query its action carries (a page in English
 * posts to `…?lang=en`): the target a browser would post to, and the form's CSRF token.
 */
export function formOf(html: string, action: string): { target: string; token: string } {
  const escaped = action.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  const found = new RegExp(`<form[^>]*action="(${escaped}(?:\\?[^"]*)?)"[^>]*>[\\s\\S]*?name="_csrf" value="([^"]+)"`).exec(html);
  const [, target, token] = found ?? [];
  if (target === undefined || token === undefined) throw new Error(`no form posting to ${action} in the page`);
  return { target: target.replace(/&amp;/g, '&'), token };
}

type Check = [status: number] | [header: string, value: string];

/** A posted form's response, awaited, with supertest-like `.expect(status)` and `.expect(header, value)`. */
function checked(pending: Promise<request.Response>) {
  const checks: Check[] = [];
  const result = {
    expect(...check: Check) {
      checks.push(check);
      return result;
    },
    then<T>(resolve: (res: request.Response) => T, reject?: (err: unknown) => T) {
      return pending
        .then((res) => {
          for (const check of checks) {
            const [what, value] = check;
            if (typeof what === 'number' && res.status !== what) throw new Error(`expected ${what}, got ${res.status}: ${res.text.slice(0, 300)}`);
            if (typeof what === 'string' && res.headers[what.toLowerCase()] !== value)
              throw new Error(`expected ${what}: ${value}, got ${res.headers[what.toLowerCase()]}`);
          }
          return res;
        })
        .then(resolve, reject);
    },
  };
  return result;
}

/** A shopper's browser without JavaScript: an agent that keeps cookies, opens a page and posts its form. */
export function shopper(shop: Shop) {
  const agent = request.agent(shop.app);
  const post = (path: string, form: Record<string, string>, from = path) =>
    checked(
      agent.get(from).then((page) => {
        const { target, token } = formOf(page.text, path);
        return agent
          .post(target)
          .type('form')
          .send({ _csrf: token, ...form });
      }),
    );
  return {
    agent,
    post,
    addToCart: (productId: number, quantity = 1) => post('/cart/add', { productId: String(productId), quantity: String(quantity) }, '/'),
  };
}

type Agent = ReturnType<typeof request.agent>;

/**
 * Opens a link from an e-mail and presses the button on its page, as the person would: opening
 * the link alone changes nothing (mail scanners open links). The button's answer, unchecked.
 */
export async function pressLinkButton(
  app: Parameters<typeof request.agent>[0],
  link: string,
  { agent = request.agent(app), headers = {} }: { agent?: Agent; headers?: Record<string, string> } = {},
): Promise<request.Response> {
  const page = await agent.get(link).set(headers);
  if (page.status !== 200) throw new Error(`the link ${link} opens a ${page.status} page: ${page.text.slice(0, 300)}`);
  const url = new URL(link, 'http://shop.test');
  const { target, token } = formOf(page.text, url.pathname);
  return agent
    .post(target)
    .set(headers)
    .type('form')
    .send({ _csrf: token, token: url.searchParams.get('token') ?? '' });
}

/** Follows the newsletter confirmation link e-mailed to `email` (after a ticked box at checkout or signup) and presses its button. */
export async function confirmNewsletter(shop: Shop & { outboxDir: string }, email: string): Promise<void> {
  const mail = await awaitMail(shop.outboxDir, (m) => m.to.includes(email) && m.text.includes('/privacy/newsletter/confirm?token='));
  const done = await pressLinkButton(shop.app, pathOfLink(mail, '/privacy/newsletter/confirm'));
  if (done.status !== 200) throw new Error(`confirming the newsletter answered ${done.status}: ${done.text.slice(0, 300)}`);
}

type ShopWithOutbox = Shop & { outboxDir: string };
type Shopper = ReturnType<typeof shopper>;

/** The address confirmation link e-mailed at signup (or sent again) to `email`, newest first: its path and query. */
export async function verificationLink(shop: ShopWithOutbox, email: string): Promise<string> {
  const to = email.trim().toLowerCase();
  const mail = await awaitMail(shop.outboxDir, (m) => m.to.some((address) => address.toLowerCase() === to) && m.text.includes('/account/verify?token='));
  return pathOfLink(mail, '/account/verify');
}

/** Opens the link's page and presses its button, as the shopper would: the address is then proven. */
export async function followVerificationLink(browser: Shopper, link: string): Promise<request.Response> {
  const token = new URL(link, 'http://shop.test').searchParams.get('token');
  if (token === null) throw new Error(`no token in the link ${link}`);
  return browser.post('/account/verify', { token }, link).expect(303).expect('location', '/account/verified');
}

/**
 * Signs a shopper up and follows the confirmation link the shop e-mailed them: a customer whose
 * address is proven, so the privacy pages show what the address held before (guest orders, the
 * mailing list) as well as the account.
 */
export async function signUpVerified(
  shop: ShopWithOutbox,
  browser: Shopper,
  form: { email: string; first_name: string; last_name: string; password: string } & Record<string, string>,
): Promise<void> {
  await browser.post('/signup', form).expect(303).expect('location', '/account');
  await followVerificationLink(browser, await verificationLink(shop, form.email));
}

/** Grants the staff role as an operator would with `npm run staff -- grant <email>`. */
export async function grantStaff(shop: Shop, email: string): Promise<void> {
  const outcome = await setStaffRole(shop.knex, email, 'grant');
  if (outcome !== 'granted') throw new Error(`could not grant the staff role: ${outcome}`);
}
