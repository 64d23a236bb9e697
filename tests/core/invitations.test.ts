import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_READ } from '../../src/db/tenancy.js';
import { Invitation } from '../../src/modules/core/invitation.entity.js';
import { Membership, Role } from '../../src/modules/core/membership.entity.js';
import { User } from '../../src/modules/core/user.entity.js';
import { addMember, createUser, DEFAULT_PASSWORD, issueToken, memberOf, unique } from '../factories/core.js';
import { startTestApp, type TestApp } from '../helpers/harness.js';
import { AcceptInvitationDocument, InvitationsDocument, InviteMemberDocument } from '../generated/graphql.js';

const INVITE = `mutation ($email: String!, $role: Role!) {
  inviteMember(input: { email: $email, role: $role }) { invitation { id email role status invitedBy { username } } delivery token errors { code field } }
}`;
const ACCEPT = `mutation ($token: String!) {
  acceptInvitation(input: { token: $token }) { membership { role user { username } } organization { id slug features subscription { plan { code } } } errors { code field } }
}`;
const REVOKE = `mutation ($id: ID!) { revokeInvitation(input: { invitationId: $id }) { invitation { status revokedAt } errors { code } } }`;
const RESEND = `mutation ($id: ID!) { resendInvitation(input: { invitationId: $id }) { invitation { status expiresAt } delivery token errors { code } } }`;
const LIST = `query ($status: InvitationStatus) { invitations(first: 50, status: $status) { totalCount edges { node { id email status } } } }`;
const SIGN_UP = `mutation ($input: SignUpInput!) {
  signUp(input: $input) { token user { username } organization { id features subscription { plan { code } } } errors { code field } }
}`;

const mail = () => `${unique('invitee')}@Example.com`;

/** A user (in an organization of their own) whose e-mail is `email`. */
async function userWithEmail(t: TestApp, email: string) {
  const { user, token } = await memberOf(t);
  await t.systemEm().nativeUpdate(User, { id: user.id }, { email });
  return { user, token };
}

const memberships = (t: TestApp, organizationId: string, userId: string) =>
  t.systemEm().count(Membership, { organization: organizationId, user: userId }, SYSTEM_READ);

