import type { EntityManager } from '@mikro-orm/sql';
import { publishLive } from '../../db/live.js';
import { Notification } from './automation.entity.js';

/** The live-event kind of a new notification (subscription `notificationAdded`). */
export const NOTIFICATION_ADDED = 'notification.added';

export type NewNotification = {
  organizationId: string;
  userId: string;
  kind: string;
  title: string;
  body: string;
  subjectType: string | null;
  subjectId: string | null;
  runId: string | null;
};

/** Writes notifications and their live events, in `em`'s transaction (delivered to subscribers if it commits). */
export async function sendNotifications(em: EntityManager, notes: NewNotification[]): Promise<Notification[]> {
  const created = notes.map((note) =>
    em.create(Notification, {
      organization: note.organizationId,
      user: note.userId,
      kind: note.kind,
      title: note.title,
      body: note.body,
      subjectType: note.subjectType,
      subjectId: note.subjectId,
      runId: note.runId,
    } as never),
  );
  await em.flush();
  for (const notification of created) {
    await publishLive((sql, params) => em.execute(sql, params), {
      organizationId: notification.organization.id,
      userId: notification.user.id,
      kind: NOTIFICATION_ADDED,
      id: notification.id,
    });
  }
  return created;
}
