import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_READ } from '../../src/db/tenancy.js';
import { Invitation } from '../../src/modules/core/invitation.entity.js';
import { PasswordResetToken } from '../../src/modules/core/password-reset-token.entity.js';
import { PersonalToken } from '../../src/modules/core/personal-token.entity.js';
import { User } from '../../src/modules/core/user.entity.js';
import { createUser, DEFAULT_PASSWORD, issueToken, memberOf, unique } from '../factories/core.js';
import { startTestApp, type TestApp } from '../helpers/harness.js';
import { invitationTokenIn, resetTokenIn, startTestSmtp, type TestSmtp } from '../helpers/smtp.js';

const INVITE = `mutation ($email: String!) { inviteMember(input: { email: $email, role: MEMBER }) { invitation { id status } delivery token errors { code } } }`;
const RESEND = `mutation ($id: ID!) { resendInvitation(input: { invitationId: $id }) { delivery token errors { code } } }`;
const SIGN_UP = `mutation ($input: SignUpInput!) { signUp(input: $input) { token organization { id features subscription { plan { code } } } errors { code field } } }`;
const REQUEST = `mutation ($email: String!) { requestPasswordReset(input: { email: $email }) { accepted errors { code field retryAfterSeconds } } }`;
const RESET = `mutation ($token: String!, $password: String!) { resetPassword(input: { token: $token, newPassword: $password }) { reset errors { code field } } }`;
const OBTAIN = `mutation ($username: String!, $password: String!) { obtainToken(input: { username: $username, password: $password }) { token errors { code } } }`;

const NEW_PASSWORD = 'a brand new password 42';

