import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Role } from '../../src/modules/core/membership.entity.js';
import { addMember, createUser, issueToken, memberOf } from '../factories/core.js';
import { caller } from '../factories/sales.js';
import { startTestApp, type TestApp } from '../helpers/harness.js';
import { startTestSmtp, type TestSmtp } from '../helpers/smtp.js';

/**
 * Issue 15, notification e-mail: per-member preferences per kind (in the app, e-mail each, a daily
 * digest), sent through a real SMTP server the test starts.
 */
describe('notification e-mail and preferences', () => {
  let t: TestApp;
  let smtp: TestSmtp;
  beforeAll(async () => {
    smtp = await startTestSmtp();
    t = await startTestApp({
      env: { EVENT_RELAY_INTERVAL_MS: '50', SMTP_URL: smtp.url, MAIL_FROM: 'crm@example.com', SCHEDULE_NOTIFICATION_DIGEST: '0 0 1 1 *' },
      workers: true,
    });
  }, 60_000);
  afterAll(async () => {
    await t.close();
    await smtp.close();
  });

  it('e-mails each notification, or one daily digest, as the member chose', async () => {
    const owner = await memberOf(t, { plan: 'growth' });
    const api = caller(t, owner.token);
    const rep = await createUser(t);
    await addMember(t, rep, owner.organization, Role.MEMBER);
    const repApi = caller(t, await issueToken(t, rep));
    const { notificationPreferences } = await repApi.data('{ notificationPreferences { kind inApp email } }');
    expect(notificationPreferences).toEqual([
      { kind: 'AUTOMATION', inApp: true, email: 'NONE' },
      { kind: 'REMINDER', inApp: true, email: 'NONE' },
    ]);
    await repApi.mutate('setNotificationPreference', { kind: 'AUTOMATION', email: 'EACH' }, 'preference { kind inApp email }');
    await api.mutate(
      'createAutomationRule',
      {
        name: 'New lead',
        subjectType: 'LEAD',
        triggerKind: 'EVENT',
        eventType: 'lead.created',
        actions: [{ type: 'NOTIFY', title: 'New lead {{ record.firstName }}', body: 'From {{ record.source }}' }],
      },
      'rule { id }',
    );
    const mail = smtp.next(rep.email);
    await api.mutate('createLead', { firstName: 'Ada', source: 'fair', ownerId: rep.id }, 'lead { id }');
    await t.jobs!.idle();
    const received = await mail;
    expect(received.raw).toMatch(/Subject: New lead Ada/);
    expect(received.text).toMatch(/From fair/);
    expect((await repApi.data('{ unreadNotificationCount }')).unreadNotificationCount).toBe(1);

    // A daily digest instead, and nothing in the app: nothing is sent until the digest runs.
    await repApi.mutate('setNotificationPreference', { kind: 'AUTOMATION', email: 'DAILY_DIGEST', inApp: true }, 'preference { email }');
    const before = smtp.received.length;
    await api.mutate('createLead', { firstName: 'Grace', source: 'web', ownerId: rep.id }, 'lead { id }');
    await api.mutate('createLead', { firstName: 'Alan', source: 'web', ownerId: rep.id }, 'lead { id }');
    await t.jobs!.idle();
    expect(smtp.received.length).toBe(before);
    const digest = smtp.next(rep.email);
    await t.jobs!.trigger('notification-digest');
    await t.jobs!.idle();
    const sent = await digest;
    expect(sent.raw).toMatch(/Subject: SimplyCRM: 2 unread notifications/);
    expect(sent.text).toMatch(/New lead Grace/);
    expect(sent.text).toMatch(/New lead Alan/);
    expect(sent.text).not.toMatch(/New lead Ada/);
    // Each notification is in one digest only.
    await t.jobs!.trigger('notification-digest');
    await t.jobs!.idle();
    expect(smtp.received.length).toBe(before + 1);

    // SEND_EMAIL from a template, to the lead's own address.
    await api.mutate(
      'createAutomationRule',
      {
        name: 'Welcome',
        subjectType: 'LEAD',
        triggerKind: 'EVENT',
        eventType: 'lead.created',
        condition: { lead: { source: { eq: 'welcome' } } },
        actions: [
          {
            type: 'SEND_EMAIL',
            to: { kind: 'RECORD' },
            subject: 'Welcome, {{ record.firstName }}',
            body: 'Thanks for your interest in {{ record.company }}.',
          },
        ],
      },
      'rule { id }',
    );
    const welcome = smtp.next('barbara@example.com');
    await api.mutate('createLead', { firstName: 'Barbara', email: 'barbara@example.com', company: 'Liskov Ltd', source: 'welcome' }, 'lead { id }');
    await t.jobs!.idle();
    const welcomed = await welcome;
    expect(welcomed.raw).toMatch(/Subject: Welcome, Barbara/);
    expect(welcomed.text).toMatch(/Thanks for your interest in Liskov Ltd\./);

    // Off in the app: kept as read, not counted.
    await repApi.mutate('setNotificationPreference', { kind: 'AUTOMATION', inApp: false, email: 'NONE' }, 'preference { inApp }');
    const unread = (await repApi.data('{ unreadNotificationCount }')).unreadNotificationCount;
    await api.mutate('createLead', { firstName: 'Edsger', ownerId: rep.id }, 'lead { id }');
    await t.jobs!.idle();
    expect((await repApi.data('{ unreadNotificationCount }')).unreadNotificationCount).toBe(unread);
  });
});
