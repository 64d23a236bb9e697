import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, localDate, startOfLocalDay } from '../../src/modules/automation/local-time.js';
import { memberOf } from '../factories/core.js';
import { caller } from '../factories/sales.js';
import { startTestApp, type TestApp } from '../helpers/harness.js';

/** The app's clock: tests move it instead of sleeping. */
const clock = { at: null as Date | null, now: () => clock.at ?? new Date() };

/**
 * Issue 15, schedules: rules on a cron in the organization's time zone and on a date offset, the
 * built-in due-activity reminder every organization gets, each record run once per slot or day.
 */
describe('scheduled automation', () => {
  let t: TestApp;
  beforeAll(async () => {
    // The schedule is triggered by hand here (its real cron would fire at real times).
    t = await startTestApp({ clock, env: { EVENT_RELAY_INTERVAL_MS: '50', SCHEDULE_AUTOMATION: '0 0 1 1 *' }, workers: true });
  }, 60_000);
  afterAll(() => t.close());

  async function tick(at: Date) {
    clock.at = at;
    try {
      await t.jobs!.trigger('automation-rules');
      await t.jobs!.idle();
    } finally {
      clock.at = null;
    }
  }

  it('knows local days and their midnights across time zones and daylight saving', () => {
    expect(localDate(new Date('2026-03-08T04:30:00Z'), 'America/New_York')).toBe('2026-03-07');
    expect(localDate(new Date('2026-03-08T05:30:00Z'), 'America/New_York')).toBe('2026-03-08');
    expect(startOfLocalDay('2026-03-08', 'America/New_York').toISOString()).toBe('2026-03-08T05:00:00.000Z');
    // The day after the spring change starts an hour earlier in UTC.
    expect(startOfLocalDay('2026-03-09', 'America/New_York').toISOString()).toBe('2026-03-09T04:00:00.000Z');
    expect(startOfLocalDay('2026-07-01', 'Pacific/Kiritimati').toISOString()).toBe('2026-06-30T10:00:00.000Z');
    expect(addDays('2026-02-28', 1)).toBe('2026-03-01');
  });

  it('reminds the owner of each open activity on its due day in the organization time zone, once (the built-in rule)', async () => {
    const owner = await memberOf(t, { plan: 'growth' });
    const api = caller(t, owner.token);
    await api.mutate('updateOrganization', { timeZone: 'Pacific/Kiritimati' }, 'organization { timeZone }');
    const { automationRules } = await api.data('{ automationRules(first: 5) { edges { node { id name enabled triggerKind dateField builtIn } } } }');
    expect(automationRules.edges.map((e: { node: unknown }) => e.node)).toEqual([
      expect.objectContaining({
        name: 'Due activity reminders',
        enabled: true,
        triggerKind: 'DATE_OFFSET',
        dateField: 'dueAt',
        builtIn: 'due-activity-reminders',
      }),
    ]);
    const { lead } = await api.mutate('createLead', { firstName: 'Due' }, 'lead { id }');
    const now = new Date();
    const today = localDate(now, 'Pacific/Kiritimati');
    // Early in the local day: in UTC still the day before.
    const dueToday = new Date(startOfLocalDay(today, 'Pacific/Kiritimati').getTime() + 3_600_000);
    const dueTomorrow = new Date(startOfLocalDay(addDays(today, 1), 'Pacific/Kiritimati').getTime() + 3_600_000);
    const task = (subject: string, dueAt: Date, completedAt: Date | null = null) =>
      api.mutate('createActivity', { type: 'TASK', subject, leadId: lead.id, dueAt, completedAt }, 'activity { id }');
    await task('Send the quote', dueToday);
    await task('Already done', dueToday, now);
    await task('Tomorrow', dueTomorrow);
    await tick(now);
    const notes = async () =>
      (await api.data('{ notifications(first: 20) { edges { node { title kind subjectType } } } }')).notifications.edges.map(
        (e: { node: { title: string } }) => e.node,
      );
    expect(await notes()).toEqual([{ title: 'Due today: Send the quote', kind: 'reminder', subjectType: 'Activity' }]);
    // Again the same day: nothing new.
    await tick(new Date(now.getTime() + 60_000));
    expect(await notes()).toHaveLength(1);
    // The next local day: tomorrow's task.
    await tick(new Date(startOfLocalDay(addDays(today, 1), 'Pacific/Kiritimati').getTime() + 60_000));
    expect((await notes()).map((n: { title: string }) => n.title).sort()).toEqual(['Due today: Send the quote', 'Due today: Tomorrow']);
  });

  it('runs a cron rule in the organization time zone for each matching record, once per slot', async () => {
    const owner = await memberOf(t, { plan: 'growth' });
    const api = caller(t, owner.token);
    await api.mutate('updateOrganization', { timeZone: 'America/New_York' }, 'organization { timeZone }');
    const { account } = await api.mutate('createAccount', { name: 'Weekly', ownerId: owner.user.id }, 'account { id }');
    await api.mutate('createAccount', { name: 'Other' }, 'account { id }');
    const { rule } = await api.mutate(
      'createAutomationRule',
      {
        name: 'Monday review',
        subjectType: 'ACCOUNT',
        triggerKind: 'SCHEDULE',
        schedule: '0 9 * * 1',
        condition: { account: { name: { eq: 'Weekly' } } },
        actions: [{ type: 'NOTIFY', title: 'Review {{ record.name }}' }],
      },
      'rule { id nextRunAt }',
    );
    const next = new Date(rule.nextRunAt);
    // 09:00 on a Monday in New York.
    expect(
      new Intl.DateTimeFormat('en-US', { timeZone: 'America/New_York', weekday: 'short', hour: 'numeric', hourCycle: 'h23' }).format(next),
    ).toMatch(/^Mon,? 09$/);
    // Before its time: nothing.
    await tick(new Date(next.getTime() - 60_000));
    const runs = async () =>
      (
        await api.data('query ($id: ID) { automationRuns(ruleId: $id, first: 10) { edges { node { subjectId status triggerKind } } } }', {
          id: rule.id,
        })
      ).automationRuns.edges;
    expect(await runs()).toHaveLength(0);
    await tick(new Date(next.getTime() + 60_000));
    expect((await runs()).map((e: { node: unknown }) => e.node)).toEqual([{ subjectId: account.id, status: 'SUCCEEDED', triggerKind: 'SCHEDULE' }]);
    await tick(new Date(next.getTime() + 120_000));
    expect(await runs()).toHaveLength(1);
    const { automationRule } = await api.data('query ($id: ID!) { automationRule(id: $id) { nextRunAt } }', { id: rule.id });
    expect(new Date(automationRule.nextRunAt).getTime() - next.getTime()).toBe(7 * 86_400_000);
  });

  it('refuses a time zone that does not exist', async () => {
    const owner = await memberOf(t, { plan: 'growth' });
    const errors = await caller(t, owner.token).refused('updateOrganization', { timeZone: 'Mars/Olympus' });
    expect(errors[0]).toMatchObject({ field: 'timeZone', code: 'INVALID' });
  });
});
