import { randomBytes } from 'node:crypto';
import express, { type Express, type Response } from 'express';
import { shopHelmet } from '../../examples/host-csp/helmet.js';
import { createPrivacy, type Privacy, type PrivacyOptions } from '../../index.js';
import { testClock } from './clock.js';
import { testSecret } from './secret.js';
import { xpartsShop } from './shop-options.js';

/** The policies a shop's own pages come with, as docs/api.md#security-headers describes them. */
export const hostPolicies = {
  /** The shop's own nonce (set before `privacy.middleware()`) and 'strict-dynamic': only scripts with the nonce run. */
  nonce: "helmet with the shop's own nonce and 'strict-dynamic'",
  /** No nonce: script-src 'self', merged with what the module asks for. */
  self: "helmet with script-src 'self' merged with cspDirectives()",
  /** No CSP at all. */
  none: 'no CSP',
  /** The shop's nonce set only after `privacy.middleware()`: the order the docs warn against, whose banner is blocked. */
  nonceTooLate: "helmet with the shop's own nonce, set after privacy.middleware()",
} as const;
export type HostPolicy = keyof typeof hostPolicies;

const shopNonce: express.RequestHandler = (_req, res, next) => {
  res.locals.cspNonce = randomBytes(16).toString('base64');
  next();
};
const nonceSource = (_req: unknown, res: unknown) => `'nonce-${(res as Response).locals.cspNonce}'`;

/**
 * A small shop of its own under one of those policies: the module mounted as the docs say, and a
 * home page with the module's stylesheet, a sign-up form holding the consent fields, an inline
 * script of the shop's own where its policy has a nonce for it, and the banner.
 */
export async function cspHost(url: string, policy: HostPolicy, options: Partial<PrivacyOptions> = {}): Promise<{ app: Express; privacy: Privacy }> {
  const privacy = createPrivacy({ secret: testSecret, db: url, ...xpartsShop, clock: testClock().now, ...options });
  await privacy.migrate();
  const app = express();
  if (policy === 'nonce') app.use(shopNonce);
  app.use(privacy.middleware());
  if (policy === 'nonceTooLate') app.use(shopNonce);
  if (policy === 'nonce' || policy === 'nonceTooLate') app.use(shopHelmet(privacy, { scriptSrc: [nonceSource, "'strict-dynamic'"] }));
  if (policy === 'self') app.use(shopHelmet(privacy, { scriptSrc: ["'self'"] }));
  app.use('/privacy', privacy.router());
  app.get('/', (_req, res) => {
    const { privacy: locals, cspNonce } = res.locals;
    const inline = policy === 'nonce' ? `<script nonce="${cspNonce}">document.getElementById('shop-script').textContent = 'ran';</script>` : '';
    res.send(`<!doctype html>
<html lang="${locals.locale}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Riepu Punkts</title>
<link rel="stylesheet" href="${locals.stylesheetUrl}"></head>
<body>
<header><h1>Riepu Punkts</h1><p>Policy: ${hostPolicies[policy]}. Shop script: <span id="shop-script">not run</span></p></header>
<main><form method="post" action="/signup"><label>E-mail <input type="email" name="email"></label>
${privacy.render.consentFields({ at: 'signup', locale: locals.locale })}
<button type="submit">Sign up</button></form></main>
<footer><a href="${locals.policyUrl}">Privacy policy</a> · <a href="${locals.cookiesUrl}">Cookies</a></footer>
${locals.banner}${inline}
</body>
</html>`);
  });
  return { app, privacy };
}
