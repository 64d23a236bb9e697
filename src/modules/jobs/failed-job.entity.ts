import type { Opt } from '@mikro-orm/core';
import { Entity, Index, Property, Unique } from '@mikro-orm/decorators/legacy';
import { GraphQLJSONObject } from 'graphql-scalars';
import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Node } from '../../shared/node.type.js';
import { TenantEntity } from '../../shared/tenant.entity.js';

export enum FailedJobState {
  DEAD = 'dead',
  RETRY_REQUESTED = 'retry_requested',
  RETRIED = 'retried',
}
registerEnumType(FailedJobState, {
  name: 'FailedJobState',
  description: 'Where a dead job stands.',
  valuesConfig: {
    DEAD: { description: 'Failed on every attempt; waits for retryJob.' },
    RETRY_REQUESTED: { description: 'retryJob asked for another run; the dispatcher queues it within a moment.' },
    RETRIED: { description: 'Queued again (see retriedAt); a new failure records a new dead job.' },
  },
});

/**
 * A dead letter: a job of the organization that failed on its first run and on every retry. Kept
 * as a tenant record so an organization sees (and retries) its own, under row-level security.
 */
@Entity({ tableName: 'failed_jobs' })
@Index({ properties: ['organization', 'failedAt', 'id'] })
@Unique({ properties: ['organization', 'jobId'] })
@Index({
  name: 'failed_jobs_retry_requested_index',
  expression: `create index "failed_jobs_retry_requested_index" on "failed_jobs" ("retry_requested_at") where "state" = 'retry_requested'`,
})
@ObjectType({ implements: Node, description: 'A job that failed on every attempt (a dead letter).' })
export class FailedJob extends TenantEntity {
  @Field(() => ID, { description: 'ID of the dead job record (not the queue job).' })
  declare id: string;

  @Property({ type: 'text' })
  @Field(() => String, { description: 'Queue the job ran on (`event.<handler>` for event handlers, `schedule.<name>` for schedules).' })
  queue!: string;

  @Property({ type: 'uuid' })
  @Field(() => ID, { description: 'ID of the failed job in the queue.' })
  jobId!: string;

  @Property({ type: 'uuid', nullable: true })
  @Field(() => ID, { nullable: true, description: 'The domain event it handled, for event handlers.' })
  eventId: string | null = null;

  @Property({ type: 'json' })
  @Field(() => GraphQLJSONObject, { description: 'The job payload.' })
  data!: Record<string, unknown>;

  @Property({ type: 'text' })
  @Field(() => String, { description: 'The last attempt’s error.' })
  error!: string;

  @Property({ type: 'integer' })
  @Field(() => Int, { description: 'Attempts made (first run plus retries).' })
  attempts!: number;

  @Property({ type: 'datetime', columnType: 'timestamptz' })
  @Field(() => Date, { description: 'When the last attempt failed.' })
  failedAt!: Date;

  @Property({ type: 'text' })
  @Field(() => FailedJobState, { description: 'Dead, retry requested, or retried.' })
  state: Opt<FailedJobState> = FailedJobState.DEAD;

  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  @Field(() => Date, { nullable: true, description: 'When retryJob asked for another run.' })
  retryRequestedAt: Date | null = null;

  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  @Field(() => Date, { nullable: true, description: 'When it was queued again.' })
  retriedAt: Date | null = null;
}