describe('invitations without SMTP', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('invites by e-mail, returns the token once (no SMTP to send it) and stores only its hash', async () => {
    const owner = await memberOf(t);
    const email = mail();
    const res = await t.gql(INVITE, { variables: { email, role: 'MEMBER' }, token: owner.token });
    const payload = res.data.inviteMember;
    expect(payload).toMatchObject({
      invitation: { email: email.toLowerCase(), role: 'MEMBER', status: 'PENDING', invitedBy: { username: owner.user.username } },
      delivery: 'NOT_CONFIGURED',
      errors: [],
    });
    expect(payload.token).toMatch(/^scrm_inv_[\w-]{43}$/);
    const row = await t.systemEm().findOneOrFail(Invitation, { id: payload.invitation.id }, SYSTEM_READ);
    expect(row.tokenHash).toBe(createHash('sha256').update(payload.token).digest('hex'));
    expect(JSON.stringify(row)).not.toContain(payload.token);
    const list = await t.gql(LIST, { token: owner.token });
    expect(list.data.invitations.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual([payload.invitation.id]);
  });

  it('adds an existing user only when they accept, signed in with the invited address, and only once', async () => {
    const owner = await memberOf(t);
    const email = mail();
    const invitee = await userWithEmail(t, email);
    const { token } = (await t.gql(INVITE, { variables: { email: email.toUpperCase(), role: 'VIEWER' }, token: owner.token })).data.inviteMember;
    expect(await memberships(t, owner.organization.id, invitee.user.id)).toBe(0);
    const accepted = await t.gql(ACCEPT, { variables: { token }, token: invitee.token });
    expect(accepted.data.acceptInvitation).toMatchObject({
      membership: { role: 'VIEWER', user: { username: invitee.user.username } },
      organization: { id: owner.organization.id, subscription: { plan: { code: 'enterprise' } } },
      errors: [],
    });
    expect(accepted.data.acceptInvitation.organization.features).toContain('assistant.chat');
    expect(await memberships(t, owner.organization.id, invitee.user.id)).toBe(1);
    const again = await t.gql(ACCEPT, { variables: { token }, token: invitee.token });
    expect(again.data.acceptInvitation).toMatchObject({ membership: null, errors: [{ code: 'INVALID_TOKEN', field: 'token' }] });
    const list = await t.gql(LIST, { variables: { status: 'ACCEPTED' }, token: owner.token });
    expect(list.data.invitations.totalCount).toBe(1);
    // The new member works in the organization with the invited role.
    const org = await t.gql('{ organization { id } }', { token: invitee.token, org: owner.organization.slug });
    expect(org.data.organization.id).toBe(owner.organization.id);
  });

  it('lets a token be used once when it is accepted and signed up with at the same time', async () => {
    const owner = await memberOf(t);
    const email = mail();
    const invitee = await userWithEmail(t, email);
    const { token } = (await t.gql(INVITE, { variables: { email, role: 'MEMBER' }, token: owner.token })).data.inviteMember;
    const input = { username: unique('racer'), email, password: DEFAULT_PASSWORD, invitationToken: token };
    const [accepted, signedUp] = await Promise.all([
      t.gql(ACCEPT, { variables: { token }, token: invitee.token }),
      t.gql(SIGN_UP, { variables: { input }, ip: '10.9.1.1' }),
    ]);
    const codes = [accepted.data.acceptInvitation.errors[0]?.code ?? 'OK', signedUp.data.signUp.errors[0]?.code ?? 'OK'].sort();
    expect(codes).toEqual(['INVALID_TOKEN', 'OK']);
    expect(await t.systemEm().count(Membership, { organization: owner.organization.id }, SYSTEM_READ)).toBe(2);
  });

  it('refuses a signed-in user whose e-mail is not the invited one (EMAIL_MISMATCH), adding nobody', async () => {
    const owner = await memberOf(t);
    const { token } = (await t.gql(INVITE, { variables: { email: mail(), role: 'ADMIN' }, token: owner.token })).data.inviteMember;
    const stranger = await memberOf(t);
    const res = await t.gql(ACCEPT, { variables: { token }, token: stranger.token });
    expect(res.data.acceptInvitation.errors).toEqual([{ code: 'EMAIL_MISMATCH', field: 'token' }]);
    expect(await memberships(t, owner.organization.id, stranger.user.id)).toBe(0);
    expect((await t.gql(LIST, { variables: { status: 'PENDING' }, token: owner.token })).data.invitations.totalCount).toBe(1);
  });

  it('answers the same whether or not the invited address has an account', async () => {
    const owner = await memberOf(t);
    const known = mail();
    await userWithEmail(t, known);
    const shape = (res: { data: { inviteMember: Record<string, unknown> } }) => {
      const { invitation, token, ...rest } = res.data.inviteMember as { invitation: Record<string, unknown>; token: string };
      return { ...rest, invitation: { ...invitation, id: typeof invitation.id, email: typeof invitation.email }, token: typeof token };
    };
    const a = await t.gql(INVITE, { variables: { email: known, role: 'MEMBER' }, token: owner.token });
    const b = await t.gql(INVITE, { variables: { email: mail(), role: 'MEMBER' }, token: owner.token });
    expect(shape(a)).toEqual(shape(b));
  });

  it('refuses a second pending invitation for one address and an address a member has, writing nothing', async () => {
    const owner = await memberOf(t);
    const email = mail();
    await t.gql(INVITE, { variables: { email, role: 'MEMBER' }, token: owner.token });
    const twice = await t.gql(INVITE, { variables: { email: ` ${email.toUpperCase()} `, role: 'ADMIN' }, token: owner.token });
    expect(twice.data.inviteMember).toMatchObject({ invitation: null, token: null, errors: [{ code: 'ALREADY_EXISTS', field: 'email' }] });
    const member = await createUser(t);
    await addMember(t, member, owner.organization, Role.MEMBER);
    const existing = await t.gql(INVITE, { variables: { email: member.email, role: 'MEMBER' }, token: owner.token });
    expect(existing.data.inviteMember.errors).toEqual([{ code: 'ALREADY_MEMBER', field: 'email' }]);
    const bad = await t.gql(INVITE, { variables: { email: 'not-an-address', role: 'MEMBER' }, token: owner.token });
    expect(bad.data.inviteMember.errors).toEqual([{ code: 'INVALID', field: 'email' }]);
    expect(await t.systemEm().count(Invitation, { organization: owner.organization.id }, SYSTEM_READ)).toBe(1);
  });

  it('refuses expired, revoked and unknown tokens, and lists each status', async () => {
    const owner = await memberOf(t);
    const email = mail();
    const invitee = await userWithEmail(t, email);
    const expired = (await t.gql(INVITE, { variables: { email, role: 'MEMBER' }, token: owner.token })).data.inviteMember;
    await t.systemEm().nativeUpdate(Invitation, { id: expired.invitation.id }, { expiresAt: new Date(Date.now() - 1000) }, SYSTEM_READ);
    const revoked = (await t.gql(INVITE, { variables: { email, role: 'MEMBER' }, token: owner.token })).data.inviteMember;
    const revoke = await t.gql(REVOKE, { variables: { id: revoked.invitation.id }, token: owner.token });
    expect(revoke.data.revokeInvitation).toMatchObject({ invitation: { status: 'REVOKED' }, errors: [] });
    expect((await t.gql(REVOKE, { variables: { id: revoked.invitation.id }, token: owner.token })).data.revokeInvitation.errors).toEqual([
      { code: 'INVALID_STATE' },
    ]);
    for (const token of [expired.token, revoked.token, 'scrm_inv_nope', '']) {
      const res = await t.gql(ACCEPT, { variables: { token }, token: invitee.token });
      expect(res.data.acceptInvitation.errors).toEqual([{ code: 'INVALID_TOKEN', field: 'token' }]);
    }
    expect(await memberships(t, owner.organization.id, invitee.user.id)).toBe(0);
    for (const [status, n] of [
      ['EXPIRED', 1],
      ['REVOKED', 1],
      ['PENDING', 0],
      ['ACCEPTED', 0],
    ] as const) {
      expect((await t.gql(LIST, { variables: { status }, token: owner.token })).data.invitations.totalCount, status).toBe(n);
    }
  });

  it('re-sends an expired invitation with a new token and expiry: the old token stops working', async () => {
    const owner = await memberOf(t);
    const email = mail();
    const invitee = await userWithEmail(t, email);
    const first = (await t.gql(INVITE, { variables: { email, role: 'MEMBER' }, token: owner.token })).data.inviteMember;
    await t.systemEm().nativeUpdate(Invitation, { id: first.invitation.id }, { expiresAt: new Date(Date.now() - 1000) }, SYSTEM_READ);
    const resent = (await t.gql(RESEND, { variables: { id: first.invitation.id }, token: owner.token })).data.resendInvitation;
    expect(resent).toMatchObject({ invitation: { status: 'PENDING' }, delivery: 'NOT_CONFIGURED', errors: [] });
    expect(new Date(resent.invitation.expiresAt).getTime()).toBeGreaterThan(Date.now() + 6 * 86400_000);
    expect(resent.token).not.toBe(first.token);
    expect((await t.gql(ACCEPT, { variables: { token: first.token }, token: invitee.token })).data.acceptInvitation.errors[0].code).toBe(
      'INVALID_TOKEN',
    );
    expect((await t.gql(ACCEPT, { variables: { token: resent.token }, token: invitee.token })).data.acceptInvitation.errors).toEqual([]);
    expect((await t.gql(RESEND, { variables: { id: first.invitation.id }, token: owner.token })).data.resendInvitation.errors).toEqual([
      { code: 'INVALID_STATE' },
    ]);
  });

  it('voids the invitations of an admin who was removed: they cannot come back through one', async () => {
    // given an admin who invited a second address of their own, and is then removed by the owner
    const owner = await memberOf(t);
    const admin = await createUser(t);
    const adminMembership = await addMember(t, admin, owner.organization, Role.ADMIN);
    const adminToken = await issueToken(t, admin);
    const email = mail();
    const second = await userWithEmail(t, email);
    const sent = (await t.gql(INVITE, { variables: { email, role: 'ADMIN' }, token: adminToken, org: owner.organization.slug })).data.inviteMember;
    expect(sent.errors).toEqual([]);
    const removed = await t.gql(`mutation ($id: ID!) { removeMember(input: { membershipId: $id }) { errors { code } } }`, {
      variables: { id: adminMembership.id },
      token: owner.token,
    });
    expect(removed.data.removeMember.errors).toEqual([]);
    // when the second account accepts, then it is refused and nobody is added
    const accepted = await t.gql(ACCEPT, { variables: { token: sent.token }, token: second.token });
    expect(accepted.data.acceptInvitation).toMatchObject({ membership: null, errors: [{ code: 'INVALID_TOKEN', field: 'token' }] });
    expect(await memberships(t, owner.organization.id, second.user.id)).toBe(0);
  });

  it('does not re-send an expired invitation to an address that has joined since', async () => {
    const owner = await memberOf(t);
    const email = mail();
    const invitee = await userWithEmail(t, email);
    const first = (await t.gql(INVITE, { variables: { email, role: 'MEMBER' }, token: owner.token })).data.inviteMember;
    await t.systemEm().nativeUpdate(Invitation, { id: first.invitation.id }, { expiresAt: new Date(Date.now() - 1000) }, SYSTEM_READ);
    const second = (await t.gql(INVITE, { variables: { email, role: 'MEMBER' }, token: owner.token })).data.inviteMember;
    expect((await t.gql(ACCEPT, { variables: { token: second.token }, token: invitee.token })).data.acceptInvitation.errors).toEqual([]);
    const resent = await t.gql(RESEND, { variables: { id: first.invitation.id }, token: owner.token });
    expect(resent.data.resendInvitation).toMatchObject({ invitation: null, token: null, errors: [{ code: 'ALREADY_MEMBER' }] });
    const row = await t.systemEm().findOneOrFail(Invitation, { id: first.invitation.id }, SYSTEM_READ);
    expect(row.expiresAt.getTime()).toBeLessThan(Date.now());
  });

  it('checks an invitation token before the username when signing up, so a made-up token tells nothing about usernames', async () => {
    const taken = await memberOf(t);
    const input = { username: taken.user.username, email: mail(), password: DEFAULT_PASSWORD, invitationToken: 'scrm_inv_made-up' };
    const res = await t.gql(SIGN_UP, { variables: { input }, ip: '10.9.0.9' });
    expect(res.data.signUp).toMatchObject({ token: null, errors: [{ code: 'INVALID_TOKEN', field: 'invitationToken' }] });
  });

  it('signs a new user up into the inviting organization with the invited role, and not with another address', async () => {
    const owner = await memberOf(t, { plan: 'growth' });
    const email = mail();
    const { token } = (await t.gql(INVITE, { variables: { email, role: 'ADMIN' }, token: owner.token })).data.inviteMember;
    const input = { username: unique('joiner'), email: 'someone-else@example.com', password: DEFAULT_PASSWORD, invitationToken: token };
    const wrong = await t.gql(SIGN_UP, { variables: { input }, ip: '10.9.0.1' });
    expect(wrong.data.signUp).toMatchObject({ token: null, errors: [{ code: 'EMAIL_MISMATCH', field: 'email' }] });
    expect(await t.systemEm().count(User, { username: input.username })).toBe(0);
    const res = await t.gql(SIGN_UP, { variables: { input: { ...input, email } }, ip: '10.9.0.2' });
    expect(res.data.signUp).toMatchObject({ organization: { id: owner.organization.id, subscription: { plan: { code: 'growth' } } }, errors: [] });
    expect(res.data.signUp.organization.features).toContain('catalog.manage_suppliers');
    const mine = await t.gql('{ myOrganizations { id role } }', { token: res.data.signUp.token });
    expect(mine.data.myOrganizations).toEqual([{ id: owner.organization.id, role: 'ADMIN' }]);
  });

  it("keeps one organization's invitations invisible and unusable from another", async () => {
    const a = await memberOf(t);
    const b = await memberOf(t);
    const invited = (await t.gql(INVITE, { variables: { email: mail(), role: 'MEMBER' }, token: a.token })).data.inviteMember;
    expect((await t.gql(LIST, { token: b.token })).data.invitations.totalCount).toBe(0);
    for (const op of [REVOKE, RESEND]) {
      const res = await t.gql(op, { variables: { id: invited.invitation.id }, token: b.token });
      expect(res.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    }
    const row = await t.systemEm().findOneOrFail(Invitation, { id: invited.invitation.id }, SYSTEM_READ);
    expect(row).toMatchObject({ revokedAt: null, tokenHash: createHash('sha256').update(invited.token).digest('hex') });
  });

  it('refuses inviteMember sent with another mutation, writing nothing', async () => {
    const owner = await memberOf(t);
    const email = mail();
    const res = await t.gql(
      `mutation { inviteMember(input: { email: "${email}" }) { errors { code } } updateOrganization(input: { name: "Mixed" }) { errors { code } } }`,
      { token: owner.token },
    );
    expect(res.errors?.[0].message).toMatch(/without other mutations/);
    expect(await t.systemEm().count(Invitation, { email: email.toLowerCase() }, SYSTEM_READ)).toBe(0);
  });

  describe.each([
    { role: Role.OWNER, invites: ['OWNER', 'ADMIN', 'MEMBER', 'VIEWER'], refused: [] as string[] },
    { role: Role.ADMIN, invites: ['ADMIN', 'MEMBER', 'VIEWER'], refused: ['OWNER'] },
  ])('as $role', ({ role, invites, refused }) => {
    it(`invites ${invites.join(', ')} and is refused ${refused.join(', ') || 'nothing'} (INSUFFICIENT_ROLE, nothing written)`, async () => {
      const { token, organization } = await memberOf(t, { role });
      for (const invitedRole of invites) {
        expect((await t.gql(INVITE, { variables: { email: mail(), role: invitedRole }, token })).data.inviteMember.errors).toEqual([]);
      }
      for (const invitedRole of refused) {
        const res = await t.gql(INVITE, { variables: { email: mail(), role: invitedRole }, token });
        expect(res.data.inviteMember.errors).toEqual([{ code: 'INSUFFICIENT_ROLE', field: 'role' }]);
      }
      expect(await t.systemEm().count(Invitation, { organization: organization.id }, SYSTEM_READ)).toBe(invites.length);
    });
  });

  it('does not let an admin revoke or re-send an invitation to become owner', async () => {
    const owner = await memberOf(t);
    const admin = await createUser(t);
    await addMember(t, admin, owner.organization, Role.ADMIN);
    const adminToken = await issueToken(t, admin);
    const invited = (await t.gql(INVITE, { variables: { email: mail(), role: 'OWNER' }, token: owner.token })).data.inviteMember;
    for (const op of [REVOKE, RESEND]) {
      const res = await t.gql(op, { variables: { id: invited.invitation.id }, token: adminToken });
      expect(Object.values(res.data)[0]).toMatchObject({ errors: [{ code: 'INSUFFICIENT_ROLE' }] });
    }
    expect(await t.systemEm().findOneOrFail(Invitation, { id: invited.invitation.id }, SYSTEM_READ)).toMatchObject({ revokedAt: null });
  });

  describe.each([Role.MEMBER, Role.VIEWER])('as %s', (role) => {
    it('is refused inviting, listing, revoking and re-sending with FORBIDDEN, and nothing is written', async () => {
      const owner = await memberOf(t);
      const user = await createUser(t);
      await addMember(t, user, owner.organization, role);
      const token = await issueToken(t, user);
      const invited = (await t.gql(INVITE, { variables: { email: mail(), role: 'MEMBER' }, token: owner.token })).data.inviteMember;
      const calls = [
        t.gql(INVITE, { variables: { email: mail(), role: 'VIEWER' }, token }),
        t.gql(LIST, { token }),
        t.gql(REVOKE, { variables: { id: invited.invitation.id }, token }),
        t.gql(RESEND, { variables: { id: invited.invitation.id }, token }),
      ];
      for (const res of await Promise.all(calls)) expect(res.errors?.[0].extensions?.code).toBe('FORBIDDEN');
      expect(await t.systemEm().count(Invitation, { organization: owner.organization.id }, SYSTEM_READ)).toBe(1);
      expect(await t.systemEm().findOneOrFail(Invitation, { id: invited.invitation.id }, SYSTEM_READ)).toMatchObject({ revokedAt: null });
    });
  });

  it('reads a page of invitations with their inviters in a constant number of statements', async () => {
    const owner = await memberOf(t);
    const admin = await createUser(t);
    await addMember(t, admin, owner.organization, Role.ADMIN);
    const adminToken = await issueToken(t, admin);
    const invite = (token: string) => t.op(InviteMemberDocument, { variables: { input: { email: mail(), role: 'VIEWER' } }, token });
    for (let i = 0; i < 2; i++) await invite(owner.token);
    await invite(adminToken);
    const small = await t.counter.measure(() => t.op(InvitationsDocument, { variables: { first: 50 }, token: owner.token }));
    expect(small.result.data.invitations.edges).toHaveLength(3);
    for (let i = 0; i < 12; i++) await invite(i % 2 ? owner.token : adminToken);
    const large = await t.counter.measure(() => t.op(InvitationsDocument, { variables: { first: 50 }, token: owner.token }));
    expect(large.result.data.invitations.edges).toHaveLength(15);
    expect(new Set(large.result.data.invitations.edges.map((e) => e.node.invitedBy?.username))).toEqual(
      new Set([owner.user.username, admin.username]),
    );
    expect(large.count).toBe(small.count);
    const expired = await t.op(InvitationsDocument, { variables: { first: 50, status: 'EXPIRED' }, token: owner.token });
    expect(expired.data.invitations.totalCount).toBe(0);
  });

  it('accepts through the typed documents a client would generate', async () => {
    const owner = await memberOf(t);
    const email = mail();
    const invitee = await userWithEmail(t, email);
    const invited = await t.op(InviteMemberDocument, { variables: { input: { email, role: 'MEMBER' } }, token: owner.token });
    const token = invited.data.inviteMember?.token as string;
    const accepted = await t.op(AcceptInvitationDocument, { variables: { token }, token: invitee.token });
    expect(accepted.data.acceptInvitation).toMatchObject({ membership: { role: 'MEMBER' }, organization: { id: owner.organization.id }, errors: [] });
  });

  it('refuses anonymous callers accepting an invitation with UNAUTHENTICATED', async () => {
    const res = await t.gql(ACCEPT, { variables: { token: 'scrm_inv_x' } });
    expect(res.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });
});
