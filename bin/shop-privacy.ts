#!/usr/bin/env node
/**
 * shop-privacy: the operator's command line for express-shop-privacy.
 * Reads the same configuration as the app: a module whose default export is the options
 * given to createPrivacy (--config, or PRIVACY_CONFIG), or just a database URL.
 */
import { Command, CommanderError, Option, type Argument } from 'commander';
import { parseHead } from '../lib/audit/chain.js';
import { auditProblemText } from '../lib/audit/trail.js';
import { addDatabaseOptions, openPrivacy, type DatabaseOptions } from '../lib/cli/config.js';
import { CliError, exitCodes } from '../lib/cli/exit-codes.js';
import { cliLocale, sayIn, type Say } from '../lib/cli/locale.js';
import { terminalText } from '../lib/cli/output.js';
import type { MessageKey } from '../lib/i18n/index.js';
import { listRequests, printRecords } from '../lib/cli/listings.js';
import { purge } from '../lib/cli/purge.js';
import { mailOutbox } from '../lib/cli/mail.js';
import { eraseSubject, exportSubject } from '../lib/cli/subject.js';
import { supportedLocales, type Locale } from '../lib/options/locales.js';
import type { Privacy } from '../lib/app/privacy.js';
import { PrivacyError } from '../lib/http/errors.js';
import { connectDatabase, redact } from '../lib/store/database.js';
import { safeDatabaseMessage } from '../lib/store/errors.js';
import { runMigrations } from '../lib/store/migrator.js';
import { tableNames } from '../lib/store/tables.js';

/** The operator's language, known before the help is drawn: every text below is in it. */
const locale = cliLocale();
const say = sayIn(locale);

// `shop-privacy --help | head`: a reader that stops early is not an error.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(exitCodes.done);
  throw err;
});

/**
 * Our own help texts, in the operator's language, through commander's help API. Commander's
 * error sentences ("error: unknown option …") stay as commander writes them, in English.
 */
const helpTitles: Partial<Record<string, MessageKey>> = {
  'Usage:': 'cli.help.usage',
  'Options:': 'cli.help.options',
  'Commands:': 'cli.help.commands',
  'Arguments:': 'cli.help.arguments',
  'Global Options:': 'cli.help.globalOptions',
};

const program = new Command()
  .configureHelp({
    styleTitle: (title) => {
      const key = helpTitles[title];
      return key ? say(key) : title;
    },
    subcommandTerm: (command) =>
      [command.name(), ...(command.options.length > 0 ? [say('cli.help.optionsPlaceholder')] : []), ...command.registeredArguments.map(argumentTerm)].join(' '),
    optionDescription: (option) => describeOption(option, say),
  })
  .helpOption('-h, --help', say('cli.help.option'))
  .helpCommand(`help ${say('cli.help.commandPlaceholder')}`, say('cli.help.command'))
  .showHelpAfterError(say('cli.help.afterError'))
  .name('shop-privacy')
  .description(say('cli.description'))
  // Wrong arguments exit 2, as the help says; commander's own default would be 1.
  .exitOverride((err) => {
    throw err;
  })
  .addHelpText('after', `\n${say('cli.exitCodes')}`);

const localeOption = () => new Option('--locale <lang>', say('cli.option.locale')).choices([...supportedLocales]).default(locale);
const formatOption = (choices: string[], fallback: string, description = say('cli.option.format')) =>
  new Option('--format <format>', description).choices(choices).default(fallback);
const withDatabase = (command: Command) => addDatabaseOptions(command, say);

/**
 * Runs a command with the module opened as the app configures it, and closes it after. A command
 * that `sendsMail` (only with the app's options, so through its transport) sends what it queued
 * before it exits; what fails, the shop's worker retries.
 */
function withPrivacy<T>(work: (privacy: Privacy, opts: T & DatabaseOptions) => Promise<number> | number, needsSources = false, sendsMail = false) {
  return async (opts: T & DatabaseOptions) => {
    const privacy = await openPrivacy(opts, say, { needsSources });
    try {
      process.exitCode = await work(privacy, opts);
      if (sendsMail) await privacy.mail.drain();
    } finally {
      await privacy.close();
    }
  };
}

withDatabase(program.command('migrate'))
  .description(say('cli.migrate.description'))
  .action(async (opts: DatabaseOptions) => {
    if (opts.config) {
      const privacy = await openPrivacy(opts, say);
      try {
        report((await privacy.migrate()).ran);
        console.log(say('cli.migrate.policy'));
      } finally {
        await privacy.close();
      }
      return;
    }
    if (!opts.databaseUrl) throw new CliError(say('cli.noDatabase'), exitCodes.failed);
    const knex = connectDatabase(opts.databaseUrl);
    try {
      report(await runMigrations(knex, tableNames(opts.tablePrefix)));
      console.log(say('cli.migrate.database', { url: redact(opts.databaseUrl) }));
    } finally {
      await knex.destroy();
    }
  });

withDatabase(program.command('purge'))
  .description(say('cli.purge.description'))
  .option('--dry-run', say('cli.purge.dryRun'))
  .addOption(formatOption(['text', 'json'], 'text'))
  .addOption(localeOption())
  .addHelpText('after', `\n${say('cli.purge.needsConfig')}`)
  // The app's options: its data sources, and the secret the audit entries a run writes are keyed with.
  .action(withPrivacy<{ dryRun?: boolean; format: 'text' | 'json'; locale: Locale }>((privacy, opts) => purge(privacy, opts), true, true));

