import type { Privacy } from '../app/privacy.js';
import { readHeadText } from '../audit/append.js';
import { RetentionRunError, type RetentionReport } from '../retention/service.js';
import type { Locale } from '../options/locales.js';
import { exitCodes } from './exit-codes.js';
import { operator } from './config.js';
import { progressReporter } from './progress.js';
import { sayIn, type Say } from './locale.js';
import { terminalJson, terminalText } from './output.js';

export interface PurgeOptions {
  dryRun?: boolean;
  format: 'text' | 'json';
  locale: Locale;
}

/**
 * `shop-privacy purge`: one retention run, its report on stdout with the audit head after it
 * (`seq:hash`, to keep outside the database and check with `audit verify --expect`); the exit
 * code says whether it finished.
 */
export async function purge(privacy: Privacy, opts: PurgeOptions, out: NodeJS.WriteStream = process.stdout): Promise<number> {
  const say = sayIn(opts.locale);
  const bars = opts.format === 'text' && Boolean(out.isTTY);
  // In JSON mode stdout carries only the report: progress lines go to stderr.
  const progress = progressReporter({ bars, write: (line) => (opts.format === 'json' ? process.stderr : out).write(`${line}\n`) });
  let report: RetentionReport;
  let code: number = exitCodes.done;
  try {
    report = await privacy.retention.run({ dryRun: opts.dryRun, locale: opts.locale, actor: operator(), onProgress: progress.update });
  } catch (err) {
    if (!(err instanceof RetentionRunError)) throw err;
    report = err.report;
    code = exitCodes.failed;
    process.stderr.write(`shop-privacy: ${say('cli.purge.failed', { message: terminalText(err.message) })}\n`);
  } finally {
    progress.stop();
  }
  if (code === exitCodes.done || report.rules.length > 0) {
    // Read after the run's own audit entry: the chain's end as this run left it. After a failed
    // run the database may be what failed: the report still goes out, without a head.
    const auditHead = await readHeadText(privacy.db, privacy.tables).catch((err: unknown) => {
      if (code === exitCodes.done) throw err;
      return null;
    });
    const headLine = auditHead === null ? '' : `${say('cli.audit.head', { head: auditHead })}\n`;
    out.write(
      opts.format === 'json' ? terminalJson(`${JSON.stringify({ ...report, auditHead }, null, 2)}\n`) : terminalText(`${describe(report, say)}${headLine}`),
    );
  }
  return code;
}

function describe(report: RetentionReport, say: Say): string {
  const at = report.now.toISOString();
  const lines = [say(report.dryRun ? 'cli.purge.dryHeading' : 'cli.purge.doneHeading', { at, locking: report.locking })];
  for (const rule of report.rules) {
    const counted = (['deleted', 'anonymised', 'warned', 'unreachable', 'waiting', 'restricted'] as const)
      .filter((field) => rule[field] > 0)
      .map((field) => say(`cli.purge.${field}`, { count: rule[field] }));
    const did = [...counted, ...(rule.skipped ? [say('cli.purge.skipped')] : []), ...(rule.failed ? [say('cli.purge.stopped')] : [])];
    lines.push(
      `  ${rule.rule.padEnd(28)} ${rule.action.padEnd(9)} ${(rule.period ?? '').padEnd(10)} ${did.length > 0 ? did.join(', ') : say('cli.purge.nothing')}`,
    );
  }
  lines.push(say('cli.purge.total', report.totals));
  return `${lines.join('\n')}\n`;
}
