import type { Router } from 'express';

/** What Express 4 and 5 keep of a mounted handler: the function, and a route's or sub-router's own stack. */
interface Layer {
  handle: Handler;
  route?: { stack: Layer[] };
}
type Handler = ((...args: never[]) => unknown) & { stack?: Layer[] };
type Next = (err?: unknown) => void;

const forwarded = new WeakSet<Handler>();

/** A handler's promise, if it returned one, ends in `next(err)` when it rejects, as Express 5 does. */
function settle(result: unknown, next: Next): void {
  if (result && typeof (result as Promise<unknown>).then === 'function') {
    (result as Promise<unknown>).then(undefined, (err: unknown) => next(err ?? new Error('Rejected promise')));
  }
}

/** The same handler, its rejection forwarded; an error handler keeps its four parameters, which is how Express tells it apart. */
function forwarding(handle: Handler): Handler {
  const fn = handle as unknown as (...args: unknown[]) => unknown;
  const wrapped: Handler =
    handle.length === 4
      ? function privacyErrorHandler(err: unknown, req: unknown, res: unknown, next: Next) {
          settle(fn(err, req, res, next), next);
        }
      : function privacyHandler(req: unknown, res: unknown, next: Next) {
          settle(fn(req, res, next), next);
        };
  forwarded.add(wrapped);
  return wrapped;
}

function walk(stack: Layer[]): void {
  for (const layer of stack) {
    if (layer.route) walk(layer.route.stack);
    else if (Array.isArray(layer.handle.stack)) walk(layer.handle.stack);
    else if (!forwarded.has(layer.handle)) layer.handle = forwarding(layer.handle);
  }
}

/**
 * Makes every handler mounted on the router, and on the routers under it, safe on Express 4:
 * Express 5 forwards a rejected promise to the error page, Express 4 leaves it unhandled (the
 * request hangs, or Node ends the shop's process). Applied once, after every route is mounted,
 * so a page module needs no wrapper of its own and none can be forgotten.
 */
export function forwardRejections<T extends Router>(router: T): T {
  walk((router as unknown as { stack: Layer[] }).stack);
  return router;
}
