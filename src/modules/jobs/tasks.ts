import type { EntityManager } from '@mikro-orm/sql';
import { Organization } from '../core/organization.entity.js';
import { currentEventContext } from '../../shared/event-context.js';
import { JobRequest } from './job-request.entity.js';

/**
 * Asks for task `task` to run for the organization once `em`'s transaction commits (written now, in
 * that transaction: the task outbox, job-request.entity.ts). The request records the event context
 * it was made in, so what the task writes is caused by the same event.
 */
export async function requestTask(
  em: EntityManager,
  organizationId: string,
  task: string,
  data: Record<string, unknown>,
  options: { runAfter?: Date | null } = {},
): Promise<void> {
  const context = currentEventContext();
  const request = em.create(
    JobRequest,
    {
      organization: em.getReference(Organization, organizationId),
      task,
      data,
      runAfter: options.runAfter ?? null,
      causationId: context.causationId,
      depth: context.depth,
    },
    { persist: false },
  );
  await em.insert(request);
}
