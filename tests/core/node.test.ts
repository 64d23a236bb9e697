import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_READ } from '../../src/db/tenancy.js';
import { Role } from '../../src/modules/core/membership.entity.js';
import { Subscription } from '../../src/modules/core/subscription.entity.js';
import { SubscriptionPlan } from '../../src/modules/core/subscription-plan.entity.js';
import { addMember, createUser, issueToken, memberOf, unique } from '../factories/core.js';
import { caller, stockedVariant } from '../factories/sales.js';
import { RefetchNodeDocument } from '../generated/graphql.js';
import { startTestApp, type TestApp } from '../helpers/harness.js';

const NODE = `query ($id: ID!) { node(id: $id) { __typename id
  ... on Account { name } ... on Order { number status } ... on OrderLine { sku } ... on ProductVariant { sku }
  ... on PipelineStage { name } ... on Conversation { title } } }`;
const NODES = `query ($ids: [ID!]!) { nodes(ids: $ids) { __typename id ... on Account { name } ... on Order { number } } }`;

describe('node(id) and nodes(ids)', () => {
  let t: TestApp;
  let owner: Awaited<ReturnType<typeof memberOf>>;
  let api: ReturnType<typeof caller>;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    t = await startTestApp();
    owner = await memberOf(t);
    api = caller(t, owner.token);
    ids.account = (await api.mutate('createAccount', { name: 'Acme' }, 'account { id }')).account.id;
    const { variant, warehouseId } = await stockedVariant(t, owner, 10);
    ids.variant = variant.id;
    const { order } = await api.mutate(
      'createOrder',
      { accountId: ids.account, warehouseId, lines: [{ variantId: variant.id, quantity: 1 }] },
      'order { id lines { id } }',
    );
    ids.order = order.id;
    ids.orderLine = order.lines[0].id;
    const pipelines = await api.data('{ pipelines(first: 1) { edges { node { stages { id } } } } }');
    ids.stage = pipelines.pipelines.edges[0].node.stages[0].id;
    ids.conversation = (await api.mutate('createConversation', { title: 'Mine' }, 'conversation { id }')).conversation.id;
    const asked = await api.data('mutation ($input: AskAssistantInput!) { askAssistant(input: $input) { question { id } errors { code } } }', {
      input: { conversationId: ids.conversation, prompt: 'How are we doing?' },
    });
    ids.message = asked.askAssistant.question.id;
  }, 60_000);
  afterAll(() => t.close());

  it('refetches records of several types by their ID, each as its own type', async () => {
    const read = async (id: string) => (await api.data(NODE, { id })).node;
    expect(await read(ids.account)).toEqual({ __typename: 'Account', id: ids.account, name: 'Acme' });
    expect(await read(ids.order)).toMatchObject({ __typename: 'Order', id: ids.order, status: 'DRAFT' });
    expect(await read(ids.orderLine)).toMatchObject({ __typename: 'OrderLine', id: ids.orderLine, sku: expect.any(String) });
    expect(await read(ids.variant)).toMatchObject({ __typename: 'ProductVariant', id: ids.variant });
    expect(await read(ids.stage)).toMatchObject({ __typename: 'PipelineStage', id: ids.stage, name: expect.any(String) });
    expect(await read(ids.conversation)).toEqual({ __typename: 'Conversation', id: ids.conversation, title: 'Mine' });
    expect(await read(ids.message)).toEqual({ __typename: 'AssistantMessage', id: ids.message });
    // An upper-case ID names the same record.
    expect((await read(ids.account.toUpperCase())).id).toBe(ids.account);
  });

  it('types node for clients: a codegen-typed document narrows on __typename, IDs and timestamps are strings', async () => {
    await api.mutate('updateAccount', { id: ids.account, industry: 'Retail' }, 'account { id }');
    const res = await t.op(RefetchNodeDocument, { variables: { id: ids.account }, token: owner.token });
    expect(res.errors).toBeUndefined();
    const node = res.data.node;
    if (node?.__typename !== 'Account') throw new Error(`expected an Account, got ${node?.__typename}`);
    const id: string = node.id;
    const at: string = node.timeline.edges[0].node.at;
    expect(id).toBe(ids.account);
    expect(Date.parse(at)).not.toBeNaN();
    expect(node.timeline.totalCount).toBe(2);
    expect(node.timeline.pageInfo.hasNextPage).toBe(false);
  });

  it('answers nodes in the order asked, null for unknown and malformed IDs', async () => {
    const { nodes } = await api.data(NODES, { ids: [ids.order, 'not-an-id', ids.account, '00000000-0000-4000-8000-000000000000', ids.order] });
    expect(nodes).toEqual([
      { __typename: 'Order', id: ids.order, number: expect.any(String) },
      null,
      { __typename: 'Account', id: ids.account, name: 'Acme' },
      null,
      { __typename: 'Order', id: ids.order, number: expect.any(String) },
    ]);
  });

  it("returns null for another organization's IDs, never their data", async () => {
    const stranger = caller(t, (await memberOf(t)).token);
    for (const id of Object.values(ids)) {
      const res = await stranger.gql(NODE, { id });
      expect(res.errors).toBeUndefined();
      expect(res.data?.node).toBeNull();
    }
    expect((await stranger.data(NODES, { ids: Object.values(ids) })).nodes).toEqual(Object.values(ids).map(() => null));
  });

  it("keeps a member's conversations private through node, as through conversation", async () => {
    const colleague = await createUser(t);
    await addMember(t, colleague, owner.organization, Role.MEMBER);
    const theirs = caller(t, await issueToken(t, colleague));
    expect((await theirs.data(NODE, { id: ids.conversation })).node).toBeNull();
    expect((await theirs.data(NODE, { id: ids.message })).node).toBeNull();
    expect((await theirs.data(NODE, { id: ids.account })).node).toMatchObject({ __typename: 'Account' });
  });

  it("refuses a record through node when the plan lacks its query's feature, and still serves other types", async () => {
    // given an organization with an order, moved to a plan without sales.order_management
    const downgraded = await memberOf(t);
    const api2 = caller(t, downgraded.token);
    const account = (await api2.mutate('createAccount', { name: unique('Buyer') }, 'account { id }')).account.id;
    const { variant, warehouseId } = await stockedVariant(t, downgraded, 5);
    const { order } = await api2.mutate(
      'createOrder',
      { accountId: account, warehouseId, lines: [{ variantId: variant.id, quantity: 1 }] },
      'order { id }',
    );
    const em = t.systemEm();
    const subscription = await em.findOneOrFail(Subscription, { organization: downgraded.organization.id }, SYSTEM_READ);
    subscription.plan = em.getReference(SubscriptionPlan, (await em.findOneOrFail(SubscriptionPlan, { code: 'free' })).id) as never;
    await em.flush();
    // when the order is read through node, nodes and its own query
    const viaNode = await api2.gql(NODE, { id: order.id });
    const viaNodes = await api2.gql(NODES, { ids: [account, order.id] });
    const viaQuery = await api2.gql('query ($id: ID!) { order(id: $id) { id } }', { id: order.id });
    // then all three are refused alike, and the account is still readable
    for (const res of [viaNode, viaNodes, viaQuery]) {
      expect(res.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', feature: 'sales.order_management' });
    }
    expect(viaNode.data?.node).toBeNull();
    expect((await api2.data(NODE, { id: account })).node).toMatchObject({ __typename: 'Account', id: account });
  });

  it('serves an invitation through node to owners and admins only, as the invitations query does', async () => {
    const invited = await api.mutate('inviteMember', { email: `${unique('guest')}@example.com`, role: 'MEMBER' }, 'invitation { id }');
    const id = invited.invitation.id;
    const query = `query ($id: ID!) { node(id: $id) { __typename id ... on Invitation { email status } } }`;
    expect((await api.data(query, { id })).node).toMatchObject({ __typename: 'Invitation', id, status: 'PENDING' });
    const colleague = await createUser(t);
    await addMember(t, colleague, owner.organization, Role.MEMBER);
    const asMember = await caller(t, await issueToken(t, colleague)).gql(query, { id });
    expect(asMember.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(asMember.data?.node).toBeNull();
  });

  it('needs a member: UNAUTHENTICATED without a token', async () => {
    const res = await t.gql(NODE, { variables: { id: ids.account } });
    expect(res.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });

  it(`refuses more than 100 IDs in nodes with BAD_USER_INPUT`, async () => {
    const res = await api.gql(NODES, { ids: Array.from({ length: 101 }, () => ids.account) });
    expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'ids' });
  });

  it('finds the types in one statement and reads any number of IDs in a constant number of statements', async () => {
    const accounts: string[] = [];
    for (let i = 0; i < 20; i++) accounts.push((await api.mutate('createAccount', { name: unique('N') }, 'account { id }')).account.id);
    const few = await t.counter.measure(() => api.data(NODES, { ids: [accounts[0], ids.order] }));
    const many = await t.counter.measure(() => api.data(NODES, { ids: [...accounts, ids.order, ids.orderLine, ids.variant] }));
    expect(many.result.nodes).toHaveLength(23);
    expect(many.result.nodes.every((n: unknown) => n !== null)).toBe(true);
    const lookups = (m: { statements: string[] }) => m.statements.filter((s) => s.includes('with wanted(id)')).length;
    expect(lookups(few)).toBe(1);
    expect(lookups(many)).toBe(1);
    // Two more types (order line, variant): at most one statement each, whatever the number of IDs.
    expect(many.count).toBeLessThanOrEqual(few.count + 2);
    const more = await t.counter.measure(() =>
      api.data(NODES, { ids: [...accounts, ...accounts.slice(0, 10), ids.order, ids.orderLine, ids.variant] }),
    );
    expect(more.count).toBe(many.count);
    console.info(`statements for nodes(ids) with 23 IDs of 4 types: ${many.count}`);
  });
});
