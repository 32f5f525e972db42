import type { IncomingMessage, ServerResponse } from 'node:http';
import helmet from 'helmet'; // the shop's own dependency: npm i helmet
import type { Privacy } from '../../index.js'; // 'express-shop-privacy' in your shop

/** A directive's sources as helmet takes them: strings, or a function of the response (for a nonce). */
type Sources = Iterable<string | ((req: IncomingMessage, res: ServerResponse) => string)>;

/**
 * helmet with the shop's own CSP and what the module's banner needs merged in: each directive
 * `privacy.cspDirectives()` names gets its sources added to the shop's own, or, where the shop
 * leaves the directive out, to what it would have been (helmet's default, else default-src).
 */
export function shopHelmet(privacy: Privacy, own: Record<string, Sources>) {
  const defaults = helmet.contentSecurityPolicy.getDefaultDirectives();
  const directives = { ...own };
  for (const [name, needed] of Object.entries(privacy.cspDirectives())) {
    const was = own[name] ?? defaults[name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)] ?? own.defaultSrc ?? defaults['default-src'] ?? [];
    directives[name] = new Set([...was, ...needed]);
  }
  return helmet({ contentSecurityPolicy: { directives } });
}
