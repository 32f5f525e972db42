import type { Transporter } from 'nodemailer';
import { translate } from '../i18n/index.js';
import type { Locale } from '../options/locales.js';
import type { ResolvedOptions } from '../options/schema.js';
import type { Views } from '../http/views.js';
import { outboxTransport } from './outbox.js';

export interface ModuleEmail {
  to: string;
  locale: Locale;
  subject: string;
  paragraphs: string[];
  action?: { url: string; label: string };
  /**
   * Every e-mail the module sends carries a one-click unsubscribe (link and RFC 8058 headers),
   * except the erasure report: that address is already suppressed and has nothing to leave.
   */
  unsubscribeUrl: string | null;
}

/** Sends the module's e-mails, in the shopper's language, as text and HTML, with the controller's details. */
export function createMailer(options: Pick<ResolvedOptions, 'controller' | 'mailer'>, views: Views) {
  const transport: Transporter = (options.mailer.transport as Transporter | undefined) ?? outboxTransport(options.mailer.outboxDir);
  const { controller } = options;
  const from = options.mailer.from ?? { name: controller.name, address: controller.email };
  return {
    async send(email: ModuleEmail): Promise<void> {
      const footer = translate(email.locale, 'mail.footer', { ...controller });
      const unsubscribe = translate(email.locale, 'mail.unsubscribe');
      const text = [
        ...email.paragraphs,
        ...(email.action ? [`${email.action.label}: ${email.action.url}`] : []),
        '--',
        ...(email.unsubscribeUrl ? [`${unsubscribe} ${email.unsubscribeUrl}`] : []),
        footer,
      ].join('\n\n');
      const html = views.fragment('email', {
        locale: email.locale,
        subject: email.subject,
        paragraphs: email.paragraphs,
        action: email.action,
        unsubscribe,
        unsubscribeUrl: email.unsubscribeUrl,
        footer,
      });
      await transport.sendMail({
        from,
        to: email.to,
        subject: email.subject,
        text,
        html,
        headers: email.unsubscribeUrl ? unsubscribeHeaders(email.unsubscribeUrl) : {},
      });
    },
  };
}

export type Mailer = ReturnType<typeof createMailer>;

/** RFC 2369 and RFC 8058: the mail client offers "unsubscribe" and posts to the link itself. */
export function unsubscribeHeaders(url: string): UnsubscribeHeaders {
  return { 'List-Unsubscribe': `<${url}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' };
}

// A type, not an interface, so that it fits nodemailer's `headers` map as it is.
export type UnsubscribeHeaders = {
  'List-Unsubscribe': string;
  'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click';
};
