#!/usr/bin/env node
/**
 * shop-privacy: the operator's command line for express-shop-privacy.
 * Reads the same configuration as the app: a module whose default export is the options
 * given to createPrivacy (--config, or PRIVACY_CONFIG), or just a database URL.
 */
import { Command, CommanderError, Option } from 'commander';
import { createAuditTrail } from '../lib/audit/trail.js';
import { addDatabaseOptions, loadConfig, openDatabase, openPrivacy, type DatabaseOptions } from '../lib/cli/config.js';
import { CliError, exitCodes } from '../lib/cli/exit-codes.js';
import { listRequests, printRecords } from '../lib/cli/listings.js';
import { purge } from '../lib/cli/purge.js';
import { eraseSubject, exportSubject } from '../lib/cli/subject.js';
import { supportedLocales, type Locale } from '../lib/options/locales.js';
import type { Privacy } from '../lib/privacy.js';
import { createPrivacy } from '../lib/privacy.js';
import { connectDatabase, redact } from '../lib/store/database.js';
import { safeDatabaseMessage } from '../lib/store/errors.js';
import { runMigrations } from '../lib/store/migrator.js';
import { tableNames } from '../lib/store/tables.js';

const program = new Command()
  .name('shop-privacy')
  .description('Operate express-shop-privacy: migrations, retention, data-subject exports and erasure, requests, the audit trail and the records of processing.')
  .showHelpAfterError()
  // Wrong arguments exit 2, as the help says; commander's own default would be 1.
  .exitOverride((err) => {
    throw err;
  })
  .addHelpText('after', `
Exit codes: 0 done, 1 could not run (reason on stderr), 2 wrong arguments or not confirmed,
3 audit trail tampered, 4 nothing held about that address, 5 requests overdue (requests --overdue).`);

const localeOption = () => new Option('--locale <lang>', 'language of the texts').choices([...supportedLocales]).default('lv');

/** Runs a command with the module opened as the app configures it, and closes it after. */
function withPrivacy<T>(work: (privacy: Privacy, opts: T & DatabaseOptions) => Promise<number> | number, needsSources = false) {
  return async (opts: T & DatabaseOptions) => {
    const privacy = await openPrivacy(opts, { needsSources });
    try {
      process.exitCode = await work(privacy, opts);
    } finally {
      await privacy.close();
    }
  };
}

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
    if (!opts.databaseUrl) throw new CliError('no database: pass --config <file>, --database-url <url>, or set DATABASE_URL.', exitCodes.failed);
    const knex = connectDatabase(opts.databaseUrl);
    try {
      report(await runMigrations(knex, tableNames(opts.tablePrefix)));
      console.log(`Database: ${redact(opts.databaseUrl)}. The policy texts are recorded when the app starts (privacy.migrate()).`);
    } finally {
      await knex.destroy();
    }
  });

addDatabaseOptions(program.command('purge'))
  .description('apply the retention rules now: delete or anonymise what is past its period, warn before deleting an account')
  .option('--dry-run', 'report what a run would do; change nothing, send nothing')
  .addOption(new Option('--format <format>', 'report as').choices(['text', 'json']).default('text'))
  .addOption(localeOption())
  .addHelpText('after', '\nWithout --config only the module\'s own tables are purged: the shop\'s data sources are in the app\'s options.')
  .action(withPrivacy<{ dryRun?: boolean; format: 'text' | 'json'; locale: Locale }>((privacy, opts) => purge(privacy, opts)));

addDatabaseOptions(program.command('export'))
  .description('write everything held about a person (the access answer, GDPR Art. 15/20); recorded and audited')
  .requiredOption('--email <address>', 'the person\'s e-mail address')
  .addOption(new Option('--format <format>', 'TXT for reading, JSON for portability').choices(['txt', 'json']).default('txt'))
  .option('--output <file>', 'write to this file (mode 600) instead of stdout')
  .addOption(localeOption())
  .action(withPrivacy<{ email: string; format: 'txt' | 'json'; output?: string; locale: Locale }>((privacy, opts) => exportSubject(privacy, opts), true));

addDatabaseOptions(program.command('erase'))
  .description('erase a person over every data source (GDPR Art. 17), keeping only what the law requires')
  .requiredOption('--email <address>', 'the person\'s e-mail address')
  .option('--yes', 'erase without asking (for scripts); otherwise the address is typed again to confirm')
  .option('--no-report', 'do not e-mail the person the report of what was erased and kept')
  .addOption(localeOption())
  .action(withPrivacy<{ email: string; yes?: boolean; report: boolean; locale: Locale }>((privacy, opts) => eraseSubject(privacy, { ...opts, notify: opts.report }), true));

addDatabaseOptions(program.command('requests'))
  .description('list open data-subject requests, soonest due first')
  .option('--overdue', 'only those past their due date (exit code 5 if there are any)')
  .addOption(new Option('--format <format>', 'list as').choices(['text', 'json']).default('text'))
  .addOption(localeOption())
  .action(withPrivacy<{ overdue?: boolean; format: 'text' | 'json'; locale: Locale }>((privacy, opts) => listRequests(privacy, opts)));

addDatabaseOptions(program.command('records'))
  .description('print the record of processing activities (GDPR Art. 30) from the app\'s options')
  .addOption(new Option('--format <format>', 'print as').choices(['text', 'json', 'csv']).default('text'))
  .addOption(localeOption())
  .action(withPrivacy<{ format: 'text' | 'json' | 'csv'; locale: Locale }>((privacy, opts) => printRecords(privacy, opts), true));

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
      process.exitCode = exitCodes.tampered;
    } finally {
      await close();
    }
  });

function report(ran: string[]): void {
  console.log(ran.length === 0 ? 'Already up to date: no migration to run.' : `Ran ${ran.length} migration(s):\n${ran.map((name) => `  ${name}`).join('\n')}`);
}

program.parseAsync().catch((err: unknown) => {
  if (err instanceof CommanderError) {
    // Commander has printed the message; help and version are not failures.
    process.exitCode = ['commander.helpDisplayed', 'commander.help', 'commander.version'].includes(err.code) ? exitCodes.done : exitCodes.usage;
    return;
  }
  // A database error may quote a value from a row; the module's own messages never do.
  const fromDatabase = typeof err === 'object' && err !== null && ('code' in err || 'errno' in err);
  console.error(`shop-privacy: ${fromDatabase ? safeDatabaseMessage(err) : err instanceof Error ? err.message : String(err)}`);
  process.exitCode = err instanceof CliError ? err.exitCode : exitCodes.failed;
});
