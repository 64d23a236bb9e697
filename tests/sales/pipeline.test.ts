import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_READ } from '../../src/db/tenancy.js';
import { Lead } from '../../src/modules/customers/lead.entity.js';
import { Account } from '../../src/modules/customers/account.entity.js';
import { Role } from '../../src/modules/core/membership.entity.js';
import { createVariant } from '../factories/catalog.js';
import { addMember, createUser, issueToken, memberOf, unique } from '../factories/core.js';
import { caller, nodesOf } from '../factories/sales.js';
import { startTestApp, type TestApp } from '../helpers/harness.js';

const OPPORTUNITY = `opportunity { id name status probability amount { amount currency } weightedAmount { amount currency }
  stage { name } pipeline { name isDefault } account { id name } primaryContact { id }
  lines { quantity unitPrice { amount } total { amount } variant { sku } } contactRoles { role contact { id } }
  stageHistory { fromStage { name } toStage { name } probability changedBy { id } changedAt } }`;

describe('customers and pipeline', () => {
  let t: TestApp;
  let member: Awaited<ReturnType<typeof memberOf>>;
  let api: ReturnType<typeof caller>;
  beforeAll(async () => {
    t = await startTestApp();
    member = await memberOf(t);
    api = caller(t, member.token);
  });
  afterAll(() => t.close());

  const account = async (overrides: Record<string, unknown> = {}) =>
    (await api.mutate('createAccount', { name: unique('Acme'), ...overrides }, 'account { id name }')).account;

  it('gives every organization a default pipeline with ordered stages', async () => {
    const pipelines = nodesOf(
      (await api.data('{ pipelines { edges { node { name isDefault stages { name position probability isWon isClosed } } } } }')).pipelines,
    );
    expect(pipelines).toHaveLength(1);
    expect(pipelines[0]).toMatchObject({ name: 'Sales', isDefault: true });
    expect(pipelines[0].stages.map((s: { name: string }) => s.name)).toEqual([
      'Prospecting',
      'Qualification',
      'Proposal',
      'Negotiation',
      'Closed Won',
      'Closed Lost',
    ]);
    expect(pipelines[0].stages[4]).toMatchObject({ isWon: true, isClosed: true, probability: 100 });
  });

  it('converts a lead into an account, contact and opportunity in one go, and refuses to convert it twice', async () => {
    const { lead } = await api.mutate(
      'createLead',
      { firstName: 'Ada', lastName: 'Lovelace', company: 'Engines Ltd', email: 'ADA@Engines.example', source: 'website', score: 80 },
      'lead { id status email owner { id } }',
    );
    expect(lead).toMatchObject({ status: 'NEW', email: 'ada@engines.example', owner: { id: member.user.id } });
    const converted = await api.mutate(
      'convertLead',
      { leadId: lead.id, opportunity: { name: 'Engines deal', amount: { amount: 125_000, currency: 'EUR' } } },
      'lead { status convertedAt convertedAccount { id } convertedContact { id } convertedOpportunity { id } } account { id name } contact { id name email account { id } } opportunity { id amount { amount currency } account { id } primaryContact { id } stage { name } }',
    );
    expect(converted.lead.status).toBe('CONVERTED');
    expect(converted.account.name).toBe('Engines Ltd');
    expect(converted.contact).toMatchObject({ name: 'Ada Lovelace', email: 'ada@engines.example', account: { id: converted.account.id } });
    expect(converted.opportunity).toMatchObject({
      amount: { amount: 125_000, currency: 'EUR' },
      account: { id: converted.account.id },
      primaryContact: { id: converted.contact.id },
      stage: { name: 'Prospecting' },
    });
    expect(converted.lead.convertedOpportunity.id).toBe(converted.opportunity.id);

    const again = await api.refused('convertLead', { leadId: lead.id });
    expect(again).toEqual([expect.objectContaining({ code: 'INVALID_STATE', field: 'leadId' })]);
    expect(await t.systemEm().count(Account, { name: 'Engines Ltd', organization: member.organization.id }, SYSTEM_READ)).toBe(1);
    expect(await api.refused('updateLead', { id: lead.id, score: 10 })).toEqual([expect.objectContaining({ code: 'INVALID_STATE' })]);
  });

  it('converts a lead concurrently only once', async () => {
    const { lead } = await api.mutate('createLead', { firstName: 'Grace', company: 'Compilers Inc' }, 'lead { id }');
    const results = await Promise.all(
      Array.from({ length: 4 }, () =>
        api.gql('mutation ($id: ID!) { convertLead(input: { leadId: $id }) { account { id } errors { code } } }', { id: lead.id }),
      ),
    );
    const succeeded = results.filter((r) => r.data.convertLead.errors.length === 0);
    expect(succeeded).toHaveLength(1);
    for (const r of results.filter((r) => r.data.convertLead.errors.length > 0)) expect(r.data.convertLead.errors[0].code).toBe('INVALID_STATE');
    expect(await t.systemEm().count(Account, { name: 'Compilers Inc', organization: member.organization.id }, SYSTEM_READ)).toBe(1);
  });

  it('links a lead to an existing account and rolls everything back when the opportunity is refused', async () => {
    const existing = await account({ name: unique('Existing') });
    const { lead } = await api.mutate('createLead', { firstName: 'Linus' }, 'lead { id }');
    const refused = await api.refused('convertLead', {
      leadId: lead.id,
      accountId: existing.id,
      opportunity: { name: 'Bad', stageId: '00000000-0000-4000-8000-000000000000' },
    });
    expect(refused).toEqual([expect.objectContaining({ field: 'opportunity.stageId', code: 'NOT_FOUND' })]);
    const stored = await t.systemEm().findOneOrFail(Lead, { id: lead.id }, SYSTEM_READ);
    expect(stored.status).toBe('new');
    expect(stored.convertedContact).toBeNull();
    const converted = await api.mutate('convertLead', { leadId: lead.id, accountId: existing.id }, 'account { id } contact { account { id } }');
    expect(converted.account.id).toBe(existing.id);
    expect(converted.contact.account.id).toBe(existing.id);
    expect(await api.refused('convertLead', { leadId: (await api.mutate('createLead', { firstName: 'NoCo' }, 'lead { id }')).lead.id })).toEqual([
      expect.objectContaining({ field: 'accountId', code: 'REQUIRED' }),
    ]);
  });

  it("records every stage change with from, to, when and who, and takes the stage's probability", async () => {
    const acme = await account();
    const variant = await createVariant(t, member.organization, { listPrice: 2_500 });
    const { opportunity } = await api.mutate(
      'createOpportunity',
      { name: 'Big deal', accountId: acme.id, lines: [{ variantId: variant.id, quantity: 4 }] },
      OPPORTUNITY,
    );
    expect(opportunity).toMatchObject({
      status: 'OPEN',
      probability: 10,
      amount: { amount: 10_000, currency: 'USD' },
      weightedAmount: { amount: 1_000 },
      stage: { name: 'Prospecting' },
      pipeline: { isDefault: true },
    });
    expect(opportunity.lines).toEqual([{ quantity: 4, unitPrice: { amount: 2_500 }, total: { amount: 10_000 }, variant: { sku: variant.sku } }]);
    const pipelines = nodesOf((await api.data('{ pipelines { edges { node { stages { id name } } } } }')).pipelines);
    const stage = (name: string) => pipelines[0].stages.find((s: { name: string }) => s.name === name).id;

    const moved = await api.mutate('updateOpportunity', { id: opportunity.id, stageId: stage('Proposal') }, OPPORTUNITY);
    expect(moved.opportunity).toMatchObject({ probability: 50, weightedAmount: { amount: 5_000 }, status: 'OPEN' });
    const custom = await api.mutate(
      'updateOpportunity',
      { id: opportunity.id, stageId: stage('Negotiation'), probability: 33, amount: { amount: 12_345, currency: 'USD' } },
      OPPORTUNITY,
    );
    // 12345 × 33% = 4073.85 → 4074
    expect(custom.opportunity).toMatchObject({ probability: 33, weightedAmount: { amount: 4_074 } });
    const lost = await api.mutate('updateOpportunity', { id: opportunity.id, stageId: stage('Closed Lost'), lostReason: 'Budget' }, OPPORTUNITY);
    expect(lost.opportunity).toMatchObject({ status: 'LOST', probability: 0, weightedAmount: { amount: 0 } });
    expect(
      lost.opportunity.stageHistory.map((c: { fromStage: { name: string } | null; toStage: { name: string } }) => [
        c.fromStage?.name ?? null,
        c.toStage.name,
      ]),
    ).toEqual([
      [null, 'Prospecting'],
      ['Prospecting', 'Proposal'],
      ['Proposal', 'Negotiation'],
      ['Negotiation', 'Closed Lost'],
    ]);
    expect(lost.opportunity.stageHistory.every((c: { changedBy: { id: string } }) => c.changedBy.id === member.user.id)).toBe(true);
    expect(lost.opportunity.stageHistory[2].probability).toBe(33);
    // An update that does not move the stage records no stage change.
    const renamed = await api.mutate('updateOpportunity', { id: opportunity.id, name: 'Renamed' }, OPPORTUNITY);
    expect(renamed.opportunity.stageHistory).toHaveLength(4);
    const won = await api.mutate(
      'updateOpportunity',
      { id: opportunity.id, stageId: stage('Closed Won') },
      'opportunity { status probability closedAt }',
    );
    expect(won.opportunity).toMatchObject({ status: 'WON', probability: 100 });
  });

  it('refuses a stage of another pipeline, lines in another currency and unknown contacts, writing nothing', async () => {
    const acme = await account();
    const other = await api.mutate(
      'createPipeline',
      {
        name: unique('Renewals'),
        stages: [
          { name: 'Open', probability: 40 },
          { name: 'Renewed', probability: 100, isWon: true },
        ],
      },
      'pipeline { id stages { id isClosed } }',
    );
    expect(other.pipeline.stages[1].isClosed).toBe(true);
    const eur = await createVariant(t, member.organization, { currency: 'EUR' });
    const { opportunity } = await api.mutate('createOpportunity', { name: 'Mixed', accountId: acme.id, currency: 'USD' }, 'opportunity { id }');
    const pipelines = nodesOf((await api.data('{ pipelines { edges { node { isDefault stages { id } } } } }')).pipelines);
    const defaultStage = pipelines.find((p: { isDefault: boolean }) => p.isDefault).stages[1].id;
    const errors = await api.refused('updateOpportunity', {
      id: opportunity.id,
      pipelineId: other.pipeline.id,
      stageId: defaultStage,
      lines: [{ variantId: eur.id, quantity: 1 }],
      contactRoles: [{ contactId: '00000000-0000-4000-8000-000000000000', role: 'Champion' }],
    });
    expect(errors.map((e) => `${e.field}:${e.code}`).sort()).toEqual([
      'contactRoles.0.contactId:NOT_FOUND',
      'lines.0.variantId:CURRENCY_MISMATCH',
      'stageId:NOT_FOUND',
    ]);
    const { opportunity: unchanged } = await api.data(
      `{ opportunity(id: "${opportunity.id}") { pipeline { isDefault } lines { id } stageHistory { id } } }`,
    );
    expect(unchanged).toEqual({ pipeline: { isDefault: true }, lines: [], stageHistory: [expect.any(Object)] });
    const moved = await api.mutate(
      'updateOpportunity',
      { id: opportunity.id, pipelineId: other.pipeline.id },
      'opportunity { pipeline { id } stage { id } probability }',
    );
    expect(moved.opportunity).toMatchObject({ pipeline: { id: other.pipeline.id }, stage: { id: other.pipeline.stages[0].id }, probability: 40 });
  });

  it('keeps contact roles as a many-to-many with a label', async () => {
    const acme = await account();
    const contacts = [];
    for (const name of ['Alice', 'Bob'])
      contacts.push((await api.mutate('createContact', { firstName: name, accountId: acme.id }, 'contact { id }')).contact);
    const { opportunity } = await api.mutate(
      'createOpportunity',
      { name: 'Roles', accountId: acme.id, contactRoles: [{ contactId: contacts[0].id, role: 'Decision maker' }] },
      'opportunity { id }',
    );
    await api.mutate(
      'setOpportunityContactRole',
      { opportunityId: opportunity.id, contactId: contacts[1].id, role: 'Champion' },
      'opportunity { id }',
    );
    await api.mutate(
      'setOpportunityContactRole',
      { opportunityId: opportunity.id, contactId: contacts[0].id, role: 'Economic buyer' },
      'opportunity { id }',
    );
    const { opportunity: read } = await api.data(`{ opportunity(id: "${opportunity.id}") { contactRoles { role contact { firstName } } } }`);
    expect(read.contactRoles).toEqual([
      { role: 'Economic buyer', contact: { firstName: 'Alice' } },
      { role: 'Champion', contact: { firstName: 'Bob' } },
    ]);
    await api.mutate('removeOpportunityContactRole', { opportunityId: opportunity.id, contactId: contacts[1].id }, 'opportunity { id }');
    expect(await api.refused('removeOpportunityContactRole', { opportunityId: opportunity.id, contactId: contacts[1].id })).toEqual([
      expect.objectContaining({ code: 'NOT_FOUND' }),
    ]);
  });

  it('lists activities and changes on each record timeline, newest first', async () => {
    const acme = await account({ industry: 'Retail' });
    await api.mutate('updateAccount', { id: acme.id, industry: 'Wholesale', tags: ['vip'] }, 'account { id }');
    const call = await api.mutate(
      'createActivity',
      { type: 'CALL', subject: 'Intro call', accountId: acme.id, completedAt: new Date().toISOString() },
      'activity { id subjectType subjectId account { id } }',
    );
    expect(call.activity).toMatchObject({ subjectType: 'ACCOUNT', subjectId: acme.id, account: { id: acme.id } });
    const task = await api.mutate(
      'createActivity',
      { type: 'TASK', subject: 'Send quote', accountId: acme.id, dueAt: '2030-01-01T09:00:00.000Z' },
      'activity { id completedAt }',
    );
    expect(task.activity.completedAt).toBeNull();
    await api.mutate('completeActivity', { id: task.activity.id }, 'activity { completedAt }');
    const { account: read } = await api.data(
      `{ account(id: "${acme.id}") { timeline { totalCount edges { node { kind at activity { subject } change { action changes actor { id } } } } } } }`,
    );
    const timeline = nodesOf(read.timeline);
    expect(read.timeline.totalCount).toBe(4);
    const kinds = timeline.map((e: { kind: string; activity: { subject: string } | null; change: { action: string } | null }) =>
      e.kind === 'ACTIVITY' ? e.activity!.subject : e.change!.action,
    );
    expect(kinds).toEqual(['Send quote', 'Intro call', 'UPDATED', 'CREATED']);
    const updated = timeline.find((e: { change: { action: string } | null }) => e.change?.action === 'UPDATED');
    expect(updated.change.changes).toEqual({ industry: { from: 'Retail', to: 'Wholesale' }, tags: { from: [], to: ['vip'] } });
    expect(updated.change.actor.id).toBe(member.user.id);
    const times = timeline.map((e: { at: string }) => Date.parse(e.at));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    // Different page sizes in one operation: each gets its own newest entries; SQL reads one more than the largest asks (to know whether a page follows).
    const cut = await t.counter.measure(() =>
      api.data(
        `{ a: account(id: "${acme.id}") { timeline(first: 1) { edges { node { kind } } } } b: account(id: "${acme.id}") { timeline(first: 3) { edges { node { kind } } } } }`,
      ),
    );
    expect(cut.result.a.timeline.edges).toHaveLength(1);
    expect(cut.result.b.timeline.edges).toHaveLength(3);
    // One batch (PGlite) or one per record (PostgreSQL answers the lookups in separate ticks): never past 3 + 1.
    const cuts = cut.statements.flatMap((x) => [...x.matchAll(/timeline_rank <= (\d+)/g)].map((m) => Number(m[1])));
    expect(cuts.length).toBeGreaterThanOrEqual(2);
    expect(Math.max(...cuts)).toBe(4);
    // Not asked for, the total is not counted.
    expect(cut.statements.some((x) => /sum\(n\)/.test(x))).toBe(false);
    expect((await api.refused('createActivity', { type: 'NOTE', subject: 'Nowhere' }))[0].code).toBe('INVALID');
    const { activities } = await api.data(`{ activities(first: 10, filter: { accountId: { eq: "${acme.id}" }, completed: true }) { totalCount } }`);
    expect(activities.totalCount).toBe(2);
  });

  it('filters opportunities by a field of their account (one hop), searches names and e-mails, and orders', async () => {
    const retail = await account({ name: unique('Shop'), industry: 'Retail' });
    const bank = await account({ name: unique('Bank'), industry: 'Finance' });
    for (const [acct, amount] of [
      [retail, 300],
      [retail, 100],
      [bank, 200],
    ] as const)
      await api.mutate(
        'createOpportunity',
        { name: `Deal ${amount}`, accountId: acct.id, amount: { amount, currency: 'USD' } },
        'opportunity { id }',
      );
    const { opportunities } = await api.data(`{
      opportunities(first: 10, filter: { account: { industry: { eq: "Retail" }, id: { in: ["${retail.id}", "${bank.id}"] } } }, orderBy: { field: AMOUNT, direction: DESC }) {
        totalCount edges { node { amount { amount } account { industry } } }
      }
    }`);
    expect(opportunities.totalCount).toBe(2);
    expect(opportunities.edges.map((e: { node: { amount: { amount: number } } }) => e.node.amount.amount)).toEqual([300, 100]);
    await api.mutate('createContact', { firstName: 'Searchable', email: 'needle@haystack.example', accountId: bank.id }, 'contact { id }');
    const { contacts } = await api.data('{ contacts(first: 5, filter: { search: "NEEDLE" }) { edges { node { email account { name } } } } }');
    expect(contacts.edges).toEqual([{ node: { email: 'needle@haystack.example', account: { name: bank.name } } }]);
    const { contacts: byAccount } = await api.data(
      '{ contacts(first: 5, filter: { account: { industry: { eq: "Finance" } }, search: "needle" }) { totalCount } }',
    );
    expect(byAccount.totalCount).toBe(1);
    const bad = await api.gql('{ opportunities(first: 5, filter: { accountId: { eq: "nope" } }) { totalCount } }');
    expect(bad.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('soft-deletes and restores records, hiding deleted ones from lists', async () => {
    const acme = await account({ name: unique('Gone') });
    await api.mutate('deleteAccount', { id: acme.id }, 'account { deletedAt }');
    expect((await api.data(`{ accounts(first: 5, filter: { id: { eq: "${acme.id}" } }) { totalCount } }`)).accounts.totalCount).toBe(0);
    expect(
      (await api.data(`{ accounts(first: 5, includeDeleted: true, filter: { id: { eq: "${acme.id}" } }) { totalCount } }`)).accounts.totalCount,
    ).toBe(1);
    await api.mutate('restoreAccount', { id: acme.id }, 'account { deletedAt }');
    expect((await api.data(`{ accounts(first: 5, filter: { id: { eq: "${acme.id}" } }) { totalCount } }`)).accounts.totalCount).toBe(1);
  });

  it('lets viewers read but not write, and keeps pipeline set-up to owners and admins', async () => {
    const viewer = await createUser(t);
    await addMember(t, viewer, member.organization, Role.VIEWER);
    const asViewer = caller(t, await issueToken(t, viewer));
    expect((await asViewer.data('{ accounts(first: 1) { totalCount } }')).accounts.totalCount).toBeGreaterThan(0);
    const write = await asViewer.gql('mutation { createAccount(input: { name: "Nope" }) { errors { code } } }');
    expect(write.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const plain = await createUser(t);
    await addMember(t, plain, member.organization, Role.MEMBER);
    const asMember = caller(t, await issueToken(t, plain));
    const pipeline = await asMember.gql(
      'mutation { createPipeline(input: { name: "X", stages: [{ name: "A", probability: 1 }] }) { errors { code } } }',
    );
    expect(pipeline.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('manages pipeline stages: adds, reorders, refuses deleting stages in use or the default pipeline', async () => {
    const { pipeline } = await api.mutate(
      'createPipeline',
      {
        name: unique('Partners'),
        stages: [
          { name: 'A', probability: 10 },
          { name: 'B', probability: 60 },
        ],
      },
      'pipeline { id stages { id name } }',
    );
    const added = await api.mutate(
      'addPipelineStage',
      { pipelineId: pipeline.id, name: 'Start', probability: 5, position: 0 },
      'stage { id position }',
    );
    expect(added.stage.position).toBe(0);
    await api.mutate('updatePipelineStage', { id: pipeline.stages[1].id, position: 0 }, 'stage { id }');
    const { pipeline: read } = await api.data(`{ pipeline(id: "${pipeline.id}") { stages { name position } } }`);
    expect(read.stages).toEqual([
      { name: 'B', position: 0 },
      { name: 'Start', position: 1 },
      { name: 'A', position: 2 },
    ]);
    const acme = await account();
    await api.mutate('createOpportunity', { name: 'In B', accountId: acme.id, stageId: pipeline.stages[1].id }, 'opportunity { id }');
    expect((await api.refused('deletePipelineStage', { id: pipeline.stages[1].id }))[0].code).toBe('IN_USE');
    await api.mutate('deletePipelineStage', { id: added.stage.id }, 'stage { id }');
    expect((await api.refused('deletePipeline', { id: pipeline.id }))[0].code).toBe('IN_USE');
    await api.mutate('updatePipeline', { id: pipeline.id, isDefault: true }, 'pipeline { isDefault }');
    const pipelines = nodesOf((await api.data('{ pipelines { edges { node { id isDefault } } } }')).pipelines);
    expect(pipelines.filter((p: { isDefault: boolean }) => p.isDefault)).toEqual([{ id: pipeline.id, isDefault: true }]);
    expect((await api.refused('updatePipeline', { id: pipeline.id, isDefault: false }))[0].code).toBe('INVALID');
  });
});
