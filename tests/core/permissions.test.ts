import { isInterfaceType, isIntrospectionType, isObjectType } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Role } from '../../src/modules/core/membership.entity.js';
import { SYSTEM_READ } from '../../src/db/tenancy.js';
import { FeatureFlag } from '../../src/modules/core/feature-flag.entity.js';
import { Subscription, SubscriptionStatus } from '../../src/modules/core/subscription.entity.js';
import { SubscriptionPlan } from '../../src/modules/core/subscription-plan.entity.js';
import { buildBareSchema, permissionRules } from '../../src/schema.js';
import { addMember, createOrganization, createUser, issueToken, memberOf } from '../factories/core.js';
import { startTestApp, type TestApp } from '../helpers/harness.js';

const SET_PLAN = `mutation ($id: ID!, $plan: String!) { setOrganizationPlan(input: { organizationId: $id, planCode: $plan }) { organization { id features subscription { plan { code } } } errors { code field } } }`;
const CHANGE = `mutation ($plan: String!) { changeSubscription(input: { planCode: $plan }) { subscription { plan { code } } organization { features } errors { code field } } }`;

describe('permission rule map', () => {
  it('declares an explicit rule for every Query and Mutation field and every object type', async () => {
    const schema = await buildBareSchema();
    const missing: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      // Interfaces (Node) too: their fields resolve on the object types, but each is declared for review.
      if (!(isObjectType(type) || isInterfaceType(type)) || isIntrospectionType(type)) continue;
      const rules = permissionRules[type.name];
      if (!rules) {
        missing.push(type.name);
        continue;
      }
      if (type.name === 'Query' || type.name === 'Mutation') {
        for (const field of Object.keys(type.getFields())) if (!rules[field]) missing.push(`${type.name}.${field}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('matches the reviewed snapshot (a change here is a permission change)', () => {
    const describeRule = (rule: unknown): string => {
      const r = rule as { name?: string; rules?: unknown[]; constructor: { name: string } };
      if (r.rules) return `${r.constructor.name.replace(/^Rule/, '').toLowerCase()}(${r.rules.map(describeRule).join(', ')})`;
      return r.name ?? r.constructor.name;
    };
    const printable = Object.fromEntries(
      Object.entries(permissionRules).map(([type, fields]) => [
        type,
        Object.fromEntries(Object.entries(fields).map(([f, r]) => [f, describeRule(r)])),
      ]),
    );
    expect(printable).toMatchSnapshot();
  });
});

describe('roles and plan features', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
    const em = t.systemEm();
    em.create(SubscriptionPlan, { code: 'bare', name: 'Bare', monthlyPrice: { amount: 0, currency: 'USD' }, isPublic: false });
    const trial = em.create(SubscriptionPlan, {
      code: 'trial-test',
      name: 'Trial',
      monthlyPrice: { amount: 0, currency: 'USD' },
      isPublic: false,
      isSelfServe: true,
    });
    trial.features.set(await em.find(FeatureFlag, { code: { $in: ['billing.manage_subscriptions', 'catalog.manage_suppliers'] } }));
    await em.flush();
  });
  afterAll(() => t.close());

  it('refuses anonymous callers with UNAUTHENTICATED', async () => {
    const res = await t.gql(CHANGE, { variables: { plan: 'growth' } });
    expect(res.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('refuses members below admin with FORBIDDEN', async () => {
    const { token } = await memberOf(t, { role: Role.MEMBER, plan: 'free' });
    const res = await t.gql(CHANGE, { variables: { plan: 'growth' }, token });
    expect(res.errors?.[0]).toMatchObject({ extensions: { code: 'FORBIDDEN' } });
    expect(res.errors?.[0].extensions?.feature).toBeUndefined();
  });

  it('refuses an admin whose plan lacks the feature, naming the feature', async () => {
    const { token } = await memberOf(t, { role: Role.ADMIN, plan: 'bare' });
    const res = await t.gql(CHANGE, { variables: { plan: 'growth' }, token });
    expect(res.errors?.[0]).toMatchObject({
      message: 'Your plan does not include the feature "billing.manage_subscriptions"',
      extensions: { code: 'FORBIDDEN', feature: 'billing.manage_subscriptions' },
    });
  });

  describe.each(['growth', 'enterprise'])('moving to the paid plan %s', (plan) => {
    it('refuses an owner with NOT_SELF_SERVE and keeps the subscription and features', async () => {
      const { token, organization } = await memberOf(t, { plan: 'free' });
      const res = await t.gql(CHANGE, { variables: { plan }, token });
      expect(res.data.changeSubscription).toMatchObject({ subscription: null, errors: [{ code: 'NOT_SELF_SERVE', field: 'planCode' }] });
      const stored = await t.systemEm().findOneOrFail(Subscription, { organization: organization.id }, { populate: ['plan'], ...SYSTEM_READ });
      expect(stored.plan.getEntity().code).toBe('free');
      expect((await t.gql('{ organization { features } }', { token })).data.organization.features).toEqual(['billing.manage_subscriptions']);
    });
  });

  it('lets an owner move to a self-serve plan, even an unlisted one, and the new features apply', async () => {
    const { token } = await memberOf(t, { plan: 'free' });
    const res = await t.gql(CHANGE, { variables: { plan: 'trial-test' }, token });
    expect(res.data.changeSubscription.errors).toEqual([]);
    expect(res.data.changeSubscription.subscription.plan.code).toBe('trial-test');
    const next = await t.gql('{ organization { features } }', { token });
    expect(next.data.organization.features).toContain('catalog.manage_suppliers');
  });

  it('lets a platform administrator put an organization on a paid plan, applying from its next request', async () => {
    const { token, organization } = await memberOf(t, { plan: 'free' });
    const adminToken = await issueToken(t, await createUser(t, { isSuperuser: true }));
    const res = await t.gql(SET_PLAN, { variables: { id: organization.id, plan: 'growth' }, token: adminToken });
    expect(res.data.setOrganizationPlan).toMatchObject({
      organization: { id: organization.id, subscription: { plan: { code: 'growth' } } },
      errors: [],
    });
    expect(res.data.setOrganizationPlan.organization.features).toContain('sales.order_management');
    expect((await t.gql('{ organization { features } }', { token })).data.organization.features).toContain('sales.order_management');
    const unknown = await t.gql(SET_PLAN, { variables: { id: organization.id, plan: 'platinum' }, token: adminToken });
    expect(unknown.data.setOrganizationPlan.errors).toEqual([{ code: 'NOT_FOUND', field: 'planCode' }]);
  });

  it('refuses setOrganizationPlan to an owner with FORBIDDEN, changing nothing', async () => {
    const { token, organization } = await memberOf(t, { plan: 'free' });
    const res = await t.gql(SET_PLAN, { variables: { id: organization.id, plan: 'enterprise' }, token });
    expect(res.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const stored = await t.systemEm().findOneOrFail(Subscription, { organization: organization.id }, { populate: ['plan'], ...SYSTEM_READ });
    expect(stored.plan.getEntity().code).toBe('free');
  });

  it('answers NOT_FOUND in the payload for unknown or non-public plans', async () => {
    const { token } = await memberOf(t, { plan: 'free' });
    for (const plan of ['platinum', 'bare']) {
      const res = await t.gql(CHANGE, { variables: { plan }, token });
      expect(res.data.changeSubscription).toMatchObject({ subscription: null, errors: [{ code: 'NOT_FOUND', field: 'planCode' }] });
    }
  });

  it('applies a plan change made by a platform admin on the next request', async () => {
    const { token } = await memberOf(t, { role: Role.OWNER, plan: 'bare' });
    expect((await t.gql(CHANGE, { variables: { plan: 'free' }, token })).errors?.[0].extensions?.feature).toBe('billing.manage_subscriptions');
    const admin = await createUser(t, { isSuperuser: true });
    const adminToken = await issueToken(t, admin);
    const grant = await t.gql(
      'mutation { updatePlan(input: { code: "bare", featureCodes: ["billing.manage_subscriptions"] }) { errors { code } } }',
      { token: adminToken },
    );
    expect(grant.data.updatePlan.errors).toEqual([]);
    expect((await t.gql(CHANGE, { variables: { plan: 'free' }, token })).data.changeSubscription.errors).toEqual([]);
  });

  it('switches features off while the subscription is canceled', async () => {
    const organization = await createOrganization(t, { plan: 'enterprise', status: SubscriptionStatus.CANCELED });
    const user = await createUser(t);
    await addMember(t, user, organization, Role.OWNER);
    const token = await issueToken(t, user);
    const res = await t.gql('{ organization { features } }', { token });
    expect(res.data.organization.features).toEqual([]);
    expect((await t.gql(CHANGE, { variables: { plan: 'free' }, token })).errors?.[0].extensions?.feature).toBe('billing.manage_subscriptions');
  });

  it('asks a member of several organizations to choose one, by id or slug', async () => {
    const first = await memberOf(t);
    const second = await createOrganization(t);
    await addMember(t, first.user, second, Role.VIEWER);
    const ambiguous = await t.gql('{ organization { id } }', { token: first.token });
    expect(ambiguous.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(ambiguous.errors?.[0].message).toMatch(/x-organization/);
    expect((await t.gql('{ organization { id } }', { token: first.token, org: second.slug })).data.organization.id).toBe(second.id);
    expect((await t.gql('{ organization { id } }', { token: first.token, org: first.organization.id })).data.organization.id).toBe(
      first.organization.id,
    );
    const mine = await t.gql('{ myOrganizations { slug role } }', { token: first.token });
    expect(mine.data.myOrganizations).toHaveLength(2);
  });
});
