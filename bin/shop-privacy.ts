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
import { tableNames, type TableNames } from '../lib/store/tables.js';
import { createAuditTrail } from '../lib/audit/trail.js';
import type { Knex } from 'knex';

const program = new Command()
  .name('shop-privacy')
  .description('Operate express-shop-privacy: database migrations, the audit trail and more.')
  .showHelpAfterError();

addDatabaseOptions(program.command('migrate'))
  .description('create or update the module tables (safe to run on every deploy)')
  .action(async (opts: DatabaseOptions) => {
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

const audit = program.command('audit').description('the hash-chained audit trail');
addDatabaseOptions(audit.command('verify'))
  .description('re-compute the audit chain and name the first edited or deleted row')
  .addHelpText('after', '\nExit codes: 0 the trail is intact, 1 the check could not run, 3 the trail was tampered with.')
  .action(async (opts: DatabaseOptions) => {
    const { knex, tables, close } = await openDatabase(opts);
    try {
      const verdict = await createAuditTrail({ db: knex, tables }).verify();
      if (verdict.ok) {
        console.log(`Audit trail intact: ${verdict.rows} row(s) verified.`);
        return;
      }
      console.error(`Audit trail BROKEN after ${verdict.rows} good row(s): ${verdict.problem.reason}.`);
      process.exitCode = 3;
    } finally {
      await close();
    }
  });

interface DatabaseOptions {
  config?: string;
  databaseUrl?: string;
  tablePrefix: string;
}

function addDatabaseOptions(command: Command): Command {
  return command
    .addOption(new Option('--config <file>', 'a module whose default export is the createPrivacy options').env('PRIVACY_CONFIG'))
    .addOption(new Option('--database-url <url>', 'sqlite:<path> or mysql://user:pass@host:3306/db, when no --config').env('DATABASE_URL'))
    .addOption(new Option('--table-prefix <prefix>', 'prefix of the module tables, when no --config').default('privacy_'));
}

/** The database and table names from the app's own config, or from a URL and prefix. */
async function openDatabase(opts: DatabaseOptions): Promise<{ knex: Knex; tables: TableNames; close(): Promise<void> }> {
  if (opts.config) {
    const privacy = createPrivacy(await loadConfig(opts.config));
    return { knex: privacy.db, tables: privacy.tables, close: () => privacy.close() };
  }
  if (!opts.databaseUrl) throw new Error('no database: pass --config <file>, --database-url <url>, or set DATABASE_URL.');
  const knex = connectDatabase(opts.databaseUrl);
  return { knex, tables: tableNames(opts.tablePrefix), close: () => knex.destroy() };
}

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
