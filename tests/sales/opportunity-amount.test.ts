import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_READ } from '../../src/db/tenancy.js';
import { RecordChange } from '../../src/modules/customers/activity.entity.js';
import { Opportunity } from '../../src/modules/customers/opportunity.entity.js';
import { ChangeAction } from '../../src/modules/customers/customers-enums.js';
import { createVariant } from '../factories/catalog.js';
import { memberOf, unique } from '../factories/core.js';
import { caller, nodesOf, usd } from '../factories/sales.js';
import { startTestApp, type TestApp } from '../helpers/harness.js';

const OPPORTUNITY =
  'opportunity { id amount { amount currency } amountSource probability weightedAmount { amount } lines { total { amount } } stageHistory { amount { amount } } }';

describe('opportunity amount and its lines', () => {
  let t: TestApp;
  let member: Awaited<ReturnType<typeof memberOf>>;
  let api: ReturnType<typeof caller>;
  let accountId: string;
  let cheap: { id: string };
  let dear: { id: string };
  beforeAll(async () => {
    t = await startTestApp();
    member = await memberOf(t);
    api = caller(t, member.token);
    accountId = (await api.mutate('createAccount', { name: unique('Acme') }, 'account { id }')).account.id;
    cheap = await createVariant(t, member.organization, { listPrice: 2_099 });
    dear = await createVariant(t, member.organization, { listPrice: 50_000 });
  });
  afterAll(() => t.close());

  const create = async (input: Record<string, unknown>) =>
    (await api.mutate('createOpportunity', { name: unique('Deal'), accountId, ...input }, OPPORTUNITY)).opportunity;
  const update = async (id: string, input: Record<string, unknown>) =>
    (await api.mutate('updateOpportunity', { id, ...input }, OPPORTUNITY)).opportunity;
  const amountChanges = async (id: string) =>
    (await t.systemEm().find(RecordChange, { subjectId: id, action: ChangeAction.UPDATED }, { ...SYSTEM_READ, orderBy: { at: 'asc' } }))
      .map((c) => c.changes as Record<string, { from: unknown; to: unknown }>)
      .filter((c) => c.amount || c.amountSource);

  it('follows the lines when no amount was given, recomputing it whenever the lines change', async () => {
    const created = await create({ lines: [{ variantId: cheap.id, quantity: 10 }] });
    expect(created).toMatchObject({ amount: { amount: 20_990, currency: 'USD' }, amountSource: 'LINES', weightedAmount: { amount: 2_099 } });

    const grown = await update(created.id, {
      lines: [
        { variantId: cheap.id, quantity: 10 },
        { variantId: dear.id, quantity: 2, unitPrice: usd(45_000) },
      ],
    });
    expect(grown).toMatchObject({ amount: { amount: 20_990 + 90_000 }, amountSource: 'LINES', weightedAmount: { amount: 11_099 } });

    const emptied = await update(created.id, { lines: [] });
    expect(emptied).toMatchObject({ amount: { amount: 0 }, amountSource: 'LINES', lines: [] });
    expect(await amountChanges(created.id)).toEqual([
      { amount: { from: { amount: 20_990, currency: 'USD' }, to: { amount: 110_990, currency: 'USD' } } },
      { amount: { from: { amount: 110_990, currency: 'USD' }, to: { amount: 0, currency: 'USD' } } },
    ]);
  });

  it('keeps an amount set by hand when the lines change, and says it is MANUAL', async () => {
    // The reported case: lines worth 20,990 on a deal typed in at 100,000.
    const created = await create({ amount: usd(100_000) });
    expect(created).toMatchObject({ amount: { amount: 100_000 }, amountSource: 'MANUAL' });
    const lined = await update(created.id, { lines: [{ variantId: cheap.id, quantity: 10 }] });
    expect(lined).toMatchObject({ amount: { amount: 100_000 }, amountSource: 'MANUAL', lines: [{ total: { amount: 20_990 } }] });

    const following = await create({ lines: [{ variantId: cheap.id, quantity: 1 }] });
    const typed = await update(following.id, { amount: usd(7_500) });
    expect(typed).toMatchObject({ amount: { amount: 7_500 }, amountSource: 'MANUAL' });
    expect((await update(following.id, { lines: [{ variantId: dear.id, quantity: 3 }] })).amount.amount).toBe(7_500);
    expect(await amountChanges(following.id)).toEqual([
      { amount: { from: { amount: 2_099, currency: 'USD' }, to: { amount: 7_500, currency: 'USD' } }, amountSource: { from: 'lines', to: 'manual' } },
    ]);
  });

  it('goes back to following the lines on amount: null, and an opportunity without lines keeps its typed amount', async () => {
    const created = await create({ amount: usd(100_000), lines: [{ variantId: cheap.id, quantity: 10 }] });
    expect(created).toMatchObject({ amount: { amount: 100_000 }, amountSource: 'MANUAL' });
    const back = await update(created.id, { amount: null });
    expect(back).toMatchObject({ amount: { amount: 20_990 }, amountSource: 'LINES', weightedAmount: { amount: 2_099 } });
    expect(await amountChanges(created.id)).toEqual([
      {
        amount: { from: { amount: 100_000, currency: 'USD' }, to: { amount: 20_990, currency: 'USD' } },
        amountSource: { from: 'manual', to: 'lines' },
      },
    ]);

    const bare = await create({ amount: usd(40_000) });
    const renamed = await update(bare.id, { name: 'Renamed' });
    expect(renamed).toMatchObject({ amount: { amount: 40_000 }, amountSource: 'MANUAL' });
  });

  it('records the recomputed amount in the stage history when lines and stage change together', async () => {
    const created = await create({ lines: [{ variantId: cheap.id, quantity: 1 }] });
    const { pipelines } = await api.data('{ pipelines(first: 100) { edges { node { isDefault stages { id name } } } } }');
    const proposal = nodesOf(pipelines)
      .find((p: { isDefault: boolean }) => p.isDefault)
      .stages.find((s: { name: string }) => s.name === 'Proposal').id;
    const moved = await update(created.id, { stageId: proposal, lines: [{ variantId: cheap.id, quantity: 4 }] });
    expect(moved).toMatchObject({ amount: { amount: 8_396 }, probability: 50, weightedAmount: { amount: 4_198 } });
    expect(moved.stageHistory.map((c: { amount: { amount: number } }) => c.amount.amount)).toEqual([2_099, 8_396]);
  });

  it('refuses lines that add up past the amount cap, changing nothing', async () => {
    const created = await create({ lines: [{ variantId: cheap.id, quantity: 1 }] });
    const huge = Array.from({ length: 100 }, () => ({ variantId: dear.id, quantity: 1_000_000, unitPrice: usd(1_000_000_000) }));
    expect(await api.refused('updateOpportunity', { id: created.id, lines: huge })).toEqual([
      expect.objectContaining({ field: 'lines', code: 'INVALID' }),
    ]);
    const { opportunity } = await api.data(`{ opportunity(id: "${created.id}") { amount { amount } amountSource lines { id } } }`);
    expect(opportunity).toMatchObject({ amount: { amount: 2_099 }, amountSource: 'LINES', lines: [expect.any(Object)] });
  });
});

