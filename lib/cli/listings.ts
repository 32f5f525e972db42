import { formatDate } from '../i18n/index.js';
import type { Privacy } from '../app/privacy.js';
import type { Locale } from '../options/locales.js';
import { recordsCsv, recordsOfProcessing } from '../records/records.js';
import { exitCodes } from './exit-codes.js';
import { sayIn } from './locale.js';
import { terminalJson, terminalText } from './output.js';

/**
 * `shop-privacy requests`: the open queue, soonest due first, without addresses (those are for
 * the audited staff pages). With --overdue only those past their due date, and exit code 5 if any.
 */
export async function listRequests(privacy: Privacy, opts: { overdue?: boolean; format: 'text' | 'json'; locale: Locale }): Promise<number> {
  const say = sayIn(opts.locale);
  const now = privacy.options.clock();
  const queue = (await privacy.requests.queue()).filter((r) => !opts.overdue || r.dueAt < now);
  const rows = queue.map((r) => ({
    id: r.id,
    type: r.type,
    status: r.status,
    channel: r.channel,
    receivedAt: r.receivedAt.toISOString(),
    dueAt: r.dueAt.toISOString(),
    overdue: r.dueAt < now,
    extended: r.extendedAt !== null,
  }));
  if (opts.format === 'json') process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
  else if (rows.length === 0) process.stdout.write(`${say(opts.overdue ? 'cli.requests.noneOverdue' : 'cli.requests.none')}\n`);
  else {
    const [id, type, status, channel, received, due] = say('cli.requests.header').split('|') as [string, string, string, string, string, string];
    process.stdout.write(`${id.padStart(6)}  ${type.padEnd(13)} ${status.padEnd(11)} ${channel.padEnd(8)} ${received.padEnd(17)} ${due}\n`);
    for (const r of queue) {
      const flags = `${r.dueAt < now ? `  ${say('cli.requests.overdueFlag')}` : ''}${r.extendedAt ? `  ${say('cli.requests.extendedFlag')}` : ''}`;
      process.stdout.write(
        `${String(r.id).padStart(6)}  ${r.type.padEnd(13)} ${r.status.padEnd(11)} ${r.channel.padEnd(8)} ${formatDate(r.receivedAt, opts.locale, privacy.options.timezone).padEnd(17)} ${formatDate(r.dueAt, opts.locale, privacy.options.timezone)}${flags}\n`,
      );
    }
  }
  return opts.overdue && rows.length > 0 ? exitCodes.overdue : exitCodes.done;
}

/** `shop-privacy records`: the record of processing activities (GDPR Art. 30) from the app's options. */
export async function printRecords(privacy: Privacy, opts: { format: 'text' | 'json' | 'csv'; locale: Locale }): Promise<number> {
  // The version in force is settled from the published text, as the running shop does at start.
  if (!privacy.policy.settled) await privacy.policy.settle();
  const records = recordsOfProcessing(privacy.options, opts.locale);
  // The texts come from the app's options; still, nothing in them reaches the terminal as a control (see output.ts).
  if (opts.format === 'json') process.stdout.write(terminalJson(`${JSON.stringify(records, null, 2)}\n`));
  else if (opts.format === 'csv') {
    // The byte-order mark is the CSV's own (spreadsheets read UTF-8 by it); the fields are shown, never acted on.
    const csv = recordsCsv(records).replace(/^\uFEFF/, '');
    process.stdout.write(`\uFEFF${csv.split('\r\n').map(terminalText).join('\r\n')}`);
  } else {
    const c = records.controller;
    const lines = [
      `${c.name}, ${c.regNo}, ${c.address}, ${c.email}, ${c.website}`,
      sayIn(opts.locale)('cli.records.policy', { version: records.policyVersion }),
      '',
    ];
    for (const a of records.activities) {
      lines.push(`${a.purpose} [${a.id}]`, `  ${a.legalBasisText}`, `  ${a.dataCategories.join(', ')}`, `  ${a.subjectCategories.join(', ')}`);
      for (const r of a.recipients) lines.push(`  → ${r.name} (${r.location})${r.safeguard ? `: ${r.safeguard}` : ''}`);
      lines.push(`  ${a.retention}`, '');
    }
    lines.push(...records.securityMeasures.map((m) => `* ${m}`));
    process.stdout.write(terminalText(`${lines.join('\n')}\n`));
  }
  return exitCodes.done;
}
