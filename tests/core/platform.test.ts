import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FeatureFlag } from '../../src/modules/core/feature-flag.entity.js';
import { SubscriptionPlan } from '../../src/modules/core/subscription-plan.entity.js';
import { createUser, issueToken, memberOf, unique } from '../factories/core.js';
import { startTestApp, type TestApp } from '../helpers/harness.js';

const CREATE_PLAN = `mutation ($input: CreatePlanInput!) { createPlan(input: $input) { plan { code name isPublic isSelfServe monthlyPrice { amount currency } features { code } } errors { code field } } }`;
const CREATE_FLAG = `mutation ($code: String!) { createFeatureFlag(input: { code: $code, description: "test" }) { featureFlag { code } errors { code field } } }`;

describe('platform administration', () => {
  let t: TestApp;
  let adminToken: string;
  beforeAll(async () => {
    t = await startTestApp();
    adminToken = await issueToken(t, await createUser(t, { isSuperuser: true }));
  });
  afterAll(() => t.close());

  it('lets a superuser create a feature flag and a plan that uses it', async () => {
    const code = `reports.${unique('x').replace('-', '_')}`;
    expect((await t.gql(CREATE_FLAG, { variables: { code }, token: adminToken })).data.createFeatureFlag).toEqual({
      featureFlag: { code },
      errors: [],
    });
    const planCode = unique('pro');
    const res = await t.gql(CREATE_PLAN, {
      variables: {
        input: {
          code: planCode,
          name: 'Pro',
          monthlyPrice: { amount: 9900, currency: 'EUR' },
          isPublic: false,
          isSelfServe: true,
          featureCodes: [code, 'analytics.insights'],
        },
      },
      token: adminToken,
    });
    expect(res.data.createPlan.errors).toEqual([]);
    expect(res.data.createPlan.plan).toMatchObject({
      code: planCode,
      isPublic: false,
      isSelfServe: true,
      monthlyPrice: { amount: 9900, currency: 'EUR' },
    });
    expect(res.data.createPlan.plan.features.map((f: { code: string }) => f.code).sort()).toEqual(['analytics.insights', code].sort());
    const all = await t.gql('{ allPlans { code } }', { token: adminToken });
    expect(all.data.allPlans.map((p: { code: string }) => p.code)).toContain(planCode);
    const pub = await t.gql('{ plans { code } }');
    expect(pub.data.plans.map((p: { code: string }) => p.code)).not.toContain(planCode);
  });

  it('names unknown feature codes and duplicate plan codes, and writes nothing', async () => {
    const code = unique('bad');
    const res = await t.gql(CREATE_PLAN, {
      variables: {
        input: { code, name: 'Bad', monthlyPrice: { amount: 100, currency: 'USD' }, featureCodes: ['analytics.insights', 'nope.nothing'] },
      },
      token: adminToken,
    });
    expect(res.data.createPlan).toEqual({ plan: null, errors: [{ code: 'NOT_FOUND', field: 'featureCodes.1' }] });
    expect(await t.systemEm().count(SubscriptionPlan, { code })).toBe(0);
    const dup = await t.gql(CREATE_PLAN, {
      variables: { input: { code: 'free', name: 'Free again', monthlyPrice: { amount: 0, currency: 'USD' } } },
      token: adminToken,
    });
    expect(dup.data.createPlan.errors).toEqual([{ code: 'ALREADY_EXISTS', field: 'code' }]);
    const invalid = await t.gql(CREATE_PLAN, {
      variables: { input: { code: 'X Y', name: '', monthlyPrice: { amount: -1, currency: 'usd' } } },
      token: adminToken,
    });
    expect(invalid.data.createPlan.errors.map((e: { field: string }) => e.field)).toEqual([
      'code',
      'name',
      'monthlyPrice.currency',
      'monthlyPrice.amount',
    ]);
    expect((await t.gql(CREATE_FLAG, { variables: { code: 'NotAFeature' }, token: adminToken })).data.createFeatureFlag.errors).toEqual([
      { code: 'INVALID', field: 'code' },
    ]);
  });

  it('refuses organization owners: platform mutations need a superuser, and nothing is written', async () => {
    const { token } = await memberOf(t);
    const code = `x.${unique('y').replace('-', '_')}`;
    const res = await t.gql(CREATE_FLAG, { variables: { code }, token });
    expect(res.errors?.[0]).toMatchObject({ extensions: { code: 'FORBIDDEN' } });
    expect(await t.systemEm().count(FeatureFlag, { code })).toBe(0);
    expect((await t.gql('{ featureFlags { code } }', { token })).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(
      (await t.gql('mutation { updatePlan(input: { code: "free", isPublic: false }) { errors { code } } }', { token })).errors?.[0].extensions?.code,
    ).toBe('FORBIDDEN');
    expect(await t.systemEm().count(SubscriptionPlan, { code: 'free', isPublic: true })).toBe(1);
  });

  it('marks only the free plan self-serve by default, and lets a superuser change the flag', async () => {
    const plans = await t.gql('{ plans { code isSelfServe } }');
    expect(plans.data.plans).toEqual([
      { code: 'free', isSelfServe: true },
      { code: 'growth', isSelfServe: false },
      { code: 'enterprise', isSelfServe: false },
    ]);
    const code = unique('trial');
    const created = await t.gql(CREATE_PLAN, {
      variables: { input: { code, name: 'Trial', monthlyPrice: { amount: 0, currency: 'USD' } } },
      token: adminToken,
    });
    expect(created.data.createPlan.plan.isSelfServe).toBe(false);
    const updated = await t.gql(
      `mutation { updatePlan(input: { code: "${code}", isSelfServe: true }) { plan { isSelfServe isPublic } errors { code } } }`,
      {
        token: adminToken,
      },
    );
    expect(updated.data.updatePlan).toEqual({ plan: { isSelfServe: true, isPublic: true }, errors: [] });
    expect((await t.systemEm().findOneOrFail(SubscriptionPlan, { code })).isSelfServe).toBe(true);
  });
});
