import type { Transporter } from 'nodemailer';

/** One e-mail: recipients, subject and plain text (Japanese first). */
export interface MailMessage {
  to: string[];
  subject: string;
  text: string;
}

/**
 * Sends e-mail. The application sends only through the SMTP server the city configures (LGWAN
 * mail); with none configured there is no mailer and nothing is sent.
 */
export interface Mailer {
  send(message: MailMessage): Promise<void>;
}

/** SMTP settings (from the environment, see serve-config.ts). */
export interface SmtpConfig {
  host: string;
  port: number;
  /** TLS from the start (port 465); otherwise STARTTLS when the server offers it. */
  secure: boolean;
  /** The sender address (`From`). */
  from: string;
  user?: string | undefined;
  password?: string | undefined;
  /** Accept a self-signed certificate of the city's own server. */
  allowSelfSigned?: boolean | undefined;
}

/**
 * A mailer over the city's SMTP server (nodemailer). Connects only to the host configured.
 *
 * @example smtpMailer({ host: 'mail.lg.example', port: 25, secure: false, from: 'sousei@lg.example' })
 */
export function smtpMailer(config: SmtpConfig): Mailer {
  let transport: Transporter | null = null;
  // Loaded on first use: a deployment without mail never loads the SMTP client.
  const open = async (): Promise<Transporter> => {
    if (transport) return transport;
    const nodemailer = (await import('nodemailer')).default;
    transport = nodemailer.createTransport({
      host: config.host,
      port: config.port,
      secure: config.secure,
      ...(config.user ? { auth: { user: config.user, pass: config.password ?? '' } } : {}),
      ...(config.allowSelfSigned ? { tls: { rejectUnauthorized: false } } : {}),
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 20_000,
    });
    return transport;
  };
  return {
    async send(message) {
      if (!message.to.length) return;
      await (await open()).sendMail({
        from: config.from,
        to: message.to,
        subject: message.subject,
        text: message.text,
        // Japanese text: base64 is about a third of quoted-printable's size.
        textEncoding: 'base64',
      });
    },
  };
}

/**
 * SMTP settings from the serve settings' URL (`smtp://user:pass@host:587`, `smtps://host`) and the
 * sender address. Ports default to 25 (smtp) and 465 (smtps).
 *
 * @example smtpConfigFromUrl('smtp://mail.lg.example:587', 'sousei@lg.example') // { host: 'mail.lg.example', port: 587, secure: false, ... }
 */
export function smtpConfigFromUrl(url: string, from: string): SmtpConfig {
  const u = new URL(url);
  const secure = u.protocol === 'smtps:';
  return {
    host: u.hostname,
    port: u.port ? Number(u.port) : secure ? 465 : 25,
    secure,
    from,
    ...(u.username ? { user: decodeURIComponent(u.username), password: decodeURIComponent(u.password) } : {}),
  };
}

/** The outcome of sending a batch: how many went out, and the failures (never thrown). */
export interface MailReport {
  configured: boolean;
  sent: number;
  failed: { to: string[]; error: string }[];
}

/** Sends each message; failures are collected, not thrown (the transition already happened). */
export async function sendAll(mailer: Mailer | null, messages: readonly MailMessage[]): Promise<MailReport> {
  const report: MailReport = { configured: mailer !== null, sent: 0, failed: [] };
  if (!mailer) return report;
  for (const m of messages) {
    if (!m.to.length) continue;
    try {
      await mailer.send(m);
      report.sent++;
    } catch (err) {
      report.failed.push({ to: m.to, error: err instanceof Error ? err.message : String(err) });
    }
  }
  return report;
}
