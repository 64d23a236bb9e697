import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Role } from '../../src/modules/core/membership.entity.js';
import { runActionTask } from '../../src/modules/automation/actions.js';
import { addMember, createUser, memberOf } from '../factories/core.js';
import { caller } from '../factories/sales.js';
import { asRequest, startTestApp, type TestApp } from '../helpers/harness.js';

const RULE = 'rule { id version enabled }';
const RUNS = `query ($ruleId: ID) { automationRuns(ruleId: $ruleId, first: 50) { edges { node {
  id ruleId ruleVersion status reason trace eventType subjectId finishedAt
  actions { position type status output error attempts idempotencyKey }
} } } }`;

type Run = {
  id: string;
  status: string;
  reason: string | null;
  trace: Record<string, unknown>;
  ruleVersion: number;
  subjectId: string;
  actions: { position: number; type: string; status: string; output: Record<string, unknown> | null; error: string | null; idempotencyKey: string }[];
};

/**
 * Issue 15, rules: trigger → listened fields → condition (the list filter, one statement) → "becomes
 * true" → each action type in order, each recorded; the loop guard; a dry run that writes nothing; a
 * retried action that repeats nothing; failures recorded with their error; feature gating.
 */
describe('automation rules', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { EVENT_RELAY_INTERVAL_MS: '50', LOG_LEVEL: process.env.DEBUG_LOG ? 'error' : 'silent' }, workers: true });
  }, 60_000);
  afterAll(() => t.close());

  async function setUp() {
    const owner = await memberOf(t, { plan: 'growth' });
    const api = caller(t, owner.token);
    const rep = await createUser(t);
    await addMember(t, rep, owner.organization, Role.MEMBER);
    const { lead } = await api.mutate(
      'createLead',
      { firstName: 'Ada', lastName: 'Lovelace', email: 'ada@example.com', ownerId: rep.id },
      'lead { id }',
    );
    await t.jobs!.idle();
    return { owner, api, rep, lead };
  }

  const runsOf = async (api: ReturnType<typeof caller>, ruleId: string): Promise<Run[]> =>
    (await api.data(RUNS, { ruleId })).automationRuns.edges.map((e: { node: Run }) => e.node);

  const qualifiedRule = (extra: Record<string, unknown> = {}) => ({
    name: 'Qualified leads get a call',
    subjectType: 'LEAD',
    triggerKind: 'EVENT',
    eventType: 'lead.updated',
    listenFields: ['status'],
    onlyWhenBecomesTrue: true,
    condition: { lead: { status: { in: ['QUALIFIED', 'CONTACTED'] } } },
    actions: [
      { type: 'CREATE_TASK', subject: 'Call {{ record.firstName }} {{ record.lastName }}', dueInHours: 24 },
      { type: 'NOTIFY', title: '{{ record.firstName }} is qualified', body: 'Rule {{ rule.name }}' },
      { type: 'UPDATE_FIELDS', values: { score: 90 } },
    ],
    ...extra,
  });

  it('runs its actions in order when the condition becomes true on a listened field, and records each', async () => {
    const { api, rep, lead } = await setUp();
    const { rule } = await api.mutate('createAutomationRule', qualifiedRule(), RULE);
    expect(rule).toMatchObject({ version: 1, enabled: true });

    // A change of a field it does not listen to: judged, skipped, with the reason.
    await api.mutate('updateLead', { id: lead.id, notes: 'met at a fair' }, 'lead { id }');
    await t.jobs!.idle();
    let runs = await runsOf(api, rule.id);
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ status: 'SKIPPED', actions: [] });
    expect(runs[0].reason).toMatch(/None of the fields it listens to changed \(status\)/);

    // NEW → QUALIFIED: the condition becomes true.
    await api.mutate('updateLead', { id: lead.id, status: 'QUALIFIED' }, 'lead { id }');
    await t.jobs!.idle();
    runs = await runsOf(api, rule.id);
    const ran = runs.find((r) => r.status !== 'SKIPPED')!;
    expect(ran).toMatchObject({ status: 'SUCCEEDED', ruleVersion: 1, subjectId: lead.id, reason: null });
    expect(ran.trace).toMatchObject({ condition: { matched: true }, before: false, changedFields: ['status'] });
    expect(ran.actions.map((a) => [a.type, a.status])).toEqual([
      ['CREATE_TASK', 'SUCCEEDED'],
      ['NOTIFY', 'SUCCEEDED'],
      ['UPDATE_FIELDS', 'SUCCEEDED'],
    ]);
    // The task, assigned to the record's owner, due in a day; the notification to the owner; the score set.
    const { activities } = await api.data(
      'query ($id: ID!) { activities(filter: { leadId: { eq: $id } }) { edges { node { id type subject dueAt owner { id } } } } }',
      { id: lead.id },
    );
    expect(activities.edges).toHaveLength(1);
    expect(activities.edges[0].node).toMatchObject({ type: 'TASK', subject: 'Call Ada Lovelace', owner: { id: rep.id } });
    expect(ran.actions[0].output).toMatchObject({ activityId: activities.edges[0].node.id, ownerId: rep.id });
    expect(ran.actions[1].output).toMatchObject({ notified: [rep.id], title: 'Ada is qualified' });
    const { lead: after } = await api.data('query ($id: ID!) { lead(id: $id) { score } }', { id: lead.id });
    expect(after.score).toBe(90);
    // The score change is an event caused by the rule: judged too, and skipped (status did not change).
    expect(runs.filter((r) => r.status === 'SKIPPED')).toHaveLength(2);

    // QUALIFIED → CONTACTED: the condition held before the change too, so it does not run again.
    await api.mutate('updateLead', { id: lead.id, status: 'CONTACTED' }, 'lead { id }');
    await t.jobs!.idle();
    const latest = (await runsOf(api, rule.id))[0];
    expect(latest).toMatchObject({ status: 'SKIPPED', trace: { before: true } });
    expect(latest.reason).toMatch(/already held before/);
  });

  it('stops a rule that would loop on the record it updates, and a STOP_IF ends a run', async () => {
    const { api, lead } = await setUp();
    // Listens to every change and changes the record itself: its own change must not trigger it again.
    const { rule } = await api.mutate(
      'createAutomationRule',
      {
        name: 'Bump score',
        subjectType: 'LEAD',
        triggerKind: 'EVENT',
        eventType: 'lead.updated',
        actions: [
          { type: 'UPDATE_FIELDS', values: { notes: 'touched' } },
          { type: 'STOP_IF', condition: { lead: { score: { gte: 50 } } } },
          { type: 'NOTIFY', title: 'never', to: { kind: 'ROLE', role: 'OWNER' } },
        ],
      },
      RULE,
    );
    await api.mutate('updateLead', { id: lead.id, score: 10 }, 'lead { id }');
    await t.jobs!.idle();
    const runs = await runsOf(api, rule.id);
    expect(runs.map((r) => r.status).sort()).toEqual(['SKIPPED', 'STOPPED']);
    expect(runs.find((r) => r.status === 'SKIPPED')!.reason).toMatch(/Loop guard/);
    const stopped = runs.find((r) => r.status === 'STOPPED')!;
    expect(stopped.actions.map((a) => a.status)).toEqual(['SUCCEEDED', 'SUCCEEDED', 'SKIPPED']);
    expect(stopped.actions[1].output).toEqual({ matched: false });
  });

  it('records a failing action with its error, fails the run and skips the rest', async () => {
    const { api, lead, owner } = await setUp();
    const leaver = await createUser(t);
    const membership = await addMember(t, leaver, owner.organization, Role.MEMBER);
    const { rule } = await api.mutate(
      'createAutomationRule',
      {
        name: 'Task for someone who leaves',
        subjectType: 'LEAD',
        triggerKind: 'EVENT',
        eventType: 'lead.updated',
        actions: [
          { type: 'CREATE_TASK', subject: 'Follow up', to: { kind: 'MEMBER', userId: leaver.id } },
          { type: 'NOTIFY', title: 'after' },
        ],
      },
      RULE,
    );
    await t.systemEm().execute('delete from memberships where id = ?', [membership.id]);
    await api.mutate('updateLead', { id: lead.id, score: 5 }, 'lead { id }');
    await t.jobs!.idle();
    const [run] = await runsOf(api, rule.id);
    expect(run.status).toBe('FAILED');
    expect(run.reason).toMatch(/Action 0 \(CREATE_TASK\|create_task\)|Action 0/);
    expect(run.actions[0]).toMatchObject({ status: 'FAILED' });
    expect(run.actions[0].error).toMatch(/no longer a member/);
    expect(run.actions[1].status).toBe('SKIPPED');
  });

  it('repeats no action when its job is delivered again', async () => {
    const { api, lead, owner } = await setUp();
    const { rule } = await api.mutate('createAutomationRule', qualifiedRule({ onlyWhenBecomesTrue: false, listenFields: [] }), RULE);
    await api.mutate('updateLead', { id: lead.id, status: 'QUALIFIED' }, 'lead { id }');
    await t.jobs!.idle();
    const run = (await runsOf(api, rule.id)).find((r) => r.status === 'SUCCEEDED')!;
    const countTasks = async () =>
      (await t.systemEm().execute<{ n: number }[]>('select count(*)::int as n from activities where lead_id = ?', [lead.id]))[0].n;
    const tasks = await countTasks();
    // The first action's job again, as a crash before the queue learnt it was done would deliver it.
    const [first] = await t.systemEm().execute<{ id: string }[]>('select id from automation_action_runs where run_id = ? and position = 0', [run.id]);
    await asRequest(t, owner.token, async (ctx) => {
      await runActionTask(
        { em: ctx.em, organizationId: owner.organization.id, now: new Date(), log: t.server.log, config: t.services.config },
        { actionRunId: first.id },
      );
    });
    await t.jobs!.idle();
    expect(await countTasks()).toBe(tasks);
    expect((await runsOf(api, rule.id)).find((r) => r.id === run.id)!.actions[0]).toMatchObject({ status: 'SUCCEEDED' });
    // The idempotency key names the rule version, the trigger, the record and the position.
    expect(run.actions[0].idempotencyKey).toContain(`${rule.id}:1:`);
    expect(run.actions[0].idempotencyKey).toMatch(/:0$/);
  });

  it('dry-runs a draft or a saved rule on a record or an event, writing nothing', async () => {
    const { api, rep, lead } = await setUp();
    const before = await t
      .systemEm()
      .execute<{ n: number }[]>(
        `select (select count(*) from activities) + (select count(*) from notifications) + (select count(*) from automation_runs) as n`,
      );
    const { result } = await api.mutate(
      'testAutomationRule',
      { draft: qualifiedRule(), recordId: lead.id },
      'result { wouldRun reason trace actions { position type status output error } }',
    );
    // NEW is not QUALIFIED or CONTACTED: the trace names the failing part.
    expect(result).toMatchObject({ wouldRun: false, trace: { condition: { matched: false, fields: [{ field: 'status', matched: false }] } } });
    expect(result.actions.every((a: { status: string }) => a.status === 'SKIPPED')).toBe(true);
    await api.mutate('updateLead', { id: lead.id, status: 'QUALIFIED' }, 'lead { id }');
    const { result: matched } = await api.mutate(
      'testAutomationRule',
      { draft: qualifiedRule(), recordId: lead.id },
      'result { wouldRun actions { type status output } }',
    );
    expect(matched.wouldRun).toBe(true);
    expect(matched.actions[0].output.wouldCreate).toMatchObject({ subject: 'Call Ada Lovelace', ownerId: rep.id });
    expect(matched.actions[1].output).toMatchObject({ wouldNotify: [rep.id], title: 'Ada is qualified' });
    // On the event of the change: the before-state is judged too.
    const [event] = await t
      .systemEm()
      .execute<{ id: string }[]>("select id from domain_events where subject_id = ? and type = 'lead.updated' order by id desc limit 1", [lead.id]);
    const { rule } = await api.mutate('createAutomationRule', qualifiedRule({ enabled: false }), RULE);
    const { result: onEvent } = await api.mutate('testAutomationRule', { ruleId: rule.id, eventId: event.id }, 'result { wouldRun trace }');
    expect(onEvent).toMatchObject({ wouldRun: true, trace: { before: false } });
    await t.jobs!.idle();
    const after = await t
      .systemEm()
      .execute<{ n: number }[]>(
        `select (select count(*) from activities) + (select count(*) from notifications) + (select count(*) from automation_runs) as n`,
      );
    // Nothing of the dry runs was written (the disabled rule never ran on the update either).
    expect(Number(after[0].n)).toBe(Number(before[0].n));
  });

  it('refuses bad rules with errors naming the field', async () => {
    const { api } = await setUp();
    const errors = await api.refused('createAutomationRule', {
      name: 'Bad',
      subjectType: 'LEAD',
      triggerKind: 'EVENT',
      eventType: 'invoice.paid',
      listenFields: ['nope'],
      condition: { opportunity: { probability: { gte: 10 } } },
      actions: [
        { type: 'NOTIFY', title: '{{ record.firstName ' },
        { type: 'UPDATE_FIELDS', values: { score: 'high' } },
        { type: 'WAIT', minutes: 0 },
      ],
    });
    const fields = errors.map((e) => e.field);
    expect(fields).toEqual(
      expect.arrayContaining(['eventType', 'listenFields', 'condition', 'actions.0.title', 'actions.1.values', 'actions.2.minutes']),
    );
    expect(errors.find((e) => e.field === 'eventType')!.message).toMatch(/lead.updated/);
  });

  it('versions edits: a change of what it does is a new version, enabling is not', async () => {
    const { api } = await setUp();
    const { rule } = await api.mutate('createAutomationRule', qualifiedRule(), RULE);
    const { rule: disabled } = await api.mutate('updateAutomationRule', { id: rule.id, enabled: false }, RULE);
    expect(disabled).toMatchObject({ version: 1, enabled: false });
    const { rule: changed } = await api.mutate('updateAutomationRule', { id: rule.id, actions: [{ type: 'NOTIFY', title: 'x' }] }, RULE);
    expect(changed.version).toBe(2);
  });

  it('keeps notifications to their user: list, unread count, mark read', async () => {
    const { api, owner, rep, lead } = await setUp();
    await api.mutate('createAutomationRule', qualifiedRule({ onlyWhenBecomesTrue: false, listenFields: [] }), RULE);
    await api.mutate('updateLead', { id: lead.id, status: 'QUALIFIED' }, 'lead { id }');
    await t.jobs!.idle();
    const { issueToken } = await import('../factories/core.js');
    const repApi = caller(t, await issueToken(t, rep));
    const mine = await repApi.data(
      '{ unreadNotificationCount notifications(first: 10) { edges { node { id title subjectType subjectId readAt } } } }',
    );
    expect(mine.unreadNotificationCount).toBeGreaterThanOrEqual(1);
    expect(mine.notifications.edges[0].node).toMatchObject({ title: 'Ada is qualified', subjectType: 'Lead', subjectId: lead.id, readAt: null });
    // The owner got none of the rep's.
    const theirs = await api.data('{ unreadNotificationCount notifications(first: 10) { edges { node { id } } } }');
    expect(theirs.notifications.edges).toEqual([]);
    // Nor can the owner mark them read.
    const id = mine.notifications.edges[0].node.id;
    expect((await api.mutate('markNotificationsRead', { notificationIds: [id] }, 'marked')).marked).toBe(0);
    const marked = await repApi.mutate('markNotificationsRead', { notificationIds: [id] }, 'marked unreadCount');
    expect(marked).toMatchObject({ marked: 1, unreadCount: mine.unreadNotificationCount - 1 });
    expect(owner).toBeDefined();
  });

  it('lists runs with their actions in the same number of statements whatever the page size', async () => {
    const { api, lead } = await setUp();
    const { rule } = await api.mutate('createAutomationRule', qualifiedRule({ onlyWhenBecomesTrue: false, listenFields: [] }), RULE);
    await api.mutate('updateLead', { id: lead.id, status: 'QUALIFIED' }, 'lead { id }');
    for (const notes of ['a', 'b']) await api.mutate('updateLead', { id: lead.id, notes }, 'lead { id }');
    await t.jobs!.idle();
    const page = (first: number) =>
      t.counter.measure(() =>
        api.data('query ($first: Int) { automationRuns(first: $first) { edges { node { id actions { status } } } } }', { first }),
      );
    const one = await page(1);
    const many = await page(50);
    expect(many.result.automationRuns.edges.length).toBeGreaterThan(3);
    expect(many.result.automationRuns.edges.some((e: { node: { actions: unknown[] } }) => e.node.actions.length === 3)).toBe(true);
    // The workers' dispatcher shares the statement counter: count the statements reading runs and actions.
    const reads = (statements: string[]) => statements.filter((q) => /from "automation_(action_)?runs"/.test(q)).length;
    expect(reads(many.statements)).toBe(2);
    expect(reads(one.statements)).toBe(2);
    expect(rule.id).toBeDefined();
  });

  it('assigns owners round robin over a role, and waits before its next action', async () => {
    const { api, owner } = await setUp();
    const second = await createUser(t);
    await addMember(t, second, owner.organization, Role.MEMBER);
    const { rule } = await api.mutate(
      'createAutomationRule',
      {
        name: 'Distribute leads',
        subjectType: 'LEAD',
        triggerKind: 'EVENT',
        eventType: 'lead.created',
        actions: [
          { type: 'ASSIGN_OWNER', to: { kind: 'ROUND_ROBIN', role: 'MEMBER' } },
          { type: 'WAIT', minutes: 60 },
          { type: 'NOTIFY', title: 'An hour later' },
        ],
      },
      RULE,
    );
    const members = (
      await t
        .systemEm()
        .execute<{ user_id: string }[]>("select user_id from memberships where organization_id = ? and role = 'member' order by user_id", [
          owner.organization.id,
        ])
    ).map((m) => m.user_id);
    expect(members).toHaveLength(2);
    const owners: string[] = [];
    for (const firstName of ['One', 'Two', 'Three']) {
      const { lead } = await api.mutate('createLead', { firstName }, 'lead { id }');
      await t.jobs!.idle();
      owners.push((await api.data('query ($id: ID!) { lead(id: $id) { owner { id } } }', { id: lead.id })).lead.owner.id);
    }
    // In turn, in a stable order, wrapping around.
    expect(owners).toEqual([members[0], members[1], members[0]]);
    // The WAIT holds the run: its next action is due in an hour, the run says WAITING.
    const runs = (await runsOf(api, rule.id)).filter((r) => r.status !== 'SKIPPED');
    expect(runs).toHaveLength(3);
    for (const run of runs) {
      expect(run.status).toBe('WAITING');
      expect(run.actions.map((a) => a.status)).toEqual(['SUCCEEDED', 'SUCCEEDED', 'PENDING']);
      const resumeAt = new Date(String(run.actions[1].output?.resumeAt)).getTime();
      expect(resumeAt - Date.now()).toBeGreaterThan(55 * 60_000);
    }
  });

  it('needs automation.rules and an owner or admin', async () => {
    const free = await memberOf(t, { plan: 'free' });
    const denied = await t.gql('{ automationRules(first: 1) { edges { node { id } } } }', { token: free.token });
    expect(denied.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', feature: 'automation.rules' });
    const { rep } = await setUp();
    const { issueToken } = await import('../factories/core.js');
    const asMember = await t.gql('{ automationRuns(first: 1) { edges { node { id } } } }', { token: await issueToken(t, rep) });
    expect(asMember.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN' });
  });
});
