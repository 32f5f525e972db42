#!/usr/bin/env node
/**
 * shop-privacy: the operator's command line for express-shop-privacy.
 * Reads the same configuration as the app: a module whose default export is the options
 * given to createPrivacy (--config, or PRIVACY_CONFIG), or just a database URL.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Command, Option } from 'commander';
import { createPrivacy } from '../lib/privacy.js';
import type { PrivacyOptions } from '../lib/options/schema.js';
import { connectDatabase, redact } from '../lib/store/database.js';
import { runMigrations } from '../lib/store/migrator.js';
import { tableNames } from '../lib/store/tables.js';

const program = new Command()
  .name('shop-privacy')
  .description('Operate express-shop-privacy: database migrations and more.')
  .showHelpAfterError();

program
  .command('migrate')
  .description('create or update the module tables (safe to run on every deploy)')
  .addOption(new Option('--config <file>', 'a module whose default export is the createPrivacy options').env('PRIVACY_CONFIG'))
  .addOption(new Option('--database-url <url>', 'sqlite:<path> or mysql://user:pass@host:3306/db, when no --config').env('DATABASE_URL'))
  .addOption(new Option('--table-prefix <prefix>', 'prefix of the module tables, when no --config').default('privacy_'))
  .action(async (opts: { config?: string; databaseUrl?: string; tablePrefix: string }) => {
    if (opts.config) {
      const privacy = createPrivacy(await loadConfig(opts.config));
      try {
        report((await privacy.migrate()).ran);
        console.log('Recorded the published policy texts.');
      } finally {
        await privacy.close();
      }
      return;
    }
    if (!opts.databaseUrl) throw new Error('no database: pass --config <file>, --database-url <url>, or set DATABASE_URL.');
    const knex = connectDatabase(opts.databaseUrl);
    try {
      report(await runMigrations(knex, tableNames(opts.tablePrefix)));
      console.log(`Database: ${redact(opts.databaseUrl)}. The policy texts are recorded when the app starts (privacy.migrate()).`);
    } finally {
      await knex.destroy();
    }
  });

function report(ran: string[]): void {
  console.log(ran.length === 0 ? 'Already up to date: no migration to run.' : `Ran ${ran.length} migration(s):\n${ran.map((name) => `  ${name}`).join('\n')}`);
}

async function loadConfig(file: string): Promise<PrivacyOptions> {
  const loaded = (await import(pathToFileURL(path.resolve(file)).href)) as { default?: unknown };
  const config = typeof loaded.default === 'function' ? await (loaded.default as () => unknown)() : loaded.default;
  if (!config || typeof config !== 'object') throw new Error(`${file} must export the createPrivacy options as its default export.`);
  return config as PrivacyOptions;
}

program.parseAsync().catch((err: unknown) => {
  console.error(`shop-privacy: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
});
