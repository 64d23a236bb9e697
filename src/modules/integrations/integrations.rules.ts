import { and } from 'graphql-shield';
import { hasFeature, hasRole, type RuleMap } from '../../shared/permissions.js';
import { Role } from '../core/membership.entity.js';

/** Webhooks send the whole organization's events out: owners and admins, on plans with webhooks. */
const WEBHOOK_ADMIN = and(hasRole(Role.OWNER, Role.ADMIN), hasFeature('integrations.webhooks'));

export const integrationsRules: RuleMap = {
  Query: { webhookEndpoints: WEBHOOK_ADMIN, webhookEndpoint: WEBHOOK_ADMIN, webhookDeliveries: WEBHOOK_ADMIN },
  Mutation: {
    createWebhookEndpoint: WEBHOOK_ADMIN,
    updateWebhookEndpoint: WEBHOOK_ADMIN,
    deleteWebhookEndpoint: WEBHOOK_ADMIN,
    rotateWebhookSecret: WEBHOOK_ADMIN,
    pingWebhookEndpoint: WEBHOOK_ADMIN,
    redeliverWebhook: WEBHOOK_ADMIN,
  },
  WebhookEndpoint: { '*': WEBHOOK_ADMIN },
  WebhookEndpointConnection: { '*': WEBHOOK_ADMIN },
  WebhookEndpointEdge: { '*': WEBHOOK_ADMIN },
  WebhookDelivery: { '*': WEBHOOK_ADMIN },
  WebhookDeliveryConnection: { '*': WEBHOOK_ADMIN },
  WebhookDeliveryEdge: { '*': WEBHOOK_ADMIN },
  WebhookAttempt: { '*': WEBHOOK_ADMIN },
  WebhookEndpointPayload: { '*': WEBHOOK_ADMIN },
  WebhookDeliveryPayload: { '*': WEBHOOK_ADMIN },
};
