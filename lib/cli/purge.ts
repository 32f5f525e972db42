import type { Privacy } from '../privacy.js';
import { RetentionRunError, type RetentionReport } from '../retention/service.js';
import type { Locale } from '../options/locales.js';
import { exitCodes } from './exit-codes.js';
import { operator } from './config.js';
import { progressReporter } from './progress.js';

export interface PurgeOptions {
  dryRun?: boolean;
  format: 'text' | 'json';
  locale: Locale;
}

/** `shop-privacy purge`: one retention run, its report on stdout; the exit code says whether it finished. */
export async function purge(privacy: Privacy, opts: PurgeOptions, out: NodeJS.WriteStream = process.stdout): Promise<number> {
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
    process.stderr.write(`shop-privacy: ${err.message}. Finished batches stay done; once the cause is fixed, run purge again for the rest.\n`);
  } finally {
    progress.stop();
  }
  if (code === exitCodes.done || report.rules.length > 0) out.write(opts.format === 'json' ? `${JSON.stringify(report, null, 2)}\n` : describe(report));
  return code;
}

function describe(report: RetentionReport): string {
  const lines = [`${report.dryRun ? 'Dry run: nothing was changed. A run now would do this' : 'Retention run done'} (measured at ${report.now.toISOString()}, ${report.locking}):`];
  for (const rule of report.rules) {
    const did = [
      rule.deleted && `${rule.deleted} deleted`,
      rule.anonymised && `${rule.anonymised} anonymised`,
      rule.warned && `${rule.warned} warned`,
      rule.unreachable && `${rule.unreachable} with no usable address`,
      rule.warningsFailed && `${rule.warningsFailed} warnings failed`,
      rule.waiting && `${rule.waiting} waiting for the date they were warned of`,
      rule.restricted && `${rule.restricted} kept: processing restricted`,
      rule.skipped && `skipped: ${rule.skipped}`,
      rule.failed && 'STOPPED HERE',
    ].filter(Boolean);
    lines.push(`  ${rule.rule.padEnd(28)} ${rule.action.padEnd(9)} ${(rule.period ?? '').padEnd(10)} ${did.length > 0 ? did.join(', ') : 'nothing due'}`);
  }
  const t = report.totals;
  lines.push(`Total: ${t.deleted} deleted, ${t.anonymised} anonymised, ${t.warned} warned.`);
  return `${lines.join('\n')}\n`;
}
