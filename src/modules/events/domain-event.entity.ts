import type { Opt } from '@mikro-orm/core';
import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { GraphQLJSONObject } from 'graphql-scalars';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { uuidv7 } from '../../shared/ids.js';
import { Node } from '../../shared/node.type.js';
import { TenantEntity } from '../../shared/tenant.entity.js';
import { EventActorKind, EventType } from './event-types.js';

/**
 * A domain event: written by the same transaction as the change it describes (the outbox), so it
 * exists iff that change committed. Newest first by its time-ordered ID.
 */
@Entity({ tableName: 'domain_events' })
@Index({ properties: ['organization', 'occurredAt', 'id'] })
@Index({ properties: ['organization', 'subjectId'] })
// The dispatcher's scan for events not yet handed to jobs (modules/jobs/runtime.ts).
@Index({
  name: 'domain_events_undispatched_index',
  expression: 'create index "domain_events_undispatched_index" on "domain_events" ("id") where "dispatched_at" is null',
})
@ObjectType({
  implements: Node,
  description: 'Something that happened to a record of the organization (feature automation.rules; owners and admins).',
})
export class DomainEvent extends TenantEntity {
  @PrimaryKey({ type: 'uuid' })
  @Field(() => ID, { description: 'UUID (version 7, time-ordered) of the event; stable, usable as an idempotency key.' })
  declare id: string;

  @Property({ type: 'text' })
  @Field(() => EventType, { description: 'What happened (see the EventType catalogue for each payload).' })
  type!: EventType;

  @Property({ type: 'text' })
  @Field(() => String, { description: 'GraphQL type of the record it is about (Account, Order, ProductVariant, …).' })
  subjectType!: string;

  @Property({ type: 'uuid' })
  @Field(() => ID, { description: 'ID of the record it is about.' })
  subjectId!: string;

  @Property({ type: 'json', default: '{}' })
  @Field(() => GraphQLJSONObject, { description: 'Changed fields as { field: { from, to } } (relations as IDs, money as { amount, currency }).' })
  changes: Opt<Record<string, { from: unknown; to: unknown }>> = {};

  @Property({ type: 'json', default: '{}' })
  @Field(() => GraphQLJSONObject, { description: 'Details specific to the type (the EventType description lists them).' })
  data: Opt<Record<string, unknown>> = {};

  @Property({ type: 'text' })
  @Field(() => EventActorKind, { description: 'Who caused it.' })
  actorKind!: EventActorKind;

  @Property({ type: 'uuid', nullable: true })
  @Field(() => ID, { nullable: true, description: 'The user (or API key) that caused it; null for the system.' })
  actorId: string | null = null;

  @Property({ type: 'uuid', nullable: true })
  @Field(() => ID, { nullable: true, description: 'The event whose handling caused this one (rules, jobs); null for a direct change.' })
  causationId: string | null = null;

  @Property({ type: 'integer', default: 0 })
  @Field(() => Int, { description: 'How many events deep in a chain of causes: 0 for a direct change.' })
  depth: Opt<number> = 0;

  @Property({ type: 'datetime', columnType: 'timestamptz' })
  @Field(() => Date, { description: 'When it happened (UTC).' })
  occurredAt!: Date;

  /** Set when the job relay has handed the event to its handlers (null: not yet). */
  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  dispatchedAt: Date | null = null;

  constructor() {
    super();
    this.id = uuidv7();
  }
}
