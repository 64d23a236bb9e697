import { describe, expect, it } from 'vitest';
import { invitationMail, passwordResetMail, tokenLink } from '../../src/modules/core/mailer.js';

const TOKEN = 'scrm_inv_abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQ';

describe('e-mail templates', () => {
  it('escapes names in the HTML part and keeps them readable in the text part', () => {
    const mail = invitationMail({
      to: 'a@example.com',
      organizationName: '<script>alert("x")</script> & Co',
      inviterName: 'bob',
      role: 'member',
      token: TOKEN,
      expiresAt: new Date('2026-12-09T00:00:00Z'),
      publicUrl: 'https://crm.example.com',
    });
    expect(mail.html).not.toContain('<script>');
    expect(mail.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co');
    expect(mail.text).toContain('<script>alert("x")</script> & Co');
    expect(mail.text).toContain(`https://crm.example.com/accept-invitation#token=${TOKEN}`);
    expect(mail.text).toContain('2026-12-09T00:00:00.000Z');
  });

  it('carries the token without a link when PUBLIC_URL is unset', () => {
    expect(tokenLink(undefined, 'reset-password', TOKEN)).toBeNull();
    const mail = passwordResetMail({ to: 'a@example.com', username: 'alice', token: TOKEN, expiresAt: new Date(), publicUrl: undefined });
    expect(mail.text).not.toContain('http');
    expect(mail.text).toContain(`pass this token to resetPassword: ${TOKEN}`);
    expect(mail.html).toContain(`<code>${TOKEN}</code>`);
  });
});