describe('the amountSource migration', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('marks existing opportunities whose amount equals their lines total as LINES and keeps every other amount MANUAL', async () => {
    // given opportunities written before the column existed (made here, then the migration rolled back)
    const member = await memberOf(t);
    const api = caller(t, member.token);
    const accountId = (await api.mutate('createAccount', { name: unique('Acme') }, 'account { id }')).account.id;
    const variant = await createVariant(t, member.organization, { listPrice: 2_099 });
    const lines = [{ variantId: variant.id, quantity: 10 }];
    const make = async (input: Record<string, unknown>) =>
      (await api.mutate('createOpportunity', { name: unique('Deal'), accountId, ...input }, 'opportunity { id }')).opportunity.id as string;
    const ids = {
      followsLines: await make({ lines }),
      typedOverLines: await make({ amount: usd(100_000), lines }),
      noLinesZero: await make({}),
      noLinesTyped: await make({ amount: usd(5_000) }),
    };
    const { migrator } = t.services.orm;
    await migrator.down({ to: 'Migration20261124055417_Assistant' });
    // Later migrations (merged after this one) are rolled back too; the one under test is the first pending.
    const underTest = 'Migration20261202055554_OpportunityAmountSource';
    expect((await migrator.getPending()).map((m) => m.name)[0]).toBe(underTest);

    // when
    expect((await migrator.up({ to: underTest })).map((m) => m.name)).toEqual([underTest]);

    // then
    const rows = await t.systemEm().find(Opportunity, { id: { $in: Object.values(ids) } }, { ...SYSTEM_READ, refresh: true });
    const source = Object.fromEntries(rows.map((o) => [o.id, o.amountSource]));
    expect(Object.fromEntries(Object.entries(ids).map(([k, id]) => [k, source[id]]))).toEqual({
      followsLines: 'lines',
      typedOverLines: 'manual',
      noLinesZero: 'lines',
      noLinesTyped: 'manual',
    });
    await migrator.up();
    expect(await migrator.getPending()).toEqual([]);
  });
});
