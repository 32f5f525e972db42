import type { RequestHandler, Router } from 'express';
import type { Knex } from 'knex';
import { createMiddleware } from './http/middleware.js';
import { createRouter } from './http/router.js';
import { createViews } from './http/views.js';
import { validateOptions } from './options/validate.js';
import type { PrivacyOptions, ResolvedOptions } from './options/schema.js';
import { policyVersionsRepository } from './policy/repository.js';
import { createPolicyService, type PolicyService } from './policy/service.js';
import { connectDatabase } from './store/database.js';
import { runMigrations } from './store/migrator.js';
import { tableNames, type TableNames } from './store/tables.js';

export interface Privacy {
  /** The validated options with every default filled in. */
  readonly options: ResolvedOptions;
  /** The knex instance the module uses: the host's own, or one it opened from a URL. */
  readonly db: Knex;
  readonly tables: TableNames;
  readonly policy: PolicyService;
  /** Creates or updates the module's tables and records the published policy texts. Safe to run on every start. */
  migrate(): Promise<{ ran: string[] }>;
  /** Per-page middleware: `app.use(privacy.middleware())`. */
  middleware(): RequestHandler;
  /** The module's pages: `app.use('/privacy', privacy.router())`. */
  router(): Router;
  /** Closes the database connection if the module opened it (not a knex instance the host passed in). */
  close(): Promise<void>;
}

/**
 * The one factory an integrator calls. Options are validated here, once; a mistake throws a
 * PrivacyOptionsError naming the option. Templates and the policy text are prepared here too.
 */
export function createPrivacy(input: PrivacyOptions): Privacy {
  const options = validateOptions(input);
  const ownsDb = typeof options.db === 'string';
  const db = typeof options.db === 'string' ? connectDatabase(options.db) : options.db;
  const tables = tableNames(options.tablePrefix);
  const mountPath = options.mountPath.replace(/\/$/, '') || '/';
  const views = createViews({ overrideDir: options.views, assetsPath: `${mountPath === '/' ? '' : mountPath}/assets` });
  const policy = createPolicyService(options, views);
  const locales = options.policy.locales;

  return {
    options,
    db,
    tables,
    policy,
    async migrate() {
      const ran = await runMigrations(db, tables);
      await policyVersionsRepository(db, tables).record(policy.all());
      return { ran };
    },
    middleware(...args: unknown[]) {
      rejectAsHandler('middleware', args);
      return createMiddleware({ locales, mountPath });
    },
    router(...args: unknown[]) {
      rejectAsHandler('router', args);
      return createRouter({ locales, views, policy });
    },
    async close() {
      if (ownsDb) await db.destroy();
    },
  };
}

/** `app.use(privacy.middleware)` (without the call) would hang every request; say so at once. */
function rejectAsHandler(name: string, args: unknown[]): void {
  if (args.length > 0) {
    throw new TypeError(`express-shop-privacy: privacy.${name}() takes no arguments. Mount it as app.use(privacy.${name}()), with the parentheses.`);
  }
}
