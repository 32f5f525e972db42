import fs from 'node:fs';
import { createInterface } from 'node:readline/promises';
import { once } from 'node:events';
import type { Privacy } from '../privacy.js';
import type { Locale } from '../options/locales.js';
import { describeErasure } from '../rights/erasure-report.js';
import { normaliseEmail } from '../subjects/email.js';
import { CliError, exitCodes } from './exit-codes.js';
import { operator } from './config.js';

function addressOf(input: string): string {
  const email = normaliseEmail(input);
  if (!email) throw new CliError(`"${input}" is not an e-mail address.`, exitCodes.usage);
  return email;
}

/** `shop-privacy export`: the person's access answer, streamed to stdout or a file; audited as a staff view. */
export async function exportSubject(privacy: Privacy, opts: { email: string; format: 'txt' | 'json'; locale: Locale; output?: string }): Promise<number> {
  const email = addressOf(opts.email);
  if (!(await privacy.holds(email))) {
    process.stderr.write(`Nothing is held about ${email}: no export was made.\n`);
    return exitCodes.notFound;
  }
  const pieces = await privacy.exportSubject(email, { format: opts.format, locale: opts.locale, actor: operator() });
  const out = opts.output ? fs.createWriteStream(opts.output, { mode: 0o600 }) : process.stdout;
  for await (const piece of pieces) if (!out.write(piece)) await once(out, 'drain');
  if (opts.output) {
    await new Promise<void>((resolve, reject) => (out as fs.WriteStream).end((err?: Error | null) => (err ? reject(err) : resolve())));
    process.stderr.write(`Wrote the ${opts.format.toUpperCase()} export to ${opts.output}. It holds personal data: hand it over securely and delete your copy.\n`);
  }
  return exitCodes.done;
}

/**
 * `shop-privacy erase`: shows what would be deleted and kept, then erases when confirmed
 * (--yes, or the address typed again at a terminal). The person is e-mailed the report.
 */
export async function eraseSubject(privacy: Privacy, opts: { email: string; yes?: boolean; locale: Locale; notify: boolean }): Promise<number> {
  const email = addressOf(opts.email);
  if (!(await privacy.holds(email))) {
    process.stderr.write(`Nothing is held about ${email}: nothing to erase.\n`);
    return exitCodes.notFound;
  }
  const preview = describeErasure(await privacy.previewErasure(email, { locale: opts.locale }), opts.locale);
  process.stdout.write(`Erasing ${email} would do this:\n${preview.map((line) => `  ${line}`).join('\n')}\n`);
  if (!opts.yes) {
    if (!process.stdin.isTTY) {
      process.stderr.write('Not erased: add --yes to erase without a terminal to confirm at.\n');
      return exitCodes.usage;
    }
    const prompt = createInterface({ input: process.stdin, output: process.stdout });
    const answer = await prompt.question('This cannot be undone. Type the address again to erase: ');
    prompt.close();
    if (normaliseEmail(answer) !== email) {
      process.stderr.write('Not erased: the address typed does not match.\n');
      return exitCodes.usage;
    }
  }
  const report = describeErasure(await privacy.eraseSubject(email, { locale: opts.locale, actor: operator(), notify: opts.notify }), opts.locale);
  process.stdout.write(`Erased ${email}:\n${report.map((line) => `  ${line}`).join('\n')}\n${opts.notify ? 'The report was e-mailed to the address.\n' : ''}`);
  return exitCodes.done;
}
