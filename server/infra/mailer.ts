import nodemailer from 'nodemailer';

/** One plain-text e-mail. Rejects when the SMTP server does not take it. */
export type Mailer = (mail: { to: string; subject: string; text: string }) => Promise<void>;

/** E-mail through SMTP_URL (`smtp://user:pass@host:port` or `smtps://…`), from MAIL_FROM, with short timeouts. */
export function createMailer(smtpUrl: string, from: string): Mailer {
  const url = new URL(smtpUrl);
  const secure = url.protocol === 'smtps:';
  const transport = nodemailer.createTransport({
    host: url.hostname,
    port: url.port ? Number(url.port) : secure ? 465 : 587,
    secure,
    ...(url.username ? { auth: { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } } : {}),
    connectionTimeout: 5000,
    greetingTimeout: 5000,
    socketTimeout: 10_000,
  });
  return async (mail) => {
    await transport.sendMail({ from, ...mail });
  };
}
