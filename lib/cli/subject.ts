import fs from 'node:fs';
import { createInterface } from 'node:readline/promises';
import { once } from 'node:events';
import type { Privacy } from '../app/privacy.js';
import type { Locale } from '../options/locales.js';
import { describeErasure } from '../rights/erasure-report.js';
import { normaliseEmail } from '../subjects/email.js';
import { CliError, exitCodes } from './exit-codes.js';
import { operator } from './config.js';
import { sayIn, type Say } from './locale.js';
import { terminalJson, terminalText } from './output.js';

function addressOf(input: string, say: Say): string {
  const email = normaliseEmail(input);
  if (!email) throw new CliError(say('cli.notAnAddress', { input: terminalText(input) }), exitCodes.usage);
  return email;
}

/** `shop-privacy export`: the person's access answer, streamed to stdout or a file; audited as a staff view. */
export async function exportSubject(privacy: Privacy, opts: { email: string; format: 'txt' | 'json'; locale: Locale; output?: string }): Promise<number> {
  const say = sayIn(opts.locale);
  const email = addressOf(opts.email, say);
  if (!(await privacy.holds(email))) {
    process.stderr.write(`${say('cli.export.nothing', { email })}\n`);
    return exitCodes.notFound;
  }
  // A new file only the operator can read: an existing one is never written over, since its
  // permissions (or a link planted in its place) could hand the export to someone else.
  let out: NodeJS.WritableStream = process.stdout;
  if (opts.output) {
    let handle: fs.promises.FileHandle;
    try {
      handle = await fs.promises.open(opts.output, 'wx', 0o600);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST') throw new CliError(say('cli.export.exists', { file: terminalText(opts.output) }), exitCodes.usage);
      throw err;
    }
    out = handle.createWriteStream();
  }
  const pieces = await privacy.exportSubject(email, { format: opts.format, locale: opts.locale, actor: operator() });
  // What the data hold is shown, never acted on by the terminal (see output.ts); JSON stays the same JSON.
  const safe = opts.format === 'json' ? terminalJson : terminalText;
  for await (const piece of pieces) if (!out.write(safe(piece))) await once(out, 'drain');
  if (opts.output) {
    await new Promise<void>((resolve, reject) => (out as fs.WriteStream).end((err?: Error | null) => (err ? reject(err) : resolve())));
    process.stderr.write(`${say('cli.export.written', { format: opts.format.toUpperCase(), file: terminalText(opts.output) })}\n`);
  }
  return exitCodes.done;
}

/**
 * `shop-privacy erase`: shows what would be deleted and kept, then erases when confirmed
 * (--yes, or the address typed again at a terminal). The person is e-mailed the report.
 */
export async function eraseSubject(privacy: Privacy, opts: { email: string; yes?: boolean; locale: Locale; notify: boolean }): Promise<number> {
  const say = sayIn(opts.locale);
  const email = addressOf(opts.email, say);
  if (!(await privacy.holds(email))) {
    process.stderr.write(`${say('cli.erase.nothing', { email })}\n`);
    return exitCodes.notFound;
  }
  const preview = describeErasure(await privacy.previewErasure(email, { locale: opts.locale }), opts.locale);
  process.stdout.write(terminalText(`${say('cli.erase.preview', { email })}\n${preview.map((line) => `  ${line}`).join('\n')}\n`));
  if (!opts.yes) {
    if (!process.stdin.isTTY) {
      process.stderr.write(`${say('cli.erase.needsYes')}\n`);
      return exitCodes.usage;
    }
    const prompt = createInterface({ input: process.stdin, output: process.stdout });
    const answer = await prompt.question(say('cli.erase.prompt'));
    prompt.close();
    if (normaliseEmail(answer) !== email) {
      process.stderr.write(`${say('cli.erase.mismatch')}\n`);
      return exitCodes.usage;
    }
  }
  const report = describeErasure(await privacy.eraseSubject(email, { locale: opts.locale, actor: operator(), notify: opts.notify }), opts.locale);
  process.stdout.write(
    terminalText(
      `${say('cli.erase.done', { email })}\n${report.map((line) => `  ${line}`).join('\n')}\n${opts.notify ? `${say('cli.erase.reported')}\n` : ''}`,
    ),
  );
  return exitCodes.done;
}
