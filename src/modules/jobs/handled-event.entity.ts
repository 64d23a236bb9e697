import type { Ref } from '@mikro-orm/core';
import { Entity, ManyToOne, Property, Unique } from '@mikro-orm/decorators/legacy';
import { TenantEntity } from '../../shared/tenant.entity.js';
import { DomainEvent } from '../events/domain-event.entity.js';

/**
 * A receipt: `handler` has applied `event`. Written in the same transaction as the handler's
 * effects, so a job delivered twice (at-least-once) finds its receipt and changes nothing more.
 */
@Entity({ tableName: 'handled_events' })
@Unique({ properties: ['organization', 'handler', 'event'] })
export class HandledEvent extends TenantEntity {
  @Property({ type: 'text' })
  handler!: string;

  @ManyToOne({ entity: () => DomainEvent, ref: true, deleteRule: 'cascade' })
  event!: Ref<DomainEvent>;
}
