import type { EntityManager } from '@mikro-orm/sql';
import { publishLive } from '../../db/live.js';
import { createMailer, type Mailer } from '../core/mailer.js';
import { User } from '../core/user.entity.js';
import type { JobScope, Schedule, TaskDefinition } from '../jobs/job-types.js';
import { requestTask } from '../jobs/tasks.js';
import { NotificationEmail, NotificationKind } from './automation-enums.js';
import { Notification, NotificationPreference } from './automation.entity.js';

/** The live-event kind of a new notification (subscription `notificationAdded`). */
export const NOTIFICATION_ADDED = 'notification.added';
const EMAIL_TASK = 'notification.email';
/** Most notifications one digest lists (the rest: "and N more"). */
const DIGEST_MAX = 50;

export type NewNotification = {
  organizationId: string;
  userId: string;
  kind: NotificationKind;
  title: string;
  body: string;
  subjectType: string | null;
  subjectId: string | null;
  runId: string | null;
};

const mailers = new WeakMap<object, Mailer | null>();
/** The process's mailer for the configured SMTP server (null without SMTP_URL). */
export function mailerFor(config: JobScope['config']): Mailer | null {
  const mail = config.mail;
  if (!mail) return null;
  if (!mailers.has(mail)) mailers.set(mail, createMailer(mail));
  return mailers.get(mail) ?? null;
}

/** Each recipient's preference for a kind (the defaults without a row). */
async function preferencesOf(em: EntityManager, userIds: string[], kind: NotificationKind) {
  const rows = userIds.length ? await em.find(NotificationPreference, { user: { $in: userIds }, kind } as never) : [];
  const byUser = new Map(rows.map((p) => [p.user.id, p]));
  return (userId: string) => ({ inApp: byUser.get(userId)?.inApp ?? true, email: byUser.get(userId)?.email ?? NotificationEmail.NONE });
}

/**
 * Writes notifications in `em`'s transaction, as each recipient wants them: in the app with a live
 * event (delivered to subscribers if the transaction commits), and/or an e-mail task (each), or
 * kept for the daily digest. Turned off in the app, a notification is kept as read (the e-mail's record).
 */
export async function sendNotifications(em: EntityManager, now: Date, notes: NewNotification[]): Promise<Notification[]> {
  const created: Notification[] = [];
  const wanted = new Map<Notification, { inApp: boolean; email: NotificationEmail }>();
  for (const kind of new Set(notes.map((n) => n.kind))) {
    const group = notes.filter((n) => n.kind === kind);
    const preference = await preferencesOf(em, [...new Set(group.map((n) => n.userId))], kind);
    for (const note of group) {
      const wants = preference(note.userId);
      const notification = em.create(Notification, {
        organization: note.organizationId,
        user: note.userId,
        kind: note.kind,
        title: note.title,
        body: note.body,
        subjectType: note.subjectType,
        subjectId: note.subjectId,
        runId: note.runId,
        readAt: wants.inApp ? null : now,
        // Not in the app and not for the digest: nothing later should list it.
        digestedAt: wants.email === NotificationEmail.DAILY_DIGEST ? null : now,
      } as never);
      created.push(notification);
      wanted.set(notification, wants);
    }
  }
  await em.flush();
  for (const notification of created) {
    const wants = wanted.get(notification) as { inApp: boolean; email: NotificationEmail };
    const event = { organizationId: notification.organization.id, userId: notification.user.id, kind: NOTIFICATION_ADDED, id: notification.id };
    if (wants.inApp) await publishLive((sql, params) => em.execute(sql, params), event);
    if (wants.email === NotificationEmail.EACH) await requestTask(em, event.organizationId, EMAIL_TASK, { notificationId: notification.id });
  }
  return created;
}

async function addressOf(em: EntityManager, userId: string): Promise<string | null> {
  const user = await em.findOne(User, { id: userId } as never, { filters: false });
  return user?.isActive && user.email ? user.email : null;
}

/** The e-mail of one notification (preference EACH). */
export const notificationEmailTask: TaskDefinition = {
  key: EMAIL_TASK,
  description: 'E-mails one notification to its recipient (preference EACH).',
  async run(scope, data) {
    const notification = await scope.em.findOne(Notification, { id: String(data.notificationId ?? '') } as never);
    if (!notification) return;
    const mailer = mailerFor(scope.config);
    // Without SMTP nothing can be sent: the notification stays in the app.
    if (!mailer) return;
    const to = await addressOf(scope.em, notification.user.id);
    if (!to) return;
    await mailer.send({ to, subject: notification.title, text: notification.body || notification.title });
  },
};

/**
 * The daily digest (SCHEDULE_NOTIFICATION_DIGEST): per member who wants one, their unread
 * notifications of those kinds not in a digest yet (of the last 7 days), in one e-mail, each
 * marked as digested in the same transaction.
 */
export const notificationDigestSchedule: Schedule = {
  key: 'notification-digest',
  description: 'E-mails each member who asked for it a digest of their unread notifications.',
  cron: (config) => config.jobs.schedules.notificationDigest,
  async run(scope) {
    const mailer = mailerFor(scope.config);
    if (!mailer) return;
    const wanting = await scope.em.find(NotificationPreference, { email: NotificationEmail.DAILY_DIGEST } as never);
    const kindsByUser = new Map<string, string[]>();
    for (const p of wanting) kindsByUser.set(p.user.id, [...(kindsByUser.get(p.user.id) ?? []), p.kind]);
    for (const [userId, kinds] of kindsByUser) {
      const pending = await scope.em.find(
        Notification,
        {
          user: userId,
          kind: { $in: kinds },
          readAt: null,
          digestedAt: null,
          createdAt: { $gte: new Date(scope.now.getTime() - 7 * 86_400_000) },
        } as never,
        { orderBy: { createdAt: 'desc', id: 'desc' } },
      );
      if (pending.length === 0) continue;
      const to = await addressOf(scope.em, userId);
      if (!to) continue;
      const listed = pending.slice(0, DIGEST_MAX);
      const lines = listed.map((n) => `- ${n.title}${n.body ? `: ${n.body}` : ''}`);
      if (pending.length > DIGEST_MAX) lines.push(`… and ${pending.length - DIGEST_MAX} more in the app.`);
      for (const n of pending) n.digestedAt = scope.now;
      await scope.em.flush();
      await mailer.send({
        to,
        subject: `SimplyCRM: ${pending.length} unread notification${pending.length === 1 ? '' : 's'}`,
        text: lines.join('\n'),
      });
    }
  },
};
