import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Membership } from '../../src/modules/core/membership.entity.js';
import { Organization } from '../../src/modules/core/organization.entity.js';
import { PersonalToken } from '../../src/modules/core/personal-token.entity.js';
import { Subscription } from '../../src/modules/core/subscription.entity.js';
import { User } from '../../src/modules/core/user.entity.js';
import { SYSTEM_READ } from '../../src/db/tenancy.js';
import { createUser, DEFAULT_PASSWORD, issueToken, memberOf, unique } from '../factories/core.js';
import { startTestApp, type TestApp } from '../helpers/harness.js';

const OBTAIN = `mutation ($username: String!, $password: String!) {
  obtainToken(input: { username: $username, password: $password }) { token expiresAt user { username } errors { code field message retryAfterSeconds } }
}`;
const SIGN_UP = `mutation ($input: SignUpInput!) {
  signUp(input: $input) { token user { username } organization { slug name } errors { code field message } }
}`;

describe('authentication', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('issues a prefixed token for valid credentials and stores only its SHA-256 hash', async () => {
    const user = await createUser(t);
    const res = await t.gql(OBTAIN, { variables: { username: user.username.toUpperCase(), password: DEFAULT_PASSWORD } });
    const { token, errors, user: who } = res.data.obtainToken;
    expect(errors).toEqual([]);
    expect(who.username).toBe(user.username);
    expect(token).toMatch(/^scrm_pat_[\w-]{43}$/);
    const stored = await t.systemEm().find(PersonalToken, { user: user.id });
    expect(stored).toHaveLength(1);
    expect(stored[0].tokenHash).toBe(createHash('sha256').update(token).digest('hex'));
    expect(JSON.stringify(stored[0])).not.toContain(token);
    expect(token.startsWith(stored[0].prefix)).toBe(true);
    const me = await t.gql('{ me { username } }', { token });
    expect(me.data.me.username).toBe(user.username);
    const [touched] = await t.systemEm().find(PersonalToken, { user: user.id });
    expect(touched.lastUsedAt).toBeInstanceOf(Date);
  });

  it('answers INVALID_CREDENTIALS the same way for a wrong password and an unknown user', async () => {
    const user = await createUser(t);
    const wrong = await t.gql(OBTAIN, { variables: { username: user.username, password: 'not the password!' }, ip: '10.0.0.1' });
    const unknown = await t.gql(OBTAIN, { variables: { username: unique('nobody'), password: 'not the password!' }, ip: '10.0.0.2' });
    expect(wrong.data.obtainToken).toEqual(unknown.data.obtainToken);
    expect(wrong.data.obtainToken).toMatchObject({ token: null, errors: [{ code: 'INVALID_CREDENTIALS', field: null }] });
  });

  it('refuses inactive users with INVALID_CREDENTIALS and stops their tokens', async () => {
    const user = await createUser(t);
    const token = await issueToken(t, user);
    await t.systemEm().nativeUpdate(User, { id: user.id }, { isActive: false });
    const res = await t.gql(OBTAIN, { variables: { username: user.username, password: DEFAULT_PASSWORD } });
    expect(res.data.obtainToken.errors[0].code).toBe('INVALID_CREDENTIALS');
    expect((await t.gql('{ me { id } }', { token })).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('revokes the token used for the request and only that one', async () => {
    const user = await createUser(t);
    const [first, second] = [await issueToken(t, user), await issueToken(t, user)];
    const res = await t.gql('mutation { revokeToken { revoked errors { code } } }', { token: first });
    expect(res.data.revokeToken).toEqual({ revoked: true, errors: [] });
    const after = await t.gql('{ me { id } }', { token: first });
    expect(after.errors?.[0]).toMatchObject({ message: 'Invalid, expired or revoked token', extensions: { code: 'UNAUTHENTICATED' } });
    expect((await t.gql('{ me { id } }', { token: second })).data.me.id).toBe(user.id);
  });

  it('refuses expired, unknown and malformed tokens with UNAUTHENTICATED', async () => {
    const user = await createUser(t);
    const expired = await issueToken(t, user, new Date(Date.now() - 1000));
    for (const headers of [{ authorization: `Bearer ${expired}` }, { authorization: 'Bearer scrm_pat_nope' }, { authorization: 'Token abc' }]) {
      const res = await t.gql('{ me { id } }', { headers });
      expect(res.data).toBeNull();
      expect(res.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    }
    expect((await t.gql('{ me { id } }')).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('lets anyone list public plans without a token', async () => {
    const res = await t.gql('{ plans { code monthlyPrice { amount currency } features { code } } }');
    expect(res.data.plans.map((p: { code: string }) => p.code)).toEqual(['free', 'growth', 'enterprise']);
    const free = res.data.plans[0];
    expect(free.features.map((f: { code: string }) => f.code)).toEqual(['billing.manage_subscriptions']);
    expect(res.data.plans[2].monthlyPrice).toEqual({ amount: 19900, currency: 'USD' });
  });
});

describe('signUp', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  const input = () => ({
    organizationName: 'Acme Trading Ltd',
    username: unique('founder'),
    email: 'founder@acme.test',
    password: 'a long enough password',
  });

  it('creates a user, an organization on the free plan with the user as owner, and a working token', async () => {
    const given = input();
    const res = await t.gql(SIGN_UP, { variables: { input: given } });
    const payload = res.data.signUp;
    expect(payload.errors).toEqual([]);
    expect(payload.organization.name).toBe('Acme Trading Ltd');
    expect(payload.organization.slug).toMatch(/^acme-trading-ltd/);
    const org = await t.gql('{ organization { slug features subscription { plan { code } } } myOrganizations { role } }', { token: payload.token });
    expect(org.data.organization.subscription.plan.code).toBe('free');
    expect(org.data.organization.features).toEqual(['billing.manage_subscriptions']);
    expect(org.data.myOrganizations).toEqual([{ role: 'OWNER' }]);
  });

  it('gives a second organization with the same name its own slug', async () => {
    const a = await t.gql(SIGN_UP, { variables: { input: input() } });
    const b = await t.gql(SIGN_UP, { variables: { input: input() } });
    expect(a.data.signUp.errors).toEqual([]);
    expect(b.data.signUp.errors).toEqual([]);
    expect(a.data.signUp.organization.slug).not.toBe(b.data.signUp.organization.slug);
  });

  it('refuses a taken username and writes nothing', async () => {
    const existing = await createUser(t);
    const before = await t.systemEm().count(Organization, {}, SYSTEM_READ);
    const res = await t.gql(SIGN_UP, { variables: { input: { ...input(), username: existing.username } } });
    expect(res.data.signUp).toMatchObject({ token: null, errors: [{ code: 'ALREADY_EXISTS', field: 'username' }] });
    expect(await t.systemEm().count(Organization, {}, SYSTEM_READ)).toBe(before);
  });

  it('names every invalid field', async () => {
    const res = await t.gql(SIGN_UP, { variables: { input: { organizationName: ' ', username: 'A!', email: 'nope', password: 'short' } } });
    const errors = res.data.signUp.errors.map((e: { field: string; code: string }) => `${e.field}:${e.code}`);
    expect(errors).toEqual(['organizationName:REQUIRED', 'username:INVALID', 'email:INVALID', 'password:INVALID']);
  });

  it('is FORBIDDEN when ALLOW_SIGNUP=false, and writes nothing', async () => {
    const closed = await startTestApp({ env: { ALLOW_SIGNUP: 'false' } });
    try {
      const given = input();
      const res = await closed.gql(SIGN_UP, { variables: { input: given } });
      expect(res.errors?.[0]).toMatchObject({ message: 'Sign-up is disabled on this server', extensions: { code: 'FORBIDDEN' } });
      expect(await closed.systemEm().count(User, { username: given.username })).toBe(0);
      expect(await closed.systemEm().count(Membership, {}, SYSTEM_READ)).toBe(0);
      expect(await closed.systemEm().count(Subscription, {}, SYSTEM_READ)).toBe(0);
    } finally {
      await closed.close();
    }
  });

  it('lets an owner see their organization but not sign in to another with the header', async () => {
    const mine = await memberOf(t);
    const other = await memberOf(t);
    const res = await t.gql('{ organization { id } }', { token: mine.token, org: other.organization.slug });
    expect(res.errors?.[0]).toMatchObject({ extensions: { code: 'FORBIDDEN' } });
    expect(res.data).toBeNull();
  });
});
