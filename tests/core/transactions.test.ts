import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Organization } from '../../src/modules/core/organization.entity.js';
import { SubscriptionPlan } from '../../src/modules/core/subscription-plan.entity.js';
import { createUser, issueToken, memberOf, unique } from '../factories/core.js';
import { startTestApp, type TestApp } from '../helpers/harness.js';

describe('writes are all or nothing', () => {
  let t: TestApp;
  let adminToken: string;
  beforeAll(async () => {
    t = await startTestApp();
    adminToken = await issueToken(t, await createUser(t, { isSuperuser: true }));
  });
  afterAll(() => t.close());

  it('leaves nothing of a refused mutation, even next to a successful one in the same request', async () => {
    const res = await t.gql(
      `mutation {
        a: updatePlan(input: { code: "growth", description: "Growth plan" }) { errors { code } }
        b: updatePlan(input: { code: "growth", name: "HACKED", isPublic: false, featureCodes: ["nope.nope"] }) { errors { code field } }
      }`,
      { token: adminToken },
    );
    expect(res.data.a.errors).toEqual([]);
    expect(res.data.b.errors).toEqual([{ code: 'NOT_FOUND', field: 'featureCodes.0' }]);
    const growth = await t.systemEm().findOneOrFail(SubscriptionPlan, { code: 'growth' });
    expect(growth).toMatchObject({ name: 'Growth', isPublic: true, description: 'Growth plan' });
  });

  it('reports each mutation field on its own: a refused field does not hide a successful one', async () => {
    const { token, organization } = await memberOf(t);
    const name = unique('renamed');
    const res = await t.gql(
      `mutation {
        updateOrganization(input: { name: "${name}" }) { organization { name } errors { code } }
        changeMemberRole(input: { membershipId: "00000000-0000-4000-8000-000000000000", role: VIEWER }) { errors { code } }
      }`,
      { token },
    );
    expect(res.data.updateOrganization.organization.name).toBe(name);
    expect(res.data.changeMemberRole).toBeNull();
    expect(res.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    expect((await t.systemEm().findOneOrFail(Organization, { id: organization.id })).name).toBe(name);
  });

  it('refuses to mix sign-in, sign-up or platform mutations with tenant mutations, writing nothing', async () => {
    const { token } = await memberOf(t);
    const code = unique('mixed');
    const res = await t.gql(
      `mutation {
        createPlan(input: { code: "${code}", name: "Mixed", monthlyPrice: { amount: 1, currency: "USD" } }) { errors { code } }
        changeSubscription(input: { planCode: "growth" }) { errors { code } }
      }`,
      { token: adminToken },
    );
    expect(res.status).toBe(400);
    expect(res.errors?.[0]).toMatchObject({
      message: expect.stringContaining('createPlan must be sent without other mutations'),
      extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
    });
    expect(await t.systemEm().count(SubscriptionPlan, { code })).toBe(0);
    expect(token).toBeTruthy();
  });

  it('reports no mutation field as done when an unexpected error rolls the request back', async () => {
    const { token, organization } = await memberOf(t);
    const clock = t.services.clock;
    let calls = 0;
    // the first reading of the clock authenticates the request; the one in revokeToken fails
    t.services.clock = {
      now: () =>
        calls++ === 0
          ? new Date()
          : (() => {
              throw new Error('clock broke');
            })(),
    };
    try {
      const res = await t.gql(`mutation { updateOrganization(input: { name: "Rolled back" }) { organization { id } } revokeToken { revoked } }`, {
        token,
      });
      expect(res.data).toBeNull();
      expect(res.errors?.[0].extensions?.code).toBe('INTERNAL_SERVER_ERROR');
    } finally {
      t.services.clock = clock;
    }
    expect((await t.systemEm().findOneOrFail(Organization, { id: organization.id })).name).toBe(organization.name);
  });

  it('classifies root fields inside fragments: a fragment-wrapped obtainToken signs in', async () => {
    const user = await createUser(t);
    const res = await t.gql(
      `mutation { ...SignIn ... on Mutation { __typename } }
       fragment SignIn on Mutation { obtainToken(input: { username: "${user.username}", password: "correct horse battery staple" }) { token errors { code } } }`,
      { ip: '2001:db8::77' },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data.obtainToken.token).toMatch(/^scrm_pat_/);
    const mixed = await t.gql(
      `mutation { ... on Mutation { createFeatureFlag(input: { code: "a.b" }) { errors { code } } } revokeToken { revoked } }`,
      { token: adminToken },
    );
    expect(mixed.status).toBe(400);
    expect(mixed.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it("shows the new plan's features in the changeSubscription payload", async () => {
    const { token } = await memberOf(t, { plan: 'growth' });
    const res = await t.gql('mutation { changeSubscription(input: { planCode: "free" }) { organization { features } errors { code } } }', {
      token,
    });
    expect(res.data.changeSubscription.organization.features).toEqual(['billing.manage_subscriptions']);
  });

  it('rate-limits sign-ups per address', async () => {
    const limited = await startTestApp({ env: { SIGNUP_RATE: '1/hour' } });
    try {
      const signUp = (username: string) =>
        limited.gql(
          `mutation { signUp(input: { organizationName: "Org", username: "${username}", email: "a@b.co", password: "long enough password" }) { errors { code retryAfterSeconds } } }`,
          {
            ip: '203.0.113.77',
          },
        );
      expect((await signUp(unique('first'))).data.signUp.errors).toEqual([]);
      const second = await signUp(unique('second'));
      expect(second.data.signUp.errors[0].code).toBe('RATE_LIMITED');
      expect(second.data.signUp.errors[0].retryAfterSeconds).toBeGreaterThan(3000);
    } finally {
      await limited.close();
    }
  });
});