withDatabase(program.command('export'))
  .description(say('cli.export.description'))
  .requiredOption('--email <address>', say('cli.option.email'))
  .addOption(formatOption(['txt', 'json'], 'txt', say('cli.export.format')))
  .option('--output <file>', say('cli.export.output'))
  .addOption(localeOption())
  .action(withPrivacy<{ email: string; format: 'txt' | 'json'; output?: string; locale: Locale }>((privacy, opts) => exportSubject(privacy, opts), true));

withDatabase(program.command('erase'))
  .description(say('cli.erase.description'))
  .requiredOption('--email <address>', say('cli.option.email'))
  .option('--yes', say('cli.erase.yes'))
  .option('--no-report', say('cli.erase.noReport'))
  .addOption(localeOption())
  .action(
    withPrivacy<{ email: string; yes?: boolean; report: boolean; locale: Locale }>(
      (privacy, opts) => eraseSubject(privacy, { ...opts, notify: opts.report }),
      true,
      true,
    ),
  );

withDatabase(program.command('requests'))
  .description(say('cli.requests.description'))
  .option('--overdue', say('cli.requests.overdue'))
  .addOption(formatOption(['text', 'json'], 'text'))
  .addOption(localeOption())
  .action(withPrivacy<{ overdue?: boolean; format: 'text' | 'json'; locale: Locale }>((privacy, opts) => listRequests(privacy, opts)));

withDatabase(program.command('records'))
  .description(say('cli.records.description'))
  .addOption(formatOption(['text', 'json', 'csv'], 'text'))
  .addOption(localeOption())
  .action(withPrivacy<{ format: 'text' | 'json' | 'csv'; locale: Locale }>((privacy, opts) => printRecords(privacy, opts), true));

withDatabase(program.command('mail'))
  .description(say('cli.mail.description'))
  .option('--send', say('cli.mail.send'))
  .addOption(formatOption(['text', 'json'], 'text'))
  .addOption(localeOption())
  // The app's options: its mail transport, and the task handlers its options shape.
  .action(withPrivacy<{ send?: boolean; format: 'text' | 'json'; locale: Locale }>((privacy, opts) => mailOutbox(privacy, opts), true));

const audit = program.command('audit').description(say('cli.audit.description'));
withDatabase(audit.command('verify'))
  .description(say('cli.audit.verify.description'))
  .option('--expect <seq:hash>', say('cli.audit.expect'))
  .addHelpText('after', `\n${say('cli.audit.verify.exitCodes')}`)
  .action(async (opts: DatabaseOptions & { expect?: string }) => {
    // The chain is keyed: checking it needs the app's secret, which only its options hold.
    if (!opts.config) throw new CliError(say('cli.audit.needsConfig'), exitCodes.failed);
    if (opts.expect !== undefined && !parseHead(opts.expect)) throw new CliError(say('cli.audit.badExpect'), exitCodes.usage);
    const privacy = await openPrivacy(opts, say);
    try {
      const verdict = await privacy.audit.verify({ expect: opts.expect });
      if (verdict.ok) {
        console.log(say('cli.audit.intact', { rows: verdict.rows }));
        console.log(say('cli.audit.head', { head: verdict.head }));
        return;
      }
      console.error(say('cli.audit.broken', { rows: verdict.rows, reason: auditProblemText(verdict.problem, verdict.rows, locale) }));
      process.exitCode = exitCodes.tampered;
    } finally {
      await privacy.close();
    }
  });

/** Every command's usage line in the operator's words, set as commander's `.usage()` takes it. */
function speakUsage(command: Command): void {
  const parts = [
    say('cli.help.optionsPlaceholder'),
    ...(command.commands.length > 0 ? [say('cli.help.commandPlaceholder')] : []),
    ...command.registeredArguments.map(argumentTerm),
  ];
  command.usage(parts.join(' '));
  command.commands.forEach(speakUsage);
}

function argumentTerm(argument: Argument): string {
  const name = `${argument.name()}${argument.variadic ? '...' : ''}`;
  return argument.required ? `<${name}>` : `[${name}]`;
}

/** An option's description with its choices and default, as commander's own help has them. */
function describeOption(option: Option, say: Say): string {
  const extra: string[] = [];
  if (option.argChoices) extra.push(say('cli.help.choices', { choices: option.argChoices.map((choice) => JSON.stringify(choice)).join(', ') }));
  if (option.defaultValue !== undefined && (option.required || option.optional)) {
    extra.push(say('cli.help.default', { value: option.defaultValueDescription ?? JSON.stringify(option.defaultValue) }));
  }
  if (extra.length === 0) return option.description;
  return [option.description, `(${extra.join(', ')})`].filter(Boolean).join(' ');
}

function report(ran: string[]): void {
  console.log(ran.length === 0 ? say('cli.migrate.none') : `${say('cli.migrate.ran', { count: ran.length })}\n${ran.map((name) => `  ${name}`).join('\n')}`);
}

speakUsage(program);

program.parseAsync().catch((err: unknown) => {
  if (err instanceof CommanderError) {
    // Commander has printed the message; help and version are not failures.
    process.exitCode = ['commander.helpDisplayed', 'commander.help', 'commander.version'].includes(err.code) ? exitCodes.done : exitCodes.usage;
    return;
  }
  // A database error may quote a value from a row; the module's own messages (a PrivacyError, with a code too) never do.
  const fromDatabase = !(err instanceof PrivacyError) && typeof err === 'object' && err !== null && ('code' in err || 'errno' in err);
  // Shown, never acted on: a message may quote an argument or a value with an escape sequence in it.
  console.error(terminalText(`shop-privacy: ${fromDatabase ? safeDatabaseMessage(err) : err instanceof Error ? err.message : String(err)}`));
  process.exitCode = err instanceof CliError ? err.exitCode : exitCodes.failed;
});
