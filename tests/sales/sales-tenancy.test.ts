import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_READ } from '../../src/db/tenancy.js';
import { Account } from '../../src/modules/customers/account.entity.js';
import { Activity } from '../../src/modules/customers/activity.entity.js';
import { Invoice, Payment } from '../../src/modules/orders/invoice.entity.js';
import { Lead } from '../../src/modules/customers/lead.entity.js';
import { Opportunity, OpportunityContactRole } from '../../src/modules/customers/opportunity.entity.js';
import { OrderLine, SalesOrder } from '../../src/modules/orders/order.entity.js';
import { Pipeline, PipelineStage } from '../../src/modules/customers/pipeline.entity.js';
import { Shipment } from '../../src/modules/orders/shipment.entity.js';
import { Contact } from '../../src/modules/customers/contact.entity.js';
import { memberOf, unique } from '../factories/core.js';
import { caller, inputTypeOf, stockedVariant, nodesOf } from '../factories/sales.js';
import { startTestApp, type TestApp } from '../helpers/harness.js';

type Ids = Record<
  | 'account'
  | 'contact'
  | 'lead'
  | 'opportunity'
  | 'activity'
  | 'pipeline'
  | 'stage'
  | 'variant'
  | 'warehouse'
  | 'order'
  | 'orderLine'
  | 'draftOrder'
  | 'shipment'
  | 'invoice'
  | 'draftInvoice'
  | 'user',
  string
>;

/** One organization's complete set of sales records, made through the API. */
async function salesRecords(t: TestApp, member: Awaited<ReturnType<typeof memberOf>>): Promise<Ids> {
  const api = caller(t, member.token);
  const account = (await api.mutate('createAccount', { name: unique('A') }, 'account { id }')).account.id;
  const contact = (await api.mutate('createContact', { firstName: 'C', accountId: account }, 'contact { id }')).contact.id;
  const lead = (await api.mutate('createLead', { firstName: 'L', company: 'Co' }, 'lead { id }')).lead.id;
  const { pipeline } = await api.mutate(
    'createPipeline',
    {
      name: unique('P'),
      stages: [
        { name: 'S1', probability: 10 },
        { name: 'S2', probability: 90 },
      ],
    },
    'pipeline { id stages { id } }',
  );
  const { variant, warehouseId } = await stockedVariant(t, member, 50);
  const opportunity = (
    await api.mutate(
      'createOpportunity',
      {
        name: 'O',
        accountId: account,
        primaryContactId: contact,
        lines: [{ variantId: variant.id, quantity: 1 }],
        contactRoles: [{ contactId: contact, role: 'Buyer' }],
      },
      'opportunity { id }',
    )
  ).opportunity.id;
  const activity = (await api.mutate('createActivity', { type: 'TASK', subject: 'T', opportunityId: opportunity }, 'activity { id }')).activity.id;
  const { order } = await api.mutate(
    'createOrder',
    { accountId: account, warehouseId, lines: [{ variantId: variant.id, quantity: 5 }] },
    'order { id lines { id } }',
  );
  await api.mutate('confirmOrder', { id: order.id }, 'order { id }');
  const shipment = (
    await api.mutate('createShipment', { orderId: order.id, lines: [{ orderLineId: order.lines[0].id, quantity: 2 }] }, 'shipment { id }')
  ).shipment.id;
  const invoice = (await api.mutate('createInvoice', { orderId: order.id, basis: 'FULFILLED', issue: true }, 'invoice { id }')).invoice.id;
  const draftInvoice = (await api.mutate('createInvoice', { orderId: order.id }, 'invoice { id }')).invoice.id;
  const draftOrder = (await api.mutate('createOrder', { accountId: account, lines: [{ variantId: variant.id, quantity: 1 }] }, 'order { id }')).order
    .id;
  return {
    account,
    contact,
    lead,
    opportunity,
    activity,
    pipeline: pipeline.id,
    stage: pipeline.stages[0].id,
    variant: variant.id,
    warehouse: warehouseId,
    order: order.id,
    orderLine: order.lines[0].id,
    draftOrder,
    shipment,
    invoice,
    draftInvoice,
    user: member.user.id,
  };
}

