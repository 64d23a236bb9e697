import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Role } from '../../src/modules/core/membership.entity.js';
import { memberOf, unique } from '../factories/core.js';
import { caller, nodesOf, stockedVariant, usd } from '../factories/sales.js';
import { startTestApp, type TestApp } from '../helpers/harness.js';

const EVENTS = `query ($filter: EventFilter, $first: Int) {
  events(first: $first, filter: $filter) { totalCount edges { node { id type subjectType subjectId changes actorKind actorId causationId depth occurredAt } } }
}`;

describe('domain events', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  const rowsFor = (organizationId: string) =>
    t
      .systemEm()
      .execute<{ type: string; subject_id: string }[]>(`select type, subject_id from domain_events where organization_id = ? order by id`, [
        organizationId,
      ]);

  it('are written with the change, in its transaction, with the actor and the changed fields', async () => {
    const owner = await memberOf(t, { plan: 'enterprise' });
    const api = caller(t, owner.token);
    const name = unique('Acme');
    const { account } = await api.mutate('createAccount', { name }, 'account { id }');
    await api.mutate('updateAccount', { id: account.id, industry: 'Retail' }, 'account { id }');
    await api.mutate('deleteAccount', { id: account.id }, 'account { id }');

    const data = await api.data(EVENTS, { filter: { subjectId: { eq: account.id } } });
    const events = nodesOf(data.events);
    expect(events.map((e: { type: string }) => e.type)).toEqual(['ACCOUNT_DELETED', 'ACCOUNT_UPDATED', 'ACCOUNT_CREATED']);
    expect(events.every((e: { actorKind: string; actorId: string }) => e.actorKind === 'USER' && e.actorId === owner.user.id)).toBe(true);
    expect(events[1].changes).toMatchObject({ industry: { from: null, to: 'Retail' } });
    expect(events[2]).toMatchObject({ subjectType: 'Account', causationId: null, depth: 0 });
    // Time-ordered IDs: newest first by id as well.
    expect([...events.map((e: { id: string }) => e.id)].sort().reverse()).toEqual(events.map((e: { id: string }) => e.id));
  });

  it('are not written when the change is refused or rolled back', async () => {
    const owner = await memberOf(t, { plan: 'enterprise' });
    const api = caller(t, owner.token);
    const before = await rowsFor(owner.organization.id);
    // Refused by validation: nothing written.
    await api.refused('createAccount', { name: '' });
    // A write that fails half-way (the second account's name clashes) rolls back with its events.
    const taken = unique('Taken');
    await api.mutate('createAccount', { name: taken }, 'account { id }');
    const afterCreate = await rowsFor(owner.organization.id);
    expect(afterCreate.length).toBe(before.length + 1);
    await t
      .systemEm()
      .transactional(async (tx) => {
        await tx.execute(
          `insert into domain_events (id, organization_id, type, subject_type, subject_id, actor_kind, occurred_at, created_at, updated_at)
           values (gen_random_uuid(), ?, 'account.created', 'Account', gen_random_uuid(), 'SYSTEM', now(), now(), now())`,
          [owner.organization.id],
        );
        throw new Error('roll back');
      })
      .catch(() => undefined);
    expect(await rowsFor(owner.organization.id)).toEqual(afterCreate);
  });

  it('are one per committed change under concurrent writes', async () => {
    const owner = await memberOf(t, { plan: 'enterprise' });
    const api = caller(t, owner.token);
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        api.gql('mutation ($n: String!) { createAccount(input: { name: $n }) { account { id } errors { code } } }', { n: `Conc ${i}` }),
      ),
    );
    const created = results.map((r) => r.data?.createAccount?.account?.id).filter(Boolean);
    const rows = await rowsFor(owner.organization.id);
    expect(
      rows
        .filter((r) => r.type === 'account.created')
        .map((r) => r.subject_id)
        .sort(),
    ).toEqual([...created].sort());
  });

  it('stay inside the organization and need owners or admins on a plan with automation rules', async () => {
    const a = await memberOf(t, { plan: 'enterprise' });
    const b = await memberOf(t, { plan: 'enterprise' });
    await caller(t, a.token).mutate('createAccount', { name: unique('Mine') }, 'account { id }');
    const seen = nodesOf((await caller(t, b.token).data(EVENTS, {})).events);
    const aIds = new Set((await rowsFor(a.organization.id)).map((r) => r.subject_id));
    expect(seen.some((e: { subjectId: string }) => aIds.has(e.subjectId))).toBe(false);

    const starter = await memberOf(t, { plan: 'free' });
    expect((await t.gql(EVENTS, { token: starter.token })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const member = await memberOf(t, { plan: 'enterprise', role: Role.MEMBER });
    expect((await t.gql(EVENTS, { token: member.token })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('are listed in a constant number of statements whatever the page size, and filter by type and time', async () => {
    const owner = await memberOf(t, { plan: 'enterprise' });
    const api = caller(t, owner.token);
    for (let i = 0; i < 6; i++) await api.mutate('createAccount', { name: unique('Page') }, 'account { id }');
    const count = async (first: number) => (await t.counter.measure(() => api.data(EVENTS, { first }))).count;
    await count(1); // the organization's first request reads its plan features (then cached)
    expect(await count(2)).toBe(await count(6));
    const typed = await api.data(EVENTS, {
      filter: { type: { eq: 'ACCOUNT_CREATED' }, occurredAt: { gte: new Date(Date.now() - 3600_000).toISOString() } },
    });
    expect(typed.events.totalCount).toBe(6);
    // The count is a statement of its own, sent only when totalCount is selected.
    const measured = async (selection: string) =>
      (await t.counter.measure(() => api.data(`{ events(first: 3) { ${selection} } }`))).statements.filter((sql) => /count\(/i.test(sql));
    expect(await measured('edges { node { id } }')).toEqual([]);
    expect(await measured('totalCount edges { node { id } }')).toHaveLength(1);
    // …and counts every match, not only those after the cursor.
    const PAGE =
      'query ($after: String) { events(first: 2, after: $after, filter: { type: { eq: ACCOUNT_CREATED } }) { totalCount pageInfo { endCursor } } }';
    const first = (await api.data(PAGE, { after: null })).events;
    expect((await api.data(PAGE, { after: first.pageInfo.endCursor })).events.totalCount).toBe(6);
    const bad = await api.gql(EVENTS, { filter: { subjectId: { eq: 'not-an-id' } } });
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('name what happened: conversions, won deals, confirmed and cancelled orders, issued and paid invoices, payments', async () => {
    const owner = await memberOf(t, { plan: 'enterprise' });
    const api = caller(t, owner.token);
    const typesOf = async (subjectId: string) =>
      nodesOf((await api.data(EVENTS, { first: 50, filter: { subjectId: { eq: subjectId } } })).events).map((e: { type: string }) => e.type);

    const { lead } = await api.mutate('createLead', { firstName: 'Ada', company: unique('Engines') }, 'lead { id }');
    const converted = await api.mutate(
      'convertLead',
      { leadId: lead.id, opportunity: { name: 'Deal', amount: usd(10_000) } },
      'opportunity { id pipeline { stages { id isWon } } }',
    );
    expect(await typesOf(lead.id)).toEqual(expect.arrayContaining(['LEAD_CREATED', 'LEAD_CONVERTED', 'LEAD_UPDATED']));
    const won = converted.opportunity.pipeline.stages.find((s: { isWon: boolean }) => s.isWon);
    await api.mutate('updateOpportunity', { id: converted.opportunity.id, stageId: won.id }, 'opportunity { id }');
    expect(await typesOf(converted.opportunity.id)).toEqual(expect.arrayContaining(['OPPORTUNITY_STAGE_CHANGED', 'OPPORTUNITY_WON']));
    // The record's timeline shows its named events on request (its changes are CHANGE entries already), paged like the rest.
    const TIMELINE = `query ($id: ID!, $events: Boolean!, $first: Int, $after: String) { opportunity(id: $id) {
      timeline(first: $first, after: $after, events: $events) { totalCount pageInfo { hasNextPage endCursor } edges { node { kind event { type } change { id } } } } } }`;
    const timeline = async (events: boolean, first = 50, after: string | null = null) =>
      (await api.data(TIMELINE, { id: converted.opportunity.id, events, first, after })).opportunity.timeline;
    const plain = await timeline(false);
    const withEvents = await timeline(true);
    expect(plain.edges.some((e: { node: { kind: string } }) => e.node.kind === 'EVENT')).toBe(false);
    const named = withEvents.edges
      .filter((e: { node: { kind: string } }) => e.node.kind === 'EVENT')
      .map((e: { node: { event: { type: string } } }) => e.node.event.type);
    expect(named).toEqual(expect.arrayContaining(['OPPORTUNITY_STAGE_CHANGED', 'OPPORTUNITY_WON']));
    expect(named.some((type: string) => /_(CREATED|UPDATED|DELETED)$/.test(type))).toBe(false);
    expect(withEvents.totalCount).toBe(plain.totalCount + named.length);
    const paged: string[] = [];
    for (let after: string | null = null, page = 0; page < 20; page++) {
      const p = await timeline(true, 1, after);
      paged.push(p.edges[0].node.kind);
      if (!p.pageInfo.hasNextPage) break;
      after = p.pageInfo.endCursor;
    }
    expect(paged).toEqual(withEvents.edges.map((e: { node: { kind: string } }) => e.node.kind));

    const stocked = await stockedVariant(t, owner, 10, { listPrice: 1_000 });
    const accountId = (await api.mutate('createAccount', { name: unique('Buyer') }, 'account { id }')).account.id;
    const order = async () =>
      (
        await api.mutate(
          'createOrder',
          { accountId, warehouseId: stocked.warehouseId, lines: [{ variantId: stocked.variant.id, quantity: 1 }] },
          'order { id total { amount currency } }',
        )
      ).order;
    const kept = await order();
    await api.mutate('confirmOrder', { id: kept.id }, 'order { id }');
    const cancelled = await order();
    await api.mutate('confirmOrder', { id: cancelled.id }, 'order { id }');
    await api.mutate('cancelOrder', { id: cancelled.id }, 'order { id }');
    expect(await typesOf(kept.id)).toEqual(expect.arrayContaining(['ORDER_CREATED', 'ORDER_CONFIRMED']));
    expect(await typesOf(cancelled.id)).toEqual(expect.arrayContaining(['ORDER_CONFIRMED', 'ORDER_CANCELLED']));

    const { invoice } = await api.mutate(
      'createInvoice',
      { orderId: kept.id, basis: 'ORDER', issue: true },
      'invoice { id total { amount currency } }',
    );
    expect(await typesOf(invoice.id)).toEqual(expect.arrayContaining(['INVOICE_CREATED', 'INVOICE_ISSUED']));
    const { payment } = await api.mutate('recordPayment', { invoiceId: invoice.id, amount: invoice.total, method: 'CASH' }, 'payment { id }');
    expect(await typesOf(payment.id)).toEqual(expect.arrayContaining(['PAYMENT_CREATED', 'PAYMENT_RECORDED']));
    expect(await typesOf(invoice.id)).toContain('INVOICE_PAID');
  });
});
