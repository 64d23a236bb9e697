import nodemailer from 'nodemailer';
import type { Config } from '../../config.js';

export type MailMessage = { to: string; subject: string; text: string; html?: string; headers?: Record<string, string> };

/** What became of one e-mail: sent, failed (logged by the caller), or not attempted because SMTP is not configured. */
export type Delivery = 'SENT' | 'FAILED' | 'NOT_CONFIGURED';

export type Mailer = {
  send(message: MailMessage): Promise<void>;
  close(): void;
};

/**
 * Outgoing mail through SMTP_URL (nodemailer). Short timeouts: a request that e-mails waits for the
 * server's answer, so a stuck SMTP server costs seconds, not the request timeout. Callers send only
 * once their database transaction has committed.
 */
export function createMailer(mail: Config['mail']): Mailer | null {
  if (!mail) return null;
  const transport = nodemailer.createTransport(
    { url: mail.smtpUrl, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 20_000 },
    { from: mail.from },
  );
  return {
    async send(message) {
      await transport.sendMail(message);
    },
    close: () => transport.close(),
  };
}

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);

/** A link to PUBLIC_URL's page for the token (the token in the fragment stays out of server logs and Referer headers), or null without PUBLIC_URL. */
export function tokenLink(publicUrl: string | undefined, page: string, token: string): string | null {
  return publicUrl ? `${publicUrl}/${page}#token=${encodeURIComponent(token)}` : null;
}

/** Plain text and simple HTML from the same paragraphs; `link` becomes an anchor, and `how` says where else the token goes. */
function render(paragraphs: string[], link: string | null, token: string, how: string): { text: string; html: string } {
  const text = [...paragraphs, ...(link ? [link] : []), `${how}: ${token}`].join('\n\n');
  const html = [
    ...paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`),
    ...(link ? [`<p><a href="${escapeHtml(link)}">${escapeHtml(link)}</a></p>`] : []),
    `<p>${escapeHtml(how)}:<br><code>${escapeHtml(token)}</code></p>`,
  ].join('\n');
  return { text, html: `<!doctype html><html><body>${html}</body></html>` };
}

export function invitationMail(input: {
  to: string;
  organizationName: string;
  inviterName: string;
  role: string;
  token: string;
  expiresAt: Date;
  publicUrl: string | undefined;
}): MailMessage {
  const link = tokenLink(input.publicUrl, 'accept-invitation', input.token);
  const body = render(
    [
      `${input.inviterName} invited you to join ${input.organizationName} on SimplyCRM as ${input.role}.`,
      `Accept by signing in (with an account whose e-mail is ${input.to}) or by signing up with this invitation before ${input.expiresAt.toISOString()}.`,
      'If you did not expect this, ignore this e-mail.',
    ],
    link,
    input.token,
    'Or, with the API, pass this token to acceptInvitation (signed in) or to signUp as invitationToken',
  );
  return { to: input.to, subject: `Join ${input.organizationName} on SimplyCRM`, ...body };
}

export function passwordResetMail(input: {
  to: string;
  username: string;
  token: string;
  expiresAt: Date;
  publicUrl: string | undefined;
}): MailMessage {
  const link = tokenLink(input.publicUrl, 'reset-password', input.token);
  const body = render(
    [
      `Someone asked to reset the password of the SimplyCRM user "${input.username}".`,
      `Choose a new password before ${input.expiresAt.toISOString()}; the token works once.`,
      'If it was not you, ignore this e-mail: your password stays as it is.',
    ],
    link,
    input.token,
    'Or, with the API, pass this token to resetPassword',
  );
  return { to: input.to, subject: 'Reset your SimplyCRM password', ...body };
}
