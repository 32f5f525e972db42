import { formatDate } from '../i18n/index.js';
import type { Privacy } from '../app/privacy.js';
import type { PrivacyRequest } from '../requests/types.js';
import type { Locale } from '../options/locales.js';
import { recordsCsv, recordsOfProcessing } from '../records/records.js';
import { exitCodes } from './exit-codes.js';
import { sayIn } from './locale.js';
import { terminalJson, terminalText } from './output.js';

/**
 * `shop-privacy requests`: the open queue, soonest due first, without addresses (those are for
 * the audited staff pages). With --overdue only those past their due date, and exit code 5 if any.
 * Read and written 500 at a time: a flooded queue costs time, not memory.
 */
export async function listRequests(privacy: Privacy, opts: { overdue?: boolean; format: 'text' | 'json'; locale: Locale }): Promise<number> {
  const say = sayIn(opts.locale);
  const now = privacy.options.clock();
  const { timezone } = privacy.options;
  let listed = 0;
  const write = (r: PrivacyRequest) => {
    if (opts.format === 'json') {
      const row = {
        id: r.id,
        type: r.type,
        status: r.status,
        channel: r.channel,
        receivedAt: r.receivedAt.toISOString(),
        dueAt: r.dueAt.toISOString(),
        overdue: r.dueAt < now,
        extended: r.extendedAt !== null,
      };
      const json = JSON.stringify(row, null, 2).replace(/\n/g, '\n  ');
      process.stdout.write(`${listed === 0 ? '[\n  ' : ',\n  '}${json}`);
      return;
    }
    if (listed === 0) {
      const [id, type, status, channel, received, due] = say('cli.requests.header').split('|') as [string, string, string, string, string, string];
      process.stdout.write(`${id.padStart(6)}  ${type.padEnd(13)} ${status.padEnd(11)} ${channel.padEnd(8)} ${received.padEnd(17)} ${due}\n`);
    }
    const flags = `${r.dueAt < now ? `  ${say('cli.requests.overdueFlag')}` : ''}${r.extendedAt ? `  ${say('cli.requests.extendedFlag')}` : ''}`;
    process.stdout.write(
      `${String(r.id).padStart(6)}  ${r.type.padEnd(13)} ${r.status.padEnd(11)} ${r.channel.padEnd(8)} ${formatDate(r.receivedAt, opts.locale, timezone).padEnd(17)} ${formatDate(r.dueAt, opts.locale, timezone)}${flags}\n`,
    );
  };
  let after: PrivacyRequest | null = null;
  for (;;) {
    const page = await privacy.requests.queue({ limit: pageSize, after });
    // Soonest due first: the overdue ones are the queue's head, and the first one not overdue ends them.
    const shown = opts.overdue ? page.filter((r) => r.dueAt < now) : page;
    for (const r of shown) {
      write(r);
      listed += 1;
    }
    after = page.at(-1) ?? null;
    if (page.length < pageSize || shown.length < page.length) break;
  }
  if (opts.format === 'json') process.stdout.write(listed === 0 ? '[]\n' : '\n]\n');
  else if (listed === 0) process.stdout.write(`${say(opts.overdue ? 'cli.requests.noneOverdue' : 'cli.requests.none')}\n`);
  return opts.overdue && listed > 0 ? exitCodes.overdue : exitCodes.done;
}

const pageSize = 500;

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
