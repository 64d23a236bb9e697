import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Granularity } from '../../src/modules/analytics/dto/metrics.dto.js';
import { type MetricsArgs, salesMetrics, topAccounts, topProducts } from '../../src/modules/analytics/metrics.service.js';
import { DAY_MS } from '../../src/shared/clock.js';
import { seeded } from '../factories/analytics.js';
import { createVariant } from '../factories/catalog.js';
import { addMember, createUser, memberOf } from '../factories/core.js';
import { asRequest, startTestApp, type TestApp } from '../helpers/harness.js';
import { BASE, generate, mutate, plain, randomArgs, rawAnswer, type World } from './rollup-data.js';

/**
 * salesMetrics for the whole organization comes from the rollups (and raw rows for edge and stale
 * days); one owner's from the raw tables. On random data, in every state the rollups can be in
 * (nothing refreshed yet, all refreshed, some days stale again), the answers equal the raw
 * aggregation exactly: every series value, total and top list, for random ranges.
 */
describe('salesMetrics from rollups', () => {
  let t: TestApp;
  let member: Awaited<ReturnType<typeof memberOf>>;
  let world: World;
  let owners: (string | null)[];
  const random = seeded(20261203);

  beforeAll(async () => {
    t = await startTestApp({ workers: true });
    member = await memberOf(t);
    const rep = await createUser(t);
    await addMember(t, rep, member.organization);
    const org = member.organization.id;
    const em = t.systemEm();
    const accounts = await em.execute<{ id: string }[]>(
      `insert into accounts (id, created_at, updated_at, organization_id, name, owner_id, tags)
       select gen_random_uuid(), now(), now(), ?, 'Account ' || i, case i % 3 when 0 then ?::uuid when 1 then ?::uuid end, '{}'
         from generate_series(1, 12) i returning id`,
      [org, rep.id, member.user.id],
    );
    const variants = [];
    for (const sku of ['RA', 'RB', 'RC', 'RD', 'RE', 'RF', 'RG', 'RH', 'RI', 'RJ', 'RK', 'RL', 'RM'])
      variants.push(await createVariant(t, member.organization, { sku }));
    const stages = await em.execute<{ pipelineId: string; stageId: string; probability: number }[]>(
      `select s.pipeline_id as "pipelineId", s.id as "stageId", s.probability from pipeline_stages s where s.organization_id = ?`,
      [org],
    );
    world = {
      organizationId: org,
      ownerIds: [rep.id, member.user.id],
      accounts: accounts.map((a) => a.id),
      variants: variants.map((v) => ({ id: v.id, sku: v.sku })),
      stages,
      orders: [],
      invoices: [],
      leads: [],
      opportunities: [],
    };
    owners = [null, null, null, rep.id, member.user.id];
    await generate(t, world, random, 400);
  }, 120_000);
  afterAll(() => t.close());

  const org = () => member.organization.id;
  const staleDays = async () =>
    (await t.systemEm().execute<{ n: number }[]>('select count(*)::int as n from analytics_stale_days where organization_id = ?', [org()]))[0].n;
  const refresh = async () => {
    await t.jobs!.trigger('analytics-refresh');
    await t.jobs!.idle();
  };

  /** The service's answer (and top lists) next to the raw aggregation's, in one request transaction. */
  async function bothAnswers(args: MetricsArgs) {
    return asRequest(t, member.token, async (ctx) => {
      const metrics = await salesMetrics(ctx.em, org(), args);
      const [products, accounts] = await Promise.all([topProducts(metrics), topAccounts(metrics)]);
      const served = plain({ ...metrics, scope: undefined, topProducts: products, topAccounts: accounts });
      return { served, reference: await rawAnswer(ctx.em, org(), args) };
    });
  }

  let compared = 0;
  async function expectEqualOn(ranges: number) {
    const fixed: MetricsArgs[] = [
      // A year by month and by day, midnight to midnight; one partial day; a range inside one day.
      { range: { from: new Date(BASE - 60 * DAY_MS), to: new Date(BASE + 90 * DAY_MS) }, granularity: Granularity.MONTH },
      { range: { from: new Date(BASE - 60 * DAY_MS), to: new Date(BASE + 90 * DAY_MS) }, granularity: Granularity.DAY, currency: 'USD' },
      { range: { from: new Date(BASE + 5 * DAY_MS + 1), to: new Date(BASE + 37 * DAY_MS - 1) }, granularity: Granularity.WEEK },
      { range: { from: new Date(BASE + 3_600_000), to: new Date(BASE + 7_200_000) }, granularity: Granularity.DAY, currency: 'EUR' },
    ];
    const all = [...fixed, ...Array.from({ length: ranges }, () => randomArgs(random, owners))];
    for (const args of all) {
      const { served, reference } = await bothAnswers(args);
      expect(served, JSON.stringify({ ...args, stale: await staleDays() })).toEqual(reference);
    }
    compared += all.length;
  }

  it('answers random ranges exactly as the raw aggregation: before any refresh, after one, and with days stale again', async () => {
    // given: everything just written, so every day with data is stale (read raw)
    expect(await staleDays()).toBeGreaterThan(80);
    await expectEqualOn(15);
    // when the refresh has rolled everything up
    await refresh();
    expect(await staleDays()).toBe(0);
    const rolled = await t.systemEm().execute<{ n: number }[]>(
      `select (select count(*) from daily_variant_sales where organization_id = ?) + (select count(*) from monthly_account_sales where organization_id = ?)
         + (select count(*) from daily_sales where organization_id = ? and won_count + collected_amount > 0) + (select count(*) from daily_leads where organization_id = ?) as n`,
      [org(), org(), org(), org()],
    );
    expect(Number(rolled[0].n)).toBeGreaterThan(100);
    // The running totals are dense: every variant and account that sold has a row for every month from its first sale on.
    const [gaps] = await t.systemEm().execute<{ variants: number; accounts: number; rows: number }[]>(
      `select (select count(*) from cumulative_variant_sales where organization_id = ?) as rows,
         (select count(*) from (select variant_id, currency, count(*) as n, (extract(year from age(max(month), min(month))) * 12 + extract(month from age(max(month), min(month))) + 1) as span
            from cumulative_variant_sales where organization_id = ? group by variant_id, currency) g where n <> span) as variants,
         (select count(*) from (select account_id, currency, count(*) as n, (extract(year from age(max(month), min(month))) * 12 + extract(month from age(max(month), min(month))) + 1) as span
            from cumulative_account_sales where organization_id = ? group by account_id, currency) g where n <> span) as accounts`,
      [org(), org(), org()],
    );
    expect(Number(gaps.rows)).toBeGreaterThan(0);
    expect([Number(gaps.variants), Number(gaps.accounts)]).toEqual([0, 0]);
    await expectEqualOn(30);
    // when writes of every kind make some days stale again
    await mutate(t, world, random, 25);
    const stale = await staleDays();
    expect(stale).toBeGreaterThan(5);
    await expectEqualOn(30);
    // when more data arrives on top, then the refresh runs again
    await generate(t, world, random, 60);
    await expectEqualOn(10);
    await refresh();
    expect(await staleDays()).toBe(0);
    await expectEqualOn(25);
    console.info(`rollups = raw aggregation on ${compared} random and fixed ranges (${stale} stale days in the third state)`);
  }, 300_000);

  it("reads fresh days from the rollups and never a stale day's rollups", async () => {
    const args: MetricsArgs = {
      range: { from: new Date(BASE - 60 * DAY_MS), to: new Date(BASE + 90 * DAY_MS) },
      granularity: Granularity.MONTH,
      currency: 'USD',
    };
    await refresh();
    const before = await bothAnswers(args);
    expect(before.served).toEqual(before.reference);
    const [day] = await t
      .systemEm()
      .execute<{ day: string }[]>(
        `select day::text as day from daily_sales where organization_id = ? and currency = 'USD' order by booked_amount desc limit 1`,
        [org()],
      );
    // A rollup row changed behind the triggers' back shows in the answer: fresh days come from the rollups…
    await t
      .systemEm()
      .execute(`update daily_sales set booked_amount = booked_amount + 1000000 where organization_id = ? and day = ?::date and currency = 'USD'`, [
        org(),
        day.day,
      ]);
    expect((await bothAnswers(args)).served.bookedRevenue.amount).toBe(before.reference.bookedRevenue.amount + 1_000_000);
    // …and once its day is stale (any write to it), that rollup is not read any more.
    await t
      .systemEm()
      .execute(
        `insert into analytics_stale_days (id, created_at, updated_at, organization_id, day) values (gen_random_uuid(), now(), now(), ?, ?::date)`,
        [org(), day.day],
      );
    const stale = await bothAnswers(args);
    expect(stale.served).toEqual(stale.reference);
    expect(stale.served.bookedRevenue.amount).toBe(before.reference.bookedRevenue.amount);
    await refresh();
  });

  it('answers right when a day turns stale between reading the marks and a later answer of the same request', async () => {
    await refresh();
    const args: MetricsArgs = {
      range: { from: new Date(BASE - 10 * DAY_MS), to: new Date(BASE + 40 * DAY_MS) },
      granularity: Granularity.WEEK,
      currency: 'USD',
    };
    const variant = world.variants[0];
    const { products, reference } = await asRequest(t, member.token, async (ctx) => {
      const metrics = await salesMetrics(ctx.em, org(), args); // reads the stale days (none)
      // a big order for a fresh day, in the same transaction: its day is stale from now on
      const [order] = await ctx.em.execute<{ id: string }[]>(
        `insert into orders (id, created_at, updated_at, organization_id, number, account_id, currency, status, subtotal_amount, total_amount, ordered_at)
         values (gen_random_uuid(), now(), now(), ?, 'LATE-1', ?, 'USD', 'confirmed', 99999999, 99999999, ?::timestamptz) returning id`,
        [org(), world.accounts[0], new Date(BASE + 3 * DAY_MS + 1000).toISOString()],
      );
      await ctx.em.execute(
        `insert into order_lines (id, created_at, updated_at, organization_id, order_id, position, variant_id, sku, description, quantity, currency,
           unit_price_amount, list_price_amount, subtotal_amount, total_amount)
         values (gen_random_uuid(), now(), now(), ?, ?, 0, ?, 'ZZ-LATE', 'Late line', 1, 'USD', 99999999, 99999999, 99999999, 99999999)`,
        [org(), order.id, variant.id],
      );
      return { products: await topProducts(metrics), reference: await rawAnswer(ctx.em, org(), args) };
    });
    expect(plain(products)).toEqual(reference.topProducts);
    expect(products[0]).toMatchObject({ variantId: variant.id, sku: 'ZZ-LATE' }); // the max() of its lines' SKUs
  });
});