describe('e-mail through SMTP (a real SMTP server on 127.0.0.1)', () => {
  let t: TestApp;
  let smtp: TestSmtp;
  beforeAll(async () => {
    smtp = await startTestSmtp();
    t = await startTestApp({
      env: {
        SMTP_URL: smtp.url,
        MAIL_FROM: 'SimplyCRM <crm@example.com>',
        PUBLIC_URL: 'https://crm.example.com/',
        ALLOW_SIGNUP: 'false',
        PASSWORD_RESET_RATE: '3/hour',
      },
    });
  });
  afterAll(async () => {
    await t.close();
    await smtp.close();
  });

  it('e-mails an invitation as text and HTML with a PUBLIC_URL link, never returning the token to the inviter', async () => {
    const owner = await memberOf(t);
    const email = `${unique('inv')}@example.com`;
    const res = await t.gql(INVITE, { variables: { email }, token: owner.token });
    expect(res.data.inviteMember).toMatchObject({ invitation: { status: 'PENDING' }, delivery: 'SENT', token: null, errors: [] });
    const received = await smtp.next(email);
    expect(received.from).toBe('crm@example.com');
    expect(received.text).toContain(`Subject: Join ${owner.organization.name} on SimplyCRM`);
    expect(received.text).toMatch(/Content-Type: text\/plain/);
    expect(received.text).toMatch(/Content-Type: text\/html/);
    const token = invitationTokenIn(received);
    expect(received.text).toContain(`https://crm.example.com/accept-invitation#token=${token}`);
  });

  it('signs up by an e-mailed invitation although ALLOW_SIGNUP=false, returning the real subscription and features', async () => {
    const owner = await memberOf(t);
    const email = `${unique('join')}@example.com`;
    await t.gql(INVITE, { variables: { email }, token: owner.token });
    const invitationToken = invitationTokenIn(await smtp.next(email));
    const input = { username: unique('joiner'), email, password: DEFAULT_PASSWORD };
    const open = await t.gql(SIGN_UP, { variables: { input: { ...input, organizationName: 'Mine' } } });
    expect(open.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const res = await t.gql(SIGN_UP, { variables: { input: { ...input, invitationToken } } });
    expect(res.data.signUp).toMatchObject({
      organization: { id: owner.organization.id, subscription: { plan: { code: 'enterprise' } } },
      errors: [],
    });
    expect(res.data.signUp.organization.features).toHaveLength(11);
  });

  it('reports FAILED (not a 500) when the SMTP server refuses, keeps the invitation, and a re-send goes out', async () => {
    const owner = await memberOf(t);
    const email = `${unique('fail')}@example.com`;
    smtp.rejectNext = 1;
    const res = await t.gql(INVITE, { variables: { email }, token: owner.token });
    expect(res.status).toBe(200);
    expect(res.data.inviteMember).toMatchObject({ delivery: 'FAILED', token: null, errors: [] });
    const row = await t.systemEm().findOneOrFail(Invitation, { id: res.data.inviteMember.invitation.id }, SYSTEM_READ);
    expect(row.acceptedAt).toBeNull();
    const resent = await t.gql(RESEND, { variables: { id: row.id }, token: owner.token });
    expect(resent.data.resendInvitation).toEqual({ delivery: 'SENT', token: null, errors: [] });
    expect(invitationTokenIn(await smtp.next(email))).toMatch(/^scrm_inv_/);
  });

  it('resets a password with the e-mailed token once, revoking every token of the user', async () => {
    const user = await createUser(t);
    const email = `${unique('reset')}@Example.com`;
    await t.systemEm().nativeUpdate(User, { id: user.id }, { email });
    const before = await issueToken(t, user);
    const res = await t.gql(REQUEST, { variables: { email: email.toLowerCase() }, ip: '10.1.0.1' });
    expect(res.data.requestPasswordReset).toEqual({ accepted: true, errors: [] });
    const received = await smtp.next(email);
    expect(received.text).toContain(`"${user.username}"`);
    const token = resetTokenIn(received);
    expect(received.text).toContain(`https://crm.example.com/reset-password#token=${token}`);
    const stored = await t.systemEm().find(PasswordResetToken, { user: user.id });
    expect(stored).toHaveLength(1);
    expect(stored[0].tokenHash).not.toContain(token);

    const reset = await t.gql(RESET, { variables: { token, password: NEW_PASSWORD } });
    expect(reset.data.resetPassword).toEqual({ reset: true, errors: [] });
    expect((await t.gql('{ me { id } }', { token: before })).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect(await t.systemEm().count(PersonalToken, { user: user.id, revokedAt: null })).toBe(0);
    const login = await t.gql(OBTAIN, { variables: { username: user.username, password: NEW_PASSWORD }, ip: '10.1.0.2' });
    expect(login.data.obtainToken.token).toMatch(/^scrm_pat_/);
    const old = await t.gql(OBTAIN, { variables: { username: user.username, password: DEFAULT_PASSWORD }, ip: '10.1.0.3' });
    expect(old.data.obtainToken.errors[0].code).toBe('INVALID_CREDENTIALS');

    const again = await t.gql(RESET, { variables: { token, password: 'yet another password 7' } });
    expect(again.data.resetPassword).toEqual({ reset: false, errors: [{ code: 'INVALID_TOKEN', field: 'token' }] });
  });

  it('answers the same for an address without an account, and e-mails nothing to it', async () => {
    const nobody = `${unique('nobody')}@example.com`;
    const user = await createUser(t);
    const unknown = await t.gql(REQUEST, { variables: { email: nobody }, ip: '10.2.0.1' });
    const known = await t.gql(REQUEST, { variables: { email: user.email }, ip: '10.2.0.2' });
    expect(unknown.data).toEqual(known.data);
    // The request for the unknown address came first: had it sent anything, it would be here by now.
    await smtp.next(user.email);
    expect(smtp.received.some((m) => m.to.includes(nobody))).toBe(false);
  });

  it('uses a reset token once even when it is sent twice at the same time', async () => {
    const user = await createUser(t);
    await t.gql(REQUEST, { variables: { email: user.email }, ip: '10.6.0.1' });
    const token = resetTokenIn(await smtp.next(user.email));
    const results = await Promise.all(
      ['first new password 1', 'second new password 2'].map((password) => t.gql(RESET, { variables: { token, password } })),
    );
    expect(results.map((r) => r.data.resetPassword.reset).sort()).toEqual([false, true]);
    expect(results.find((r) => !r.data.resetPassword.reset)?.data.resetPassword.errors).toEqual([{ code: 'INVALID_TOKEN', field: 'token' }]);
  });

  it('refuses an expired reset token and leaves the password as it was', async () => {
    const user = await createUser(t);
    await t.gql(REQUEST, { variables: { email: user.email }, ip: '10.3.0.1' });
    const token = resetTokenIn(await smtp.next(user.email));
    await t.systemEm().nativeUpdate(PasswordResetToken, { user: user.id }, { expiresAt: new Date(Date.now() - 1000) });
    const res = await t.gql(RESET, { variables: { token, password: NEW_PASSWORD } });
    expect(res.data.resetPassword.errors).toEqual([{ code: 'INVALID_TOKEN', field: 'token' }]);
    const login = await t.gql(OBTAIN, { variables: { username: user.username, password: DEFAULT_PASSWORD }, ip: '10.3.0.2' });
    expect(login.data.obtainToken.token).toMatch(/^scrm_pat_/);
  });

  it('rate-limits reset requests per address, whether or not it has an account (PASSWORD_RESET_RATE)', async () => {
    for (const email of [`${unique('limited')}@example.com`, (await createUser(t)).email]) {
      const answers = [];
      for (let i = 0; i < 4; i++) answers.push((await t.gql(REQUEST, { variables: { email }, ip: `10.4.${i}.1` })).data.requestPasswordReset);
      expect(answers.slice(0, 3).every((a) => a.accepted)).toBe(true);
      expect(answers[3]).toMatchObject({ accepted: false, errors: [{ code: 'RATE_LIMITED', field: null }] });
      expect(answers[3].errors[0].retryAfterSeconds).toBeGreaterThan(0);
    }
  });

  it('still answers accepted when the SMTP server refuses the reset e-mail (the failure is logged, not revealed)', async () => {
    const user = await createUser(t);
    smtp.rejectNext = 1;
    const res = await t.gql(REQUEST, { variables: { email: user.email }, ip: '10.5.0.1' });
    expect(res.status).toBe(200);
    expect(res.data.requestPasswordReset).toEqual({ accepted: true, errors: [] });
  });
});
