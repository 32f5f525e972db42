import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import nodemailer, { type Transporter } from 'nodemailer';
import type MailMessage from 'nodemailer/lib/mailer/mail-message.js';

/** One e-mail as the outbox keeps it: the raw message beside a summary for listing. */
export interface OutboxMessage {
  id: string;
  date: string;
  from: string;
  to: string[];
  subject: string;
  text: string;
  html: string | null;
  headers: Record<string, string>;
}

/**
 * A nodemailer transport for development and tests: instead of sending, it writes each message
 * to `dir` as `<id>.eml` (the exact MIME message) and `<id>.json` (a summary to list and read).
 * Use a real SMTP transport in production.
 */
export function outboxTransport(dir: string): Transporter {
  return nodemailer.createTransport<unknown>({
    name: 'express-shop-privacy-outbox',
    version: '1',
    send(mail: MailMessage, callback: (err: Error | null, info: unknown) => void) {
      saveToOutbox(dir, mail).then(
        (info) => callback(null, info),
        (err: Error) => callback(err, undefined),
      );
    },
  }) as Transporter;
}

async function saveToOutbox(dir: string, mail: MailMessage): Promise<{ messageId: string; envelope: unknown; path: string }> {
  const raw = await new Promise<Buffer>((resolve, reject) => mail.message.build((err, message) => (err ? reject(err) : resolve(message))));
  const messageId = mail.message.messageId();
  // Named by the Message-ID: the same e-mail sent again (a worker that crashed before recording
  // it was sent) finds its file there and is kept once, as a mail client folds it.
  const id = createHash('sha256').update(messageId).digest('hex').slice(0, 24);
  const date = new Date();
  const envelope = mail.message.getEnvelope();
  const data = mail.data;
  const summary: OutboxMessage = {
    id,
    date: date.toISOString(),
    from: envelope.from || '',
    to: envelope.to,
    subject: String(data.subject ?? ''),
    text: String(data.text ?? ''),
    html: data.html === undefined ? null : String(data.html),
    headers: flattenHeaders(data.headers),
  };
  await fs.mkdir(dir, { recursive: true });
  const file = path.join(dir, `${id}.eml`);
  await writeOnce(file, raw);
  // The summary is written last: a listed message always has its .eml beside it.
  await writeOnce(path.join(dir, `${id}.json`), JSON.stringify(summary, null, 2));
  return { messageId, envelope, path: file };
}

/** Creates `file` whole, or leaves the one already there: written aside, then linked into place, so no reader sees half a file. */
async function writeOnce(file: string, data: string | Buffer): Promise<void> {
  const aside = `${file}.${randomBytes(6).toString('hex')}.part`;
  await fs.writeFile(aside, data);
  try {
    await fs.link(aside, file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  } finally {
    await fs.unlink(aside);
  }
}

function flattenHeaders(headers: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (headers && typeof headers === 'object' && !Array.isArray(headers)) {
    for (const [name, value] of Object.entries(headers)) out[name.toLowerCase()] = typeof value === 'string' ? value : JSON.stringify(value);
  }
  return out;
}

/** The messages in an outbox folder, newest first. A missing folder is an empty outbox. */
export async function readOutbox(dir: string): Promise<OutboxMessage[]> {
  let names: string[];
  try {
    names = await fs.readdir(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  const summaries = await Promise.all(
    names.filter((name) => name.endsWith('.json')).map(async (name) => JSON.parse(await fs.readFile(path.join(dir, name), 'utf8')) as OutboxMessage),
  );
  return summaries.sort((a, b) => b.date.localeCompare(a.date) || b.id.localeCompare(a.id));
}
