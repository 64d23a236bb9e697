import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memberOf } from '../factories/core.js';
import { CurrentOrganizationDocument } from '../generated/graphql.js';
import { startTestApp, type TestApp } from '../helpers/harness.js';

describe('smoke', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('answers health and readiness', async () => {
    expect((await t.server.inject({ url: '/healthz' })).json()).toEqual({ status: 'ok' });
    expect((await t.server.inject({ url: '/readyz' })).json()).toEqual({ status: 'ready' });
  });

  it('serves the current organization to a member', async () => {
    const { organization, token } = await memberOf(t, { plan: 'growth' });
    const res = await t.op(CurrentOrganizationDocument, { token });
    expect(res.errors).toBeUndefined();
    expect(res.data.organization.slug).toBe(organization.slug);
    expect(res.data.organization.subscription?.plan.code).toBe('growth');
    expect(res.data.organization.features).toContain('sales.order_management');
  });
});
