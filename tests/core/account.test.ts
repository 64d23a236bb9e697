import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resetPasswordInput, UsageError } from '../../src/cli.js';
import { SYSTEM_READ } from '../../src/db/tenancy.js';
import { Membership, Role } from '../../src/modules/core/membership.entity.js';
import { Organization } from '../../src/modules/core/organization.entity.js';
import { PersonalToken } from '../../src/modules/core/personal-token.entity.js';
import { resetUserPassword } from '../../src/modules/core/seed.js';
import { addMember, createUser, DEFAULT_PASSWORD, issueToken, memberOf, unique } from '../factories/core.js';
import { startTestApp, type TestApp } from '../helpers/harness.js';

const CHANGE = `mutation ($current: String!, $next: String!) {
  changePassword(input: { currentPassword: $current, newPassword: $next }) { changed revokedTokens errors { code field } }
}`;
const OBTAIN = `mutation ($username: String!, $password: String!, $name: String) {
  obtainToken(input: { username: $username, password: $password, tokenName: $name }) { token errors { code field } }
}`;
const MY_TOKENS = `{ myTokens(first: 10) { totalCount edges { node { id name prefix current createdAt lastUsedAt expiresAt } } } }`;
const REVOKE = `mutation ($id: ID) { revokeToken(input: { tokenId: $id }) { revoked revokedTokenId errors { code } } }`;
const UPDATE_ORG = `mutation ($name: String, $slug: String) { updateOrganization(input: { name: $name, slug: $slug }) { organization { name slug } errors { code field } } }`;
const LEAVE = `mutation { leaveOrganization { organizationId errors { code } } }`;
const SIGN_UP = `mutation ($input: SignUpInput!) {
  signUp(input: $input) { token organization { slug features subscription { status plan { code } } } errors { code field } }
}`;

const NEW_PASSWORD = 'my new password is long';
const login = (t: TestApp, username: string, password: string, ip = '10.20.0.1') => t.gql(OBTAIN, { variables: { username, password }, ip });

