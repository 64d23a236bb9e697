import type { Opt } from '@mikro-orm/core';
import { Entity, Index, Property } from '@mikro-orm/decorators/legacy';
import { TenantEntity } from '../../shared/tenant.entity.js';

/**
 * A task a tenant transaction asks the job runtime to run (the task outbox): written in the same
 * transaction as the work that wants it, so it exists iff that work committed, and moved into
 * pg-boss's queue `task.<task>` by the dispatcher (as the owner: the request role is granted
 * nothing in pg-boss's schema). It carries its organization and the event context it was asked in,
 * so the task runs as that organization, caused by the same event.
 */
@Entity({ tableName: 'job_requests' })
// The dispatcher's scan, oldest first.
@Index({ properties: ['createdAt'] })
export class JobRequest extends TenantEntity {
  /** A task key (TaskDefinition.key). */
  @Property({ type: 'text' })
  task!: string;

  @Property({ type: 'json', default: '{}' })
  data: Opt<Record<string, unknown>> = {};

  /** Not before this time (null: as soon as a worker is free). */
  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  runAfter: Date | null = null;

  /** The event whose handling asked for it, and its depth in the chain (see EventContext). */
  @Property({ type: 'uuid', nullable: true })
  causationId: string | null = null;

  @Property({ type: 'integer', default: 0 })
  depth: Opt<number> = 0;
}
