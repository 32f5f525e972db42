import { nextNonce } from './nonce.js';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RequestHandler } from 'express';
import helmet from 'helmet';

/**
 * Security headers for the module's pages: helmet's defaults plus a strict CSP in which the
 * only scripts allowed are the module's own files and inline ones carrying this response's
 * nonce (`res.locals.cspNonce`). No inline styles or event handlers.
 */
export function securityHeaders(): RequestHandler[] {
  const nonce: RequestHandler = function cspNonce(_req, res, next) {
    res.locals.cspNonce ??= nextNonce();
    next();
  };
  const headers = helmet({
    contentSecurityPolicy: {
      useDefaults: true,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: [
          "'self'",
          (_req: IncomingMessage, res: ServerResponse) => `'nonce-${(res as unknown as { locals: { cspNonce: string } }).locals.cspNonce}'`,
        ],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        // Shops terminate TLS in front of the app; forcing upgrades breaks plain-HTTP development hosts.
        upgradeInsecureRequests: null,
      },
    },
    referrerPolicy: { policy: 'same-origin' },
  });
  return [nonce, headers];
}

/**
 * `Cache-Control: no-store` for the module's personal pages (account, erasure preview, requests,
 * staff pages, exports): neither the browser nor a shared cache keeps them after the visit.
 */
export const noStore: RequestHandler = function noStore(_req, res, next) {
  res.setHeader('Cache-Control', 'no-store');
  next();
};