describe('your account', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('changes the password, revoking the other tokens and keeping the current one', async () => {
    const { user, token } = await memberOf(t);
    const other = await issueToken(t, user);
    const res = await t.gql(CHANGE, { variables: { current: DEFAULT_PASSWORD, next: NEW_PASSWORD }, token });
    expect(res.data.changePassword).toEqual({ changed: true, revokedTokens: 1, errors: [] });
    expect((await t.gql('{ me { id } }', { token })).data.me.id).toBe(user.id);
    expect((await t.gql('{ me { id } }', { token: other })).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect((await login(t, user.username, NEW_PASSWORD)).data.obtainToken.token).toMatch(/^scrm_pat_/);
    expect((await login(t, user.username, DEFAULT_PASSWORD, '10.20.0.2')).data.obtainToken.errors[0].code).toBe('INVALID_CREDENTIALS');
  });

  it('refuses a wrong current password or a weak new one, changing nothing', async () => {
    const { user, token } = await memberOf(t);
    const other = await issueToken(t, user);
    const wrong = await t.gql(CHANGE, { variables: { current: 'not my password at all', next: NEW_PASSWORD }, token, ip: '10.21.0.1' });
    expect(wrong.data.changePassword).toEqual({
      changed: false,
      revokedTokens: null,
      errors: [{ code: 'INVALID_CREDENTIALS', field: 'currentPassword' }],
    });
    const weak = await t.gql(CHANGE, { variables: { current: DEFAULT_PASSWORD, next: 'short' }, token });
    expect(weak.data.changePassword.errors).toEqual([{ code: 'INVALID', field: 'newPassword' }]);
    const same = await t.gql(CHANGE, { variables: { current: DEFAULT_PASSWORD, next: DEFAULT_PASSWORD }, token });
    expect(same.data.changePassword.errors).toEqual([{ code: 'INVALID', field: 'newPassword' }]);
    expect((await login(t, user.username, DEFAULT_PASSWORD, '10.21.0.2')).data.obtainToken.token).toMatch(/^scrm_pat_/);
    expect((await t.gql('{ me { id } }', { token: other })).data.me.id).toBe(user.id);
  });

  it('counts wrong current passwords against the login limits', async () => {
    const limited = await startTestApp({ env: { LOGIN_MAX_ATTEMPTS: '2', LOGIN_RATE: '100/min' } });
    try {
      const { user, token } = await memberOf(limited);
      for (let i = 0; i < 2; i++) await limited.gql(CHANGE, { variables: { current: 'wrong password guess', next: NEW_PASSWORD }, token });
      const locked = await limited.gql(CHANGE, { variables: { current: DEFAULT_PASSWORD, next: NEW_PASSWORD }, token });
      expect(locked.data.changePassword.errors).toEqual([{ code: 'LOCKED_OUT', field: 'currentPassword' }]);
      expect((await login(limited, user.username, DEFAULT_PASSWORD)).data.obtainToken.errors[0].code).toBe('LOCKED_OUT');
    } finally {
      await limited.close();
    }
  });

  it('lists your working tokens with their names, the current one marked, never the secret', async () => {
    const { user, token } = await memberOf(t);
    const named = await t.gql(OBTAIN, { variables: { username: user.username, password: DEFAULT_PASSWORD, name: 'laptop CLI' }, ip: '10.22.0.1' });
    const expired = await issueToken(t, user, new Date(Date.now() - 1000));
    const revoked = await issueToken(t, user);
    await t.gql(REVOKE, { variables: {}, token: revoked });
    const stranger = await memberOf(t);
    const res = await t.gql(MY_TOKENS, { token });
    expect(res.data.myTokens.totalCount).toBe(2);
    const nodes = res.data.myTokens.edges.map((e: { node: Record<string, unknown> }) => e.node);
    expect(nodes.map((n: { name: string; current: boolean }) => [n.name, n.current])).toEqual([
      ['laptop CLI', false],
      ['', true],
    ]);
    expect(named.data.obtainToken.token.startsWith(nodes[0].prefix)).toBe(true);
    const body = JSON.stringify(res);
    for (const secret of [token, named.data.obtainToken.token, expired, stranger.token]) expect(body).not.toContain(secret);
    const fields = (t.schema.getType('PersonalToken') as unknown as { getFields(): Record<string, unknown> }).getFields();
    expect(Object.keys(fields).sort()).toEqual(['createdAt', 'current', 'expiresAt', 'id', 'lastUsedAt', 'name', 'prefix']);
  });

  it("revokes one of your tokens by id, and answers NOT_FOUND for another user's", async () => {
    const { user, token } = await memberOf(t);
    const laptop = await issueToken(t, user);
    const stranger = await memberOf(t);
    const [theirs] = await t.systemEm().find(PersonalToken, { user: stranger.user.id });
    const list = await t.gql(MY_TOKENS, { token: laptop });
    const laptopId = list.data.myTokens.edges.find((e: { node: { current: boolean } }) => e.node.current).node.id;
    expect((await t.gql(REVOKE, { variables: { id: laptopId }, token })).data.revokeToken).toEqual({
      revoked: true,
      revokedTokenId: laptopId,
      errors: [],
    });
    expect((await t.gql('{ me { id } }', { token: laptop })).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect((await t.gql('{ me { id } }', { token })).data.me.id).toBe(user.id);
    const refused = await t.gql(REVOKE, { variables: { id: theirs.id }, token });
    expect(refused.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    expect((await t.systemEm().findOneOrFail(PersonalToken, { id: theirs.id })).revokedAt).toBeNull();
    expect((await t.gql('{ me { id } }', { token: stranger.token })).data.me.id).toBe(stranger.user.id);
  });

  it('answers NOT_CONFIGURED to a password-reset request when the server has no SMTP', async () => {
    const user = await createUser(t);
    const res = await t.gql(`mutation { requestPasswordReset(input: { email: "${user.email}" }) { accepted errors { code } } }`);
    expect(res.data.requestPasswordReset).toEqual({ accepted: false, errors: [{ code: 'NOT_CONFIGURED' }] });
  });

  it("returns the new organization's real subscription and features from signUp", async () => {
    const input = { organizationName: 'Fresh Start', username: unique('fresh'), email: 'fresh@example.com', password: DEFAULT_PASSWORD };
    const res = await t.gql(SIGN_UP, { variables: { input }, ip: '10.23.0.1' });
    expect(res.data.signUp).toMatchObject({
      organization: { features: ['billing.manage_subscriptions'], subscription: { status: 'ACTIVE', plan: { code: 'free' } } },
      errors: [],
    });
    const next = await t.gql('{ organization { features subscription { plan { code } } } }', { token: res.data.signUp.token });
    expect(next.data.organization).toEqual({ features: ['billing.manage_subscriptions'], subscription: { plan: { code: 'free' } } });
    const missing = await t.gql(SIGN_UP, { variables: { input: { ...input, organizationName: null, username: unique('noorg') } }, ip: '10.23.0.2' });
    expect(missing.data.signUp.errors).toEqual([{ code: 'REQUIRED', field: 'organizationName' }]);
  });

  describe.each([
    { role: Role.OWNER, allowed: true },
    { role: Role.ADMIN, allowed: true },
    { role: Role.MEMBER, allowed: false },
    { role: Role.VIEWER, allowed: false },
  ])('renaming the organization as $role', ({ role, allowed }) => {
    it(allowed ? 'renames it and keeps the slug unless asked' : 'is refused with FORBIDDEN and the name stays', async () => {
      const { token, organization } = await memberOf(t, { role });
      const name = `Renamed ${unique('org')}`;
      const res = await t.gql(UPDATE_ORG, { variables: { name }, token });
      const stored = await t.systemEm().findOneOrFail(Organization, { id: organization.id });
      if (allowed) {
        expect(res.data.updateOrganization).toEqual({ organization: { name, slug: organization.slug }, errors: [] });
        expect(stored).toMatchObject({ name, slug: organization.slug });
      } else {
        expect(res.errors?.[0].extensions?.code).toBe('FORBIDDEN');
        expect(stored).toMatchObject({ name: organization.name, slug: organization.slug });
      }
    });
  });

  it('changes the slug only when asked, refusing taken, malformed and ID-shaped slugs', async () => {
    const { token, organization } = await memberOf(t);
    const other = await memberOf(t);
    const slug = unique('new-slug');
    expect((await t.gql(UPDATE_ORG, { variables: { slug }, token })).data.updateOrganization.organization.slug).toBe(slug);
    expect((await t.gql('{ organization { id } }', { token, org: slug })).data.organization.id).toBe(organization.id);
    const taken = await t.gql(UPDATE_ORG, { variables: { name: 'Kept?', slug: other.organization.slug }, token });
    expect(taken.data.updateOrganization.errors).toEqual([{ code: 'ALREADY_EXISTS', field: 'slug' }]);
    for (const bad of ['Upper Case', '-dash', '00000000-0000-4000-8000-000000000000']) {
      expect((await t.gql(UPDATE_ORG, { variables: { slug: bad }, token })).data.updateOrganization.errors).toEqual([
        { code: 'INVALID', field: 'slug' },
      ]);
    }
    expect((await t.gql(UPDATE_ORG, { variables: {}, token })).data.updateOrganization.errors).toEqual([{ code: 'REQUIRED', field: 'name' }]);
    expect(await t.systemEm().findOneOrFail(Organization, { id: organization.id })).toMatchObject({ slug, name: organization.name });
  });

  it('lets a member leave, after which the organization refuses them', async () => {
    const owner = await memberOf(t);
    const user = await createUser(t);
    const membership = await addMember(t, user, owner.organization, Role.MEMBER);
    const token = await issueToken(t, user);
    expect((await t.gql(LEAVE, { token })).data.leaveOrganization).toEqual({ organizationId: owner.organization.id, errors: [] });
    expect(await t.systemEm().count(Membership, { id: membership.id }, SYSTEM_READ)).toBe(0);
    expect((await t.gql('{ organization { id } }', { token })).errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('keeps the last owner from leaving (LAST_OWNER), but not an owner with a co-owner', async () => {
    const owner = await memberOf(t);
    expect((await t.gql(LEAVE, { token: owner.token })).data.leaveOrganization.errors).toEqual([{ code: 'LAST_OWNER' }]);
    expect(await t.systemEm().count(Membership, { id: owner.membership.id }, SYSTEM_READ)).toBe(1);
    await addMember(t, await createUser(t), owner.organization, Role.OWNER);
    expect((await t.gql(LEAVE, { token: owner.token })).data.leaveOrganization.errors).toEqual([]);
    expect(await t.systemEm().count(Membership, { organization: owner.organization.id, role: Role.OWNER }, SYSTEM_READ)).toBe(1);
  });
});

describe('reset-password on the command line', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('generates a password (or reads one from stdin with --stdin) and validates it', async () => {
    const generated = await resetPasswordInput(['Alice'], () => Promise.reject(new Error('stdin must not be read')));
    expect(generated).toMatchObject({ username: 'alice', generated: true });
    expect(generated.password.length).toBeGreaterThanOrEqual(12);
    const piped = await resetPasswordInput(['alice', '--stdin'], async () => 'from standard input 1\nignored');
    expect(piped).toEqual({ username: 'alice', password: 'from standard input 1', generated: false });
    await expect(resetPasswordInput(['alice', '--stdin'], async () => 'short\n')).rejects.toThrow(UsageError);
    await expect(resetPasswordInput([], async () => '')).rejects.toThrow(/Usage: reset-password/);
  });

  it("sets the password and revokes the user's tokens; an unknown user changes nothing", async () => {
    const { user, token } = await memberOf(t);
    expect(await resetUserPassword(t.systemEm(), user.username, NEW_PASSWORD)).toMatchObject({ id: user.id });
    expect((await t.gql('{ me { id } }', { token })).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect((await login(t, user.username, NEW_PASSWORD)).data.obtainToken.token).toMatch(/^scrm_pat_/);
    expect(await resetUserPassword(t.systemEm(), unique('nobody'), NEW_PASSWORD)).toBeNull();
  });
});
