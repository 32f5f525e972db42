import { randomBytes } from 'node:crypto';
import type { ErrorRequestHandler } from 'express';
import { translate } from '../i18n/index.js';
import type { Locale } from '../options/locales.js';
import type { PrivacyLogger } from '../options/schema.js';
import type { Views } from './views.js';

/**
 * The module's error page: a friendly message in the shopper's language with a reference to
 * quote, never a stack trace. The log line carries the reference, the error's name, code and
 * stack frames, but not its message, which may hold the SQL values of a shopper's data.
 */
export function errorPage(
  views: Views,
  logger: PrivacyLogger,
  localeOf: (req: Parameters<ErrorRequestHandler>[1], res: Parameters<ErrorRequestHandler>[2]) => Locale,
): ErrorRequestHandler {
  return function privacyErrorPage(err, req, res, next) {
    if (res.headersSent) {
      next(err);
      return;
    }
    const status = httpStatus(err);
    const locale = localeOf(req, res);
    const ref = randomBytes(4).toString('hex');
    if (status >= 500) {
      const frames = String((err as Error)?.stack ?? '')
        .split('\n')
        .slice(1, 6)
        .join('\n');
      logger.error(`[express-shop-privacy] error ${ref}: ${(err as Error)?.name ?? 'Error'} ${(err as { code?: string })?.code ?? ''}\n${frames}`);
    }
    const client = status < 500;
    const csrf = (err as { code?: string })?.code === 'EBADCSRFTOKEN';
    views.send(
      res,
      'error',
      {
        locale,
        title: translate(locale, csrf ? 'error.csrf.title' : client ? 'error.badRequest.title' : 'error.title'),
        message: csrf ? translate(locale, 'error.csrf.text') : client ? translate(locale, 'error.badRequest.text') : translate(locale, 'error.text', { ref }),
      },
      status,
    );
  };
}

function httpStatus(err: unknown): number {
  const status = (err as { status?: unknown; statusCode?: unknown })?.status ?? (err as { statusCode?: unknown })?.statusCode;
  return typeof status === 'number' && status >= 400 && status < 600 ? status : 500;
}
