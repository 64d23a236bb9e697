import type { EntityManager } from '@mikro-orm/sql';
import { loadFeatures } from '../../context.js';
import type { NodeSpec } from '../../shared/node.js';
import { loaderOfChildren } from '../core/core.loaders.js';
import { EventType } from '../events/event-types.js';
import type { EventHandler } from '../jobs/job-types.js';
import { integrationsRules } from './integrations.rules.js';
import { WebhookAttempt, WebhookDelivery, WebhookEndpoint } from './webhook.entity.js';
import { WebhookDeliveryResolver, WebhookEndpointResolver } from './webhooks.resolver.js';
import { onEvent, webhookRetentionSchedule, webhookTasks } from './webhooks.service.js';

const webhookHandler: EventHandler = {
  key: 'integrations.webhooks',
  description: 'Creates a signed delivery per enabled webhook endpoint that wants the event.',
  events: Object.values(EventType) as string[],
  async run(scope, event) {
    await onEvent(scope, event, await loadFeatures(scope.em, scope.organizationId));
  },
};

/** Integrations: signed webhooks with retries (API keys, imports and connectors come with the rest of issue 16). */
export const integrationsModule = {
  resolvers: [WebhookEndpointResolver, WebhookDeliveryResolver] as const,
  rules: integrationsRules,
  loaders: (em: EntityManager) => ({
    webhookAttemptsByDeliveryId: loaderOfChildren(em, WebhookAttempt, 'delivery', { number: 'asc' }),
  }),
  entities: [WebhookEndpoint, WebhookDelivery, WebhookAttempt],
  nodes: [
    { entity: WebhookEndpoint, query: 'webhookEndpoints' },
    { entity: WebhookDelivery, query: 'webhookDeliveries' },
  ] satisfies NodeSpec[],
  handlers: [webhookHandler],
  schedules: [webhookRetentionSchedule],
  tasks: webhookTasks,
};