describe('sales tenancy and plan gating', () => {
  let t: TestApp;
  let a: Awaited<ReturnType<typeof memberOf>>;
  let b: Awaited<ReturnType<typeof memberOf>>;
  let theirs: Ids;
  let mine: Ids;
  beforeAll(async () => {
    t = await startTestApp();
    a = await memberOf(t, { plan: 'growth' });
    b = await memberOf(t, { plan: 'growth' });
    theirs = await salesRecords(t, a);
    mine = await salesRecords(t, b);
  }, 60_000);
  afterAll(() => t.close());

  it("cannot read another organization's records by ID or list them", async () => {
    const api = caller(t, b.token);
    for (const [field, id] of [
      ['account', theirs.account],
      ['contact', theirs.contact],
      ['lead', theirs.lead],
      ['opportunity', theirs.opportunity],
      ['activity', theirs.activity],
      ['pipeline', theirs.pipeline],
      ['order', theirs.order],
      ['shipment', theirs.shipment],
      ['invoice', theirs.invoice],
    ]) {
      const res = await api.gql(`{ ${field}(id: "${id}") { id } }`);
      expect(res.errors?.[0].extensions?.code, field).toBe('NOT_FOUND');
    }
    for (const [list, id] of [
      ['accounts', theirs.account],
      ['contacts', theirs.contact],
      ['leads', theirs.lead],
      ['opportunities', theirs.opportunity],
      ['orders', theirs.order],
      ['invoices', theirs.invoice],
    ]) {
      const res = await api.data(`{ ${list}(first: 5, filter: { id: { eq: "${id}" } }) { totalCount } }`);
      expect(res[list].totalCount, list).toBe(0);
    }
    const { activities } = await api.data(`{ activities(first: 5, filter: { opportunityId: { eq: "${theirs.opportunity}" } }) { totalCount } }`);
    expect(activities.totalCount).toBe(0);
    const pipelines = nodesOf((await api.data('{ pipelines { edges { node { id } } } }')).pipelines);
    expect(pipelines.map((p: { id: string }) => p.id)).not.toContain(theirs.pipeline);
  });

  // Each mutation gets the other organization's ID in one argument (everything else is the caller's own).
  const attempts: [string, (o: Ids, m: Ids) => Record<string, unknown>][] = [
    ['updateAccount', (o) => ({ id: o.account, name: 'x' })],
    ['updateAccount', (o, m) => ({ id: m.account, ownerId: o.user })],
    ['deleteAccount', (o) => ({ id: o.account })],
    ['restoreAccount', (o) => ({ id: o.account })],
    ['createContact', (o) => ({ firstName: 'x', accountId: o.account })],
    ['updateContact', (o) => ({ id: o.contact, firstName: 'x' })],
    ['deleteContact', (o) => ({ id: o.contact })],
    ['updateLead', (o) => ({ id: o.lead, score: 1 })],
    ['deleteLead', (o) => ({ id: o.lead })],
    ['convertLead', (o) => ({ leadId: o.lead })],
    ['convertLead', (o, m) => ({ leadId: m.lead, accountId: o.account })],
    ['convertLead', (o, m) => ({ leadId: m.lead, contactId: o.contact })],
    ['updatePipeline', (o) => ({ id: o.pipeline, name: 'x' })],
    ['deletePipeline', (o) => ({ id: o.pipeline })],
    ['addPipelineStage', (o) => ({ pipelineId: o.pipeline, name: 'x', probability: 1 })],
    ['updatePipelineStage', (o) => ({ id: o.stage, name: 'x' })],
    ['deletePipelineStage', (o) => ({ id: o.stage })],
    ['createOpportunity', (o) => ({ name: 'x', accountId: o.account })],
    ['createOpportunity', (o, m) => ({ name: 'x', accountId: m.account, primaryContactId: o.contact })],
    ['createOpportunity', (o, m) => ({ name: 'x', accountId: m.account, stageId: o.stage })],
    ['createOpportunity', (o, m) => ({ name: 'x', accountId: m.account, pipelineId: o.pipeline })],
    ['createOpportunity', (o, m) => ({ name: 'x', accountId: m.account, lines: [{ variantId: o.variant, quantity: 1 }] })],
    ['createOpportunity', (o, m) => ({ name: 'x', accountId: m.account, contactRoles: [{ contactId: o.contact, role: 'r' }] })],
    ['updateOpportunity', (o) => ({ id: o.opportunity, name: 'x' })],
    ['updateOpportunity', (o, m) => ({ id: m.opportunity, accountId: o.account })],
    ['updateOpportunity', (o, m) => ({ id: m.opportunity, stageId: o.stage })],
    ['updateOpportunity', (o, m) => ({ id: m.opportunity, pipelineId: o.pipeline })],
    ['updateOpportunity', (o, m) => ({ id: m.opportunity, primaryContactId: o.contact })],
    ['updateOpportunity', (o, m) => ({ id: m.opportunity, ownerId: o.user })],
    ['updateOpportunity', (o, m) => ({ id: m.opportunity, lines: [{ variantId: o.variant, quantity: 1 }] })],
    ['updateOpportunity', (o, m) => ({ id: m.opportunity, contactRoles: [{ contactId: o.contact, role: 'r' }] })],
    ['createOpportunity', (o, m) => ({ name: 'x', accountId: m.account, ownerId: o.user })],
    ['createAccount', (o) => ({ name: 'x', ownerId: o.user })],
    ['createContact', (o) => ({ firstName: 'x', ownerId: o.user })],
    ['createLead', (o) => ({ firstName: 'x', ownerId: o.user })],
    ['createActivity', (o, m) => ({ type: 'NOTE', subject: 'x', accountId: m.account, ownerId: o.user })],
    ['updateActivity', (o, m) => ({ id: m.activity, ownerId: o.user })],
    ['convertLead', (o, m) => ({ leadId: m.lead, opportunity: { name: 'x', stageId: o.stage } })],
    ['convertLead', (o, m) => ({ leadId: m.lead, opportunity: { name: 'x', pipelineId: o.pipeline } })],
    ['updateOrder', (o, m) => ({ id: m.draftOrder, contactId: o.contact })],
    ['updateOrder', (o, m) => ({ id: m.draftOrder, warehouseId: o.warehouse })],
    ['updateOrder', (o, m) => ({ id: m.draftOrder, lines: [{ variantId: o.variant, quantity: 1 }] })],
    ['createOrderFromOpportunity', (o, m) => ({ opportunityId: m.opportunity, warehouseId: o.warehouse })],
    ['deleteOpportunity', (o) => ({ id: o.opportunity })],
    ['setOpportunityContactRole', (o, m) => ({ opportunityId: o.opportunity, contactId: m.contact, role: 'r' })],
    ['setOpportunityContactRole', (o, m) => ({ opportunityId: m.opportunity, contactId: o.contact, role: 'r' })],
    ['removeOpportunityContactRole', (o) => ({ opportunityId: o.opportunity, contactId: o.contact })],
    ['createActivity', (o) => ({ type: 'NOTE', subject: 'x', leadId: o.lead })],
    ['createActivity', (o) => ({ type: 'NOTE', subject: 'x', contactId: o.contact })],
    ['createActivity', (o) => ({ type: 'NOTE', subject: 'x', accountId: o.account })],
    ['createActivity', (o) => ({ type: 'NOTE', subject: 'x', opportunityId: o.opportunity })],
    ['updateActivity', (o) => ({ id: o.activity, subject: 'x' })],
    ['completeActivity', (o) => ({ id: o.activity })],
    ['deleteActivity', (o) => ({ id: o.activity })],
    ['createOrder', (o) => ({ accountId: o.account, lines: [] })],
    ['createOrder', (o, m) => ({ accountId: m.account, contactId: o.contact, lines: [{ variantId: m.variant, quantity: 1 }] })],
    ['createOrder', (o, m) => ({ accountId: m.account, opportunityId: o.opportunity, lines: [{ variantId: m.variant, quantity: 1 }] })],
    ['createOrder', (o, m) => ({ accountId: m.account, warehouseId: o.warehouse, lines: [{ variantId: m.variant, quantity: 1 }] })],
    ['createOrder', (o, m) => ({ accountId: m.account, lines: [{ variantId: o.variant, quantity: 1 }] })],
    ['createOrderFromOpportunity', (o) => ({ opportunityId: o.opportunity })],
    ['updateOrder', (o) => ({ id: o.draftOrder, notes: 'x' })],
    ['confirmOrder', (o) => ({ id: o.draftOrder })],
    ['confirmOrder', (o, m) => ({ id: m.draftOrder, warehouseId: o.warehouse })],
    ['cancelOrder', (o) => ({ id: o.draftOrder })],
    ['createShipment', (o) => ({ orderId: o.order, lines: [{ orderLineId: o.orderLine, quantity: 1 }] })],
    ['createShipment', (o, m) => ({ orderId: m.order, lines: [{ orderLineId: o.orderLine, quantity: 1 }] })],
    ['markShipmentDelivered', (o) => ({ id: o.shipment })],
    ['createInvoice', (o) => ({ orderId: o.order })],
    ['updateInvoice', (o) => ({ id: o.draftInvoice, notes: 'x' })],
    ['issueInvoice', (o) => ({ id: o.draftInvoice })],
    ['voidInvoice', (o) => ({ id: o.draftInvoice, reason: 'x' })],
    ['recordPayment', (o) => ({ invoiceId: o.invoice, amount: { amount: 1, currency: 'USD' }, method: 'CASH' })],
  ];

  it.each(attempts.map(([field, build], i) => [`${field} #${i}`, field, build] as const))(
    "refuses %s with another organization's ID: not found, nothing written",
    async (_name, field, build) => {
      const res = await t.gql(`mutation ($input: ${inputTypeOf(field)}!) { ${field}(input: $input) { errors { field code } } }`, {
        token: b.token,
        variables: { input: build(theirs, mine) },
      });
      const topLevel = res.errors?.[0]?.extensions?.code;
      const payload: { code: string }[] = res.data?.[field]?.errors ?? [];
      expect(topLevel === 'NOT_FOUND' || payload.some((e) => e.code === 'NOT_FOUND'), JSON.stringify(res)).toBe(true);
    },
  );

  it("leaves the other organization's records exactly as they were", async () => {
    const em = t.systemEm();
    const read = async () => ({
      account: await em.findOneOrFail(Account, { id: theirs.account }, SYSTEM_READ),
      contact: await em.findOneOrFail(Contact, { id: theirs.contact }, SYSTEM_READ),
      lead: await em.findOneOrFail(Lead, { id: theirs.lead }, SYSTEM_READ),
      opportunity: await em.findOneOrFail(Opportunity, { id: theirs.opportunity }, SYSTEM_READ),
      activity: await em.findOneOrFail(Activity, { id: theirs.activity }, SYSTEM_READ),
      pipeline: await em.findOneOrFail(Pipeline, { id: theirs.pipeline }, SYSTEM_READ),
      stage: await em.findOneOrFail(PipelineStage, { id: theirs.stage }, SYSTEM_READ),
      order: await em.findOneOrFail(SalesOrder, { id: theirs.draftOrder }, SYSTEM_READ),
      line: await em.findOneOrFail(OrderLine, { id: theirs.orderLine }, SYSTEM_READ),
      shipment: await em.findOneOrFail(Shipment, { id: theirs.shipment }, SYSTEM_READ),
      invoice: await em.findOneOrFail(Invoice, { id: theirs.draftInvoice }, SYSTEM_READ),
    });
    const records = await read();
    expect(records.account).toMatchObject({ deletedAt: null });
    expect(records.account.name).not.toBe('x');
    expect(records.contact).toMatchObject({ firstName: 'C', deletedAt: null });
    expect(records.opportunity).toMatchObject({ name: 'O', deletedAt: null });
    expect(await em.count(Contact, { account: theirs.account }, SYSTEM_READ)).toBe(1);
    expect(records.lead).toMatchObject({ status: 'new', score: 0, deletedAt: null });
    expect(records.activity).toMatchObject({ subject: 'T', completedAt: null });
    expect(records.pipeline.name).not.toBe('x');
    expect(records.stage.name).toBe('S1');
    expect(records.order).toMatchObject({ status: 'draft', notes: '' });
    expect(records.line).toMatchObject({ quantityShipped: 2 });
    expect(records.shipment).toMatchObject({ status: 'shipped', deliveredAt: null });
    expect(records.invoice).toMatchObject({ status: 'draft', number: null, notes: '' });
    expect(await em.count(Payment, { invoice: theirs.invoice }, SYSTEM_READ)).toBe(0);
    expect(await em.count(OpportunityContactRole, { opportunity: theirs.opportunity }, SYSTEM_READ)).toBe(1);
    expect(await em.count(Account, { organization: b.organization.id, name: 'Co' }, SYSTEM_READ)).toBe(0);
  });

  it('keeps idempotency keys per organization', async () => {
    const key = unique('shared-key');
    const order = async (member: typeof a, ids: Ids) =>
      (
        await caller(t, member.token).mutate(
          'createOrder',
          { accountId: ids.account, idempotencyKey: key, lines: [{ variantId: ids.variant, quantity: 1 }] },
          'order { id }',
        )
      ).order.id;
    const first = await order(a, theirs);
    const second = await order(b, mine);
    expect(second).not.toBe(first);
  });

  it('gates orders, shipments and invoices behind sales.order_management, naming the feature', async () => {
    const free = await memberOf(t, { plan: 'free' });
    const api = caller(t, free.token);
    const account = (await api.mutate('createAccount', { name: 'Free' }, 'account { id }')).account.id;
    const { opportunity } = await api.mutate('createOpportunity', { name: 'Free deal', accountId: account }, 'opportunity { id }');
    for (const query of [
      '{ orders(first: 1) { totalCount } }',
      '{ invoices(first: 1) { totalCount } }',
      `{ order(id: "${theirs.order}") { id } }`,
      `{ shipment(id: "${theirs.shipment}") { id } }`,
      `{ invoice(id: "${theirs.invoice}") { id } }`,
      `mutation { createOrder(input: { accountId: "${account}", lines: [] }) { errors { code } } }`,
      `mutation { createInvoice(input: { orderId: "${theirs.order}" }) { errors { code } } }`,
      `mutation { recordPayment(input: { invoiceId: "${theirs.invoice}", amount: { amount: 1, currency: "USD" }, method: CASH }) { errors { code } } }`,
      `{ opportunity(id: "${opportunity.id}") { orders { id } } }`,
    ]) {
      const res = await api.gql(query);
      expect(res.errors?.[0].extensions, query).toMatchObject({ code: 'FORBIDDEN', feature: 'sales.order_management' });
    }
    expect((await api.data(`{ opportunity(id: "${opportunity.id}") { name } }`)).opportunity.name).toBe('Free deal');
  });
});
