import { Args, ArgsType, Ctx, Field, InputType, Query, Resolver } from 'type-graphql';
import type { Context } from '../../context.js';
import { enumFilter } from '../../shared/filter-inputs.js';
import { DateTimeFilter, IDFilter, on, onId, StringFilter, toWhere } from '../../shared/filters.js';
import { type Connection, ConnectionArgs, connectionType, paginate } from '../../shared/pagination.js';
import { DomainEvent } from './domain-event.entity.js';
import { EventType } from './event-types.js';

const EventTypeFilter = enumFilter(EventType as unknown as Record<string, string>, 'EventType');

@InputType({ description: 'Conditions on domain events; every condition given must hold.' })
export class EventFilter {
  @Field(() => EventTypeFilter, { nullable: true, description: 'Event type.' })
  type?: InstanceType<typeof EventTypeFilter> | null;
  @Field(() => StringFilter, { nullable: true, description: 'GraphQL type of the record (Account, Order, …).' })
  subjectType?: StringFilter | null;
  @Field(() => IDFilter, { nullable: true, description: 'ID of the record.' })
  subjectId?: IDFilter | null;
  @Field(() => DateTimeFilter, { nullable: true, description: 'When it happened.' })
  occurredAt?: DateTimeFilter | null;
}

@ArgsType()
export class EventsArgs extends ConnectionArgs {
  @Field(() => EventFilter, { nullable: true, description: 'Only events matching this.' })
  filter?: EventFilter | null;
}

export const DomainEventConnection = connectionType(DomainEvent);

const eventFilterMapping = {
  type: on('type'),
  subjectType: on('subjectType'),
  subjectId: onId('subjectId'),
  occurredAt: on('occurredAt'),
};

@Resolver(() => DomainEvent)
export class EventResolver {
  @Query(() => DomainEventConnection, {
    description: "The organization's domain events, newest first. Owners and admins; feature automation.rules.",
  })
  events(@Args(() => EventsArgs) args: EventsArgs, @Ctx() ctx: Context): Promise<Connection<DomainEvent>> {
    return paginate(ctx.em, DomainEvent, toWhere(args.filter, eventFilterMapping as never), args, { occurredAt: 'desc', id: 'desc' });
  }
}
