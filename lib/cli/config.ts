import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Option, type Command } from 'commander';
import { createPrivacy, type Privacy } from '../app/privacy.js';
import type { PrivacyOptions } from '../options/schema.js';
import { isExampleSecret } from '../options/validate.js';
import type { Actor } from '../requests/types.js';
import { CliError, exitCodes } from './exit-codes.js';
import type { Say } from './locale.js';

/** How a command finds the app's configuration: its options module, or just a database. */
export interface DatabaseOptions {
  config?: string;
  databaseUrl?: string;
  tablePrefix: string;
}

export function addDatabaseOptions(command: Command, say: Say): Command {
  return command
    .addOption(new Option('--config <file>', say('cli.option.config')).env('PRIVACY_CONFIG'))
    .addOption(new Option('--database-url <url>', say('cli.option.databaseUrl')).env('DATABASE_URL'))
    .addOption(new Option('--table-prefix <prefix>', say('cli.option.tablePrefix')).default('privacy_'));
}

/**
 * The module as the app configures it. With only a database URL it knows none of the shop's
 * data sources, so commands that read or erase a person's data (`needsSources`) refuse.
 */
export async function openPrivacy(opts: DatabaseOptions, say: Say, { needsSources = false } = {}): Promise<Privacy> {
  // The module's log lines (such as the audit head after a purge) go to stderr, so stdout stays the command's output (JSON, CSV).
  if (opts.config) {
    const config = await loadConfig(opts.config, say);
    // A secret printed in the README or the example is known to everyone: in production it signs nothing.
    if (process.env.NODE_ENV === 'production' && isExampleSecret(config.secret)) throw new CliError(say('cli.exampleSecret'), exitCodes.failed);
    // A command is no mail worker: what it queues (an erasure report, retention warnings) it sends
    // itself before it exits, through the app's transport; the shop's own worker does the rest.
    const mailer = { ...config.mailer, worker: { ...config.mailer?.worker, enabled: false } };
    return createPrivacy({ logger: stderrLogger, ...config, mailer });
  }
  if (needsSources) throw new CliError(say('cli.needsConfig'), exitCodes.usage);
  if (!opts.databaseUrl) throw new CliError(say('cli.noDatabase'), exitCodes.failed);
  // Nothing is signed or mailed with these: the command works on the module's own tables only.
  return createPrivacy({
    db: opts.databaseUrl,
    tablePrefix: opts.tablePrefix,
    secret: randomBytes(32).toString('hex'),
    // Placeholders: no page is rendered and no text is published without a config file.
    controller: { name: 'shop-privacy', regNo: '-', address: '-', email: 'privacy@localhost.invalid', website: 'localhost.invalid' },
    supervisoryAuthority: { name: { lv: '-', en: '-' }, address: '-', website: 'https://localhost.invalid' },
    mailer: { worker: { enabled: false } },
  });
}

async function loadConfig(file: string, say: Say): Promise<PrivacyOptions> {
  const loaded = (await import(pathToFileURL(path.resolve(file)).href)) as { default?: unknown };
  const config = typeof loaded.default === 'function' ? await (loaded.default as () => unknown)() : loaded.default;
  if (!config || typeof config !== 'object') throw new CliError(say('cli.badConfig', { file }), exitCodes.failed);
  return config as PrivacyOptions;
}

const stderrLogger = { info: console.error, warn: console.error, error: console.error };

/** The operator, for the audit trail: staff, named by the login that ran the command. */
export function operator(): Actor {
  let name: string;
  try {
    name = os.userInfo().username;
  } catch {
    // A container without a passwd entry: the uid says enough.
    name = String(process.getuid?.() ?? 'unknown');
  }
  return { type: 'staff', id: `cli:${name}`.slice(0, 64) };
}
