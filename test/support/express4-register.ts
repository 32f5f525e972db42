import { register } from 'node:module';

/**
 * Loaded with `--import` before a test host: every `import 'express'` of the process, the
 * module's own included, resolves to the `express4` alias (express@4), as it would in an
 * Express 4 shop where the peer dependency is the shop's Express.
 */
const hook = `export async function resolve(specifier, context, next) {
  if (specifier === 'express' || specifier.startsWith('express/')) return next('express4' + specifier.slice('express'.length), context);
  return next(specifier, context);
}`;
register(`data:text/javascript,${encodeURIComponent(hook)}`);
