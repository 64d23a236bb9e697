import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_READ } from '../../src/db/tenancy.js';
import { Opportunity } from '../../src/modules/customers/opportunity.entity.js';
import { createVariant } from '../factories/catalog.js';
import { memberOf, unique } from '../factories/core.js';
import { caller, usd } from '../factories/sales.js';
import { startTestApp, type TestApp } from '../helpers/harness.js';

describe('opportunity money and calendar dates', () => {
  let t: TestApp;
  let member: Awaited<ReturnType<typeof memberOf>>;
  let api: ReturnType<typeof caller>;
  let accountId: string;
  beforeAll(async () => {
    t = await startTestApp();
    member = await memberOf(t, { plan: 'growth' });
    api = caller(t, member.token);
    accountId = (await api.mutate('createAccount', { name: unique('Money') }, 'account { id }')).account.id;
  });
  afterAll(() => t.close());

  it("refuses an amount or a quoted price in another currency than the deal's, and an unknown currency, writing nothing", async () => {
    const dollars = await createVariant(t, member.organization, { listPrice: 2_500 });
    const before = await t.systemEm().count(Opportunity, {}, SYSTEM_READ);
    const mismatch = await api.refused('createOpportunity', {
      name: 'Mixed',
      accountId,
      currency: 'USD',
      amount: { amount: 10_000, currency: 'EUR' },
      lines: [{ variantId: dollars.id, quantity: 1, unitPrice: { amount: 2_000, currency: 'EUR' } }],
    });
    expect(mismatch.map((e) => `${e.field}:${e.code}`)).toEqual([
      'amount.currency:CURRENCY_MISMATCH',
      'lines.0.unitPrice.currency:CURRENCY_MISMATCH',
    ]);
    const unknown = await api.refused('createOpportunity', { name: 'Unknown', accountId, amount: { amount: 1, currency: 'XYZ' } });
    expect(unknown).toMatchObject([{ field: 'amount.currency', code: 'INVALID' }]);
    expect(await t.systemEm().count(Opportunity, {}, SYSTEM_READ)).toBe(before);
  });

  it("takes the deal's currency from its amount, and quoted prices as MoneyInput", async () => {
    const { opportunity } = await api.mutate(
      'createOpportunity',
      { name: 'Euro deal', accountId, amount: { amount: 50_000, currency: 'EUR' } },
      'opportunity { amount { amount currency } }',
    );
    expect(opportunity.amount).toEqual({ amount: 50_000, currency: 'EUR' });
    const dollars = await createVariant(t, member.organization, { listPrice: 2_500 });
    const quoted = await api.mutate(
      'createOpportunity',
      { name: 'Quoted', accountId, lines: [{ variantId: dollars.id, quantity: 2, unitPrice: usd(2_000) }] },
      'opportunity { amount { amount currency } lines { unitPrice { amount currency } } }',
    );
    expect(quoted.opportunity).toEqual({ amount: { amount: 4_000, currency: 'USD' }, lines: [{ unitPrice: { amount: 2_000, currency: 'USD' } }] });
  });

  it('reads and filters expected close dates as LocalDate, refusing impossible days with a 400', async () => {
    const tag = unique('Close');
    for (const day of ['2027-01-15', '2027-02-01', '2027-03-31'])
      await api.mutate('createOpportunity', { name: `${tag} ${day}`, accountId, expectedCloseDate: day }, 'opportunity { id }');
    const { opportunities } = await api.data(
      `{ opportunities(first: 10, filter: { search: "${tag}", expectedCloseDate: { gte: "2027-02-01", lt: "2027-03-31" } }) { edges { node { expectedCloseDate } } } }`,
    );
    expect(opportunities.edges).toEqual([{ node: { expectedCloseDate: '2027-02-01' } }]);
    const impossible = await api.gql('mutation ($input: CreateOpportunityInput!) { createOpportunity(input: $input) { errors { code } } }', {
      input: { name: 'x', accountId, expectedCloseDate: '2027-02-29' },
    });
    expect(impossible.status).toBe(400);
    expect(impossible.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const badFilter = await api.gql('{ opportunities(filter: { expectedCloseDate: { eq: "tomorrow" } }) { totalCount } }');
    expect(badFilter.status).toBe(400);
    expect(badFilter.errors?.[0].message).toMatch(/LocalDate/);
  });

  it('refuses an instant that does not exist as a client error (400), never a 500', async () => {
    const bad = await api.gql('mutation ($input: CreateActivityInput!) { createActivity(input: $input) { errors { code } } }', {
      input: { type: 'TASK', subject: 'Call back', accountId, dueAt: '2026-02-30T10:00:00Z' },
    });
    expect(bad.status).toBe(400);
    expect(bad.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const filter = await api.gql('{ activities(filter: { dueAt: { gte: "yesterday" } }) { totalCount } }');
    expect(filter.status).toBe(400);
    expect(filter.errors?.[0].message).toMatch(/DateTime cannot represent an invalid/);
  });
});
