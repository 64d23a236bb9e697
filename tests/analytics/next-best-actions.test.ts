import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_READ } from '../../src/db/tenancy.js';
import { Activity } from '../../src/modules/customers/activity.entity.js';
import { Opportunity, OpportunityStageChange } from '../../src/modules/customers/opportunity.entity.js';
import { memberOf } from '../factories/core.js';
import { caller, stockedVariant, nodesOf } from '../factories/sales.js';
import { startTestApp, type TestApp } from '../helpers/harness.js';

const ACTIONS = `query ($first: Int!, $after: String, $opportunityId: ID, $ownerId: ID) {
  nextBestActions(first: $first, after: $after, opportunityId: $opportunityId, ownerId: $ownerId) {
    totalCount pageInfo { hasNextPage hasPreviousPage endCursor }
    edges { cursor node { kind score title reason subjectType subjectId accountId relatedId amount { amount } ownerId } }
  }
}`;

type Action = { kind: string; score: number; subjectId: string; relatedId: string | null; reason: string; ownerId: string | null };

describe('nextBestActions', () => {
  let t: TestApp;
  let member: Awaited<ReturnType<typeof memberOf>>;
  let api: ReturnType<typeof caller>;
  const ids: Record<string, string> = {};
  const day = 86_400_000;
  const ago = (days: number) => new Date(Date.now() - days * day);
  const date = (days: number) => new Date(Date.now() + days * day).toISOString().slice(0, 10);

  beforeAll(async () => {
    t = await startTestApp();
    member = await memberOf(t);
    api = caller(t, member.token);
    const account = async (name: string, industry = 'Retail') => (await api.mutate('createAccount', { name, industry }, 'account { id }')).account.id;
    ids.acme = await account('Acme');
    const deal = async (key: string, amount: number, extra: Record<string, unknown> = {}) => {
      ids[key] = (
        await api.mutate('createOpportunity', { name: key, accountId: ids.acme, amount: { amount, currency: 'USD' }, ...extra }, 'opportunity { id }')
      ).opportunity.id;
    };
    const pipelines = nodesOf((await api.data('{ pipelines { edges { node { stages { id name } } } } }')).pipelines);
    const proposal = pipelines[0].stages.find((s: { name: string }) => s.name === 'Proposal').id;
    await deal('stale', 1_000);
    await deal('fresh', 1_000);
    await deal('late', 2_000, { expectedCloseDate: date(-3) });
    await deal('onTime', 2_000, { expectedCloseDate: date(5) });
    await deal('big', 100_000, { stageId: proposal });
    await deal('smallQuiet', 3_000, { stageId: proposal });
    // Backdate: "stale" untouched for 20 days, "big" and "smallQuiet" for 8.
    const em = t.systemEm();
    const touch = async (id: string, when: Date) => {
      await em.nativeUpdate(Opportunity, { id }, { createdAt: when }, SYSTEM_READ);
      await em.nativeUpdate(OpportunityStageChange, { opportunity: id }, { changedAt: when }, SYSTEM_READ);
    };
    await touch(ids.stale, ago(20));
    await touch(ids.big, ago(8));
    await touch(ids.smallQuiet, ago(8));
    const task = async (key: string, dueAt: Date, completed = false) => {
      ids[key] = (
        await api.mutate(
          'createActivity',
          {
            type: 'TASK',
            subject: key,
            opportunityId: ids.fresh,
            dueAt: dueAt.toISOString(),
            completedAt: completed ? new Date().toISOString() : null,
          },
          'activity { id }',
        )
      ).activity.id;
    };
    await task('overdueTask', ago(2));
    await task('futureTask', ago(-2));
    await task('doneTask', ago(2), true);
    // The tasks count as activity on "fresh" (created now), so it stays fresh.
    await em.nativeUpdate(Activity, { id: ids.overdueTask }, { createdAt: new Date() }, SYSTEM_READ);

    // Cross-sell: two Retail accounts bought product P; a third Retail account bought only Q.
    const p = await stockedVariant(t, member, 50, { listPrice: 500 });
    const qv = await stockedVariant(t, member, 50, { listPrice: 700 }, p.warehouseId);
    ids.warehouse = p.warehouseId;
    const order = async (accountId: string, variantId: string, quantity = 1, confirm = true) => {
      const { order } = await api.mutate('createOrder', { accountId, warehouseId: p.warehouseId, lines: [{ variantId, quantity }] }, 'order { id }');
      if (confirm) await api.mutate('confirmOrder', { id: order.id }, 'order { id }');
      return order.id;
    };
    ids.r1 = await account('R1');
    ids.r2 = await account('R2');
    ids.r3 = await account('R3');
    ids.bank = await account('Bank', 'Finance');
    ids.productP = (await api.data(`{ productVariant(id: "${p.variant.id}") { product { id } } }`)).productVariant.product.id;
    await order(ids.r1, p.variant.id);
    await order(ids.r2, p.variant.id);
    await order(ids.r2, qv.variant.id);
    await order(ids.r3, qv.variant.id);
    await order(ids.bank, qv.variant.id);
    // Overdue and not-yet-due invoices.
    const billed = await order(ids.acme, p.variant.id, 2);
    ids.overdueInvoice = (await api.mutate('createInvoice', { orderId: billed, issue: true, dueDate: date(-10) }, 'invoice { id }')).invoice.id;
    const billed2 = await order(ids.acme, p.variant.id, 1);
    ids.currentInvoice = (await api.mutate('createInvoice', { orderId: billed2, issue: true, dueDate: date(10) }, 'invoice { id }')).invoice.id;
    // Reorder: drafts need 60 of Q (47 available after three confirmed orders of one), 1 of P (plenty).
    ids.short = qv.variant.id;
    ids.plenty = p.variant.id;
    await order(ids.acme, qv.variant.id, 60, false);
    await order(ids.acme, p.variant.id, 1, false);
  }, 120_000);
  afterAll(() => t.close());

  const actions = async (variables: Record<string, unknown> = {}): Promise<Action[]> =>
    nodesOf((await api.data(ACTIONS, { first: 100, ...variables })).nextBestActions);
  const find = (list: Action[], kind: string, subjectId: string) => list.find((a) => a.kind === kind && a.subjectId === subjectId);

  it('fires each rule on its crafted case and not on the control', async () => {
    const list = await actions();
    expect(find(list, 'FOLLOW_UP_STALE_DEAL', ids.stale)?.reason).toMatch(/for 20 days/);
    expect(find(list, 'FOLLOW_UP_STALE_DEAL', ids.fresh)).toBeUndefined();
    expect(find(list, 'DEAL_PAST_CLOSE_DATE', ids.late)?.reason).toMatch(/3 days ago/);
    expect(find(list, 'DEAL_PAST_CLOSE_DATE', ids.onTime)).toBeUndefined();
    expect(find(list, 'DEAL_AT_RISK', ids.big)?.reason).toMatch(/quiet for 8 days/);
    expect(find(list, 'DEAL_AT_RISK', ids.smallQuiet)).toBeUndefined();
    expect(find(list, 'FOLLOW_UP_STALE_DEAL', ids.big)).toBeUndefined();
    expect(find(list, 'OVERDUE_TASK', ids.overdueTask)?.reason).toMatch(/2 days ago/);
    expect(find(list, 'OVERDUE_TASK', ids.futureTask)).toBeUndefined();
    expect(find(list, 'OVERDUE_TASK', ids.doneTask)).toBeUndefined();
    const crossSell = list.filter((a) => a.kind === 'CROSS_SELL');
    // P was bought by R1, R2 and Acme (3 of 4 Retail buyers), so R3 is offered P; R2 bought both, Bank's industry has one buyer.
    expect(find(crossSell, 'CROSS_SELL', ids.r3)).toMatchObject({ relatedId: ids.productP, score: 60 });
    expect(find(crossSell, 'CROSS_SELL', ids.r1)?.relatedId).not.toBe(ids.productP);
    expect(find(crossSell, 'CROSS_SELL', ids.r2)).toBeUndefined();
    expect(find(crossSell, 'CROSS_SELL', ids.bank)).toBeUndefined();
    expect(find(list, 'CHASE_OVERDUE_INVOICE', ids.overdueInvoice)?.reason).toMatch(/10 days past/);
    expect(find(list, 'CHASE_OVERDUE_INVOICE', ids.currentInvoice)).toBeUndefined();
    expect(find(list, 'REORDER_STOCK', ids.short)?.reason).toMatch(/need 60 .* only 47 are available: 13 short/);
    expect(find(list, 'REORDER_STOCK', ids.plenty)).toBeUndefined();
  });

  it('ranks by score and narrows to one opportunity or one owner', async () => {
    const list = await actions();
    const scores = list.map((a) => a.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
    expect(scores.every((s) => s >= 0 && s <= 100)).toBe(true);
    expect(find(list, 'DEAL_AT_RISK', ids.big)!.score).toBeGreaterThan(find(list, 'FOLLOW_UP_STALE_DEAL', ids.stale)!.score);
    // Narrowing to a small deal does not make it "one of the largest": the comparison is with every open deal.
    const forSmall = await actions({ opportunityId: ids.smallQuiet });
    expect(find(forSmall, 'DEAL_AT_RISK', ids.smallQuiet)).toBeUndefined();
    expect(find(await actions({ opportunityId: ids.big }), 'DEAL_AT_RISK', ids.big)!.score).toBe(find(list, 'DEAL_AT_RISK', ids.big)!.score);
    const forFresh = await actions({ opportunityId: ids.fresh });
    expect(forFresh.map((a) => [a.kind, a.subjectId])).toEqual([['OVERDUE_TASK', ids.overdueTask]]);
    const top = await api.data(ACTIONS, { first: 3 });
    expect(top.nextBestActions.edges).toHaveLength(3);
    expect(nodesOf(top.nextBestActions)).toEqual(list.slice(0, 3));
    const mine = await actions({ ownerId: member.user.id });
    expect(mine.every((a) => a.ownerId === member.user.id)).toBe(true);
    expect(mine.some((a) => a.kind === 'REORDER_STOCK')).toBe(false);
    const nobody = await actions({ ownerId: '00000000-0000-4000-8000-000000000000' });
    expect(nobody).toEqual([]);
  });

  it("never shows another organization's records, and needs analytics.insights", async () => {
    const other = await memberOf(t);
    expect((await caller(t, other.token).data(ACTIONS, { first: 100 })).nextBestActions).toMatchObject({ totalCount: 0, edges: [] });
    const growth = await memberOf(t, { plan: 'free' });
    const denied = await t.gql(ACTIONS, { token: growth.token, variables: { first: 5 } });
    expect(denied.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', feature: 'analytics.insights' });
    const bad = await api.gql(ACTIONS, { first: 0 });
    expect(bad.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
  });

  it('pages through the ranking with cursors: each action once, in rank order, the total on every page', async () => {
    const whole = (await api.data(ACTIONS, { first: 100 })).nextBestActions;
    expect(whole.totalCount).toBe(whole.edges.length);
    expect(whole.totalCount).toBeGreaterThan(4);
    const paged: Action[] = [];
    let after: string | null = null;
    let pages = 0;
    do {
      const cursor: string | null = after;
      const page: any = (await api.data(ACTIONS, { first: 4, after: cursor })).nextBestActions;
      expect(page.totalCount).toBe(whole.totalCount);
      expect(page.pageInfo.hasPreviousPage).toBe(cursor !== null);
      paged.push(...nodesOf<Action>(page));
      after = page.pageInfo.hasNextPage ? (page.pageInfo.endCursor as string) : null;
      pages++;
    } while (after && pages < 50);
    expect(paged).toEqual(nodesOf(whole));
    expect(pages).toBe(Math.ceil(whole.totalCount / 4));
    const broken = await api.gql(ACTIONS, { first: 4, after: 'WzEsMl0' });
    expect(broken.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
  });
});
