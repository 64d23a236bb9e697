import type { NodeSpec } from '../../shared/node.js';
import { DomainEvent } from './domain-event.entity.js';
import { EventResolver } from './event.resolver.js';
import { eventsRules } from './events.rules.js';

/** Domain events (the outbox): written with every change, read by admins, handed to jobs. */
export const eventsModule = {
  resolvers: [EventResolver] as const,
  rules: eventsRules,
  loaders: () => ({}),
  entities: [DomainEvent],
  nodes: [{ entity: DomainEvent, query: 'events' }] satisfies NodeSpec[],
  handlers: [],
  schedules: [],
  tasks: [],
};
