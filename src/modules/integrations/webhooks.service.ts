import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { LockMode, wrap } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/sql';
import type { Config } from '../../config.js';
import { findRecord } from '../../shared/find-record.js';
import { InputCheck } from '../../shared/input-check.js';
import { inTransaction } from '../../shared/transaction.js';
import { PayloadError, UserErrorCode } from '../../shared/user-error.js';
import { NotificationKind } from '../automation/automation-enums.js';
import { sendNotifications } from '../automation/notifications.js';
import { Membership, Role } from '../core/membership.entity.js';
import type { DomainEvent } from '../events/domain-event.entity.js';
import { EventType, RECORD_TYPES } from '../events/event-types.js';
import type { JobScope, Schedule, TaskDefinition } from '../jobs/job-types.js';
import { requestTask } from '../jobs/tasks.js';
import type { CreateWebhookEndpointInput, UpdateWebhookEndpointInput } from './dto/webhook.dto.js';
import { safePost, UnsafeAddress, urlProblem } from './safe-http.js';
import { decryptSecret, encryptSecret, SecretsKeyMissing } from './secrets.js';
import { WebhookAttempt, WebhookDelivery, WebhookDeliveryStatus, WebhookEndpoint } from './webhook.entity.js';

export const DELIVER_TASK = 'webhook.deliver';
export const PING_TYPE = 'webhook.ping';
/** The Standard Webhooks retry schedule after each failed attempt, in seconds: 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 14 h, 20 h, 24 h. */
export const RETRY_SCHEDULE = [5, 300, 1800, 7200, 18000, 36000, 50400, 72000, 86400];
const ALL_TYPES = new Set<string>(Object.values(EventType));

type Actor = { organizationId: string; userId: string | null; now: Date };

/** A new signing secret, `whsec_` + base64 of 32 random bytes (the Standard Webhooks form). */
const newSecret = () => `whsec_${randomBytes(32).toString('base64')}`;

/** The `webhook-signature` value: `v1,<base64 HMAC-SHA256 of id.timestamp.body>` per secret, space-separated. */
export function sign(secrets: string[], messageId: string, timestamp: number, body: string): string {
  return secrets
    .map((secret) => {
      const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
      return `v1,${createHmac('sha256', key).update(`${messageId}.${timestamp}.${body}`).digest('base64')}`;
    })
    .join(' ');
}

function checkEndpoint(
  check: InputCheck,
  config: Config,
  input: { url?: string | null; eventTypes?: string[] | null; description?: string | null },
  creating: boolean,
) {
  if (creating || input.url != null) {
    check.text('url', input.url, { max: 2000 });
    const problem = input.url ? urlProblem(input.url.trim(), config.webhooks.allowHosts) : null;
    if (problem) check.fail('url', UserErrorCode.INVALID, problem);
  }
  for (const type of input.eventTypes ?? []) {
    if (!ALL_TYPES.has(type)) check.fail('eventTypes', UserErrorCode.INVALID, `"${type}" is not an event type of the catalogue (EventType)`);
  }
  if ((input.eventTypes?.length ?? 0) > 100) check.fail('eventTypes', UserErrorCode.INVALID, 'At most 100 event types');
  if (input.description != null && input.description.length > 1000)
    check.fail('description', UserErrorCode.INVALID, 'description must be at most 1000 characters');
}

const store = (config: Config, secret: string) => {
  try {
    return encryptSecret(config, secret);
  } catch (error) {
    if (error instanceof SecretsKeyMissing) throw PayloadError.of(UserErrorCode.INVALID_STATE, null, error.message);
    throw error;
  }
};

export const findEndpoint = (em: EntityManager, id: string, lock = false) =>
  findRecord(em, WebhookEndpoint, 'WebhookEndpoint', id, { includeDeleted: true, lock });

export function createEndpoint(em: EntityManager, config: Config, actor: Actor, input: CreateWebhookEndpointInput) {
  return inTransaction(em, async (tx) => {
    const check = new InputCheck();
    checkEndpoint(check, config, input, true);
    check.done();
    const secret = newSecret();
    const endpoint = tx.create(WebhookEndpoint, {
      organization: actor.organizationId,
      url: input.url.trim(),
      description: input.description?.trim() ?? '',
      eventTypes: [...new Set<string>(input.eventTypes ?? [])],
      enabled: input.enabled ?? true,
      secretCiphertext: store(config, secret),
    } as never);
    await tx.flush();
    return { endpoint, secret };
  });
}

export function updateEndpoint(em: EntityManager, config: Config, input: UpdateWebhookEndpointInput) {
  return inTransaction(em, async (tx) => {
    const endpoint = await findEndpoint(tx, input.id, true);
    const check = new InputCheck();
    checkEndpoint(check, config, input, false);
    check.done();
    if (input.url != null) endpoint.url = input.url.trim();
    if (input.description != null) endpoint.description = input.description.trim();
    if (input.eventTypes != null) endpoint.eventTypes = [...new Set(input.eventTypes)];
    if (input.enabled != null) {
      // Enabled again by a person: the server's reason and the failure streak are cleared.
      if (input.enabled && !endpoint.enabled) Object.assign(endpoint, { disabledReason: null, failingSince: null });
      endpoint.enabled = input.enabled;
    }
    await tx.flush();
    return endpoint;
  });
}

export function deleteEndpoint(em: EntityManager, id: string) {
  return inTransaction(em, async (tx) => {
    const endpoint = await findEndpoint(tx, id, true);
    const copy = Object.assign(Object.create(Object.getPrototypeOf(endpoint)), endpoint) as WebhookEndpoint;
    tx.remove(endpoint);
    await tx.flush();
    return copy;
  });
}

/** A new secret; the old one keeps signing (both signatures sent) for `overlapMinutes`. */
export function rotateSecret(em: EntityManager, config: Config, actor: Actor, input: { id: string; overlapMinutes?: number | null }) {
  return inTransaction(em, async (tx) => {
    const endpoint = await findEndpoint(tx, input.id, true);
    const overlap = input.overlapMinutes ?? 1440;
    if (!Number.isInteger(overlap) || overlap < 0 || overlap > 10_080)
      throw PayloadError.of(UserErrorCode.INVALID, 'overlapMinutes', 'overlapMinutes must be 0 to 10080 (a week)');
    const secret = newSecret();
    endpoint.previousSecretCiphertext = overlap > 0 ? endpoint.secretCiphertext : null;
    endpoint.previousSecretExpiresAt = overlap > 0 ? new Date(actor.now.getTime() + overlap * 60_000) : null;
    endpoint.secretCiphertext = store(config, secret);
    await tx.flush();
    return { endpoint, secret };
  });
}

/** The record an event is about, as its entity's fields (hidden ones left out); null when it is gone or not a record. */
async function recordOf(em: EntityManager, event: DomainEvent): Promise<Record<string, unknown> | null> {
  const className = Object.entries(RECORD_TYPES).find(([, spec]) => spec.type === event.subjectType)?.[0] ?? event.subjectType;
  const meta = [...em.getMetadata().getAll().values()].find((m) => m.className === className);
  if (!meta?.properties.organization) return null;
  const record = await em.findOne(meta.class as new () => object, { id: event.subjectId } as never);
  return record ? (wrap(record as object).toObject() as Record<string, unknown>) : null;
}

/** The body sent: Standard Webhooks' { type, timestamp, data } with the event and its record. */
async function payloadOf(em: EntityManager, event: DomainEvent) {
  return {
    type: event.type,
    timestamp: event.occurredAt.toISOString(),
    data: {
      eventId: event.id,
      subjectType: event.subjectType,
      subjectId: event.subjectId,
      changes: event.changes,
      data: event.data,
      actorKind: event.actorKind,
      record: await recordOf(em, event),
    },
  };
}

/** The event handler: a delivery (and its task) per enabled endpoint that wants the event's type. */
export async function onEvent(scope: JobScope, event: DomainEvent, features: ReadonlySet<string>) {
  if (!features.has('integrations.webhooks')) return;
  const endpoints = (await scope.em.find(WebhookEndpoint, { enabled: true } as never)).filter(
    (e) => e.eventTypes.length === 0 || e.eventTypes.includes(event.type),
  );
  if (endpoints.length === 0) return;
  const payload = await payloadOf(scope.em, event);
  for (const endpoint of endpoints) {
    const delivery = scope.em.create(WebhookDelivery, {
      organization: scope.organizationId,
      endpoint,
      messageId: event.id,
      eventType: event.type,
      payload,
      nextAttemptAt: scope.now,
    } as never);
    await scope.em.flush();
    await requestTask(scope.em, scope.organizationId, DELIVER_TASK, { deliveryId: delivery.id });
  }
}

/** Queues a ping (webhook.ping) to an endpoint, delivered like an event. */
export function pingEndpoint(em: EntityManager, actor: Actor, id: string) {
  return inTransaction(em, async (tx) => {
    const endpoint = await findEndpoint(tx, id);
    const messageId = randomUUID();
    const delivery = tx.create(WebhookDelivery, {
      organization: actor.organizationId,
      endpoint,
      messageId,
      eventType: PING_TYPE,
      payload: { type: PING_TYPE, timestamp: actor.now.toISOString(), data: { endpointId: endpoint.id } },
      nextAttemptAt: actor.now,
    } as never);
    await tx.flush();
    await requestTask(tx, actor.organizationId, DELIVER_TASK, { deliveryId: delivery.id });
    return delivery;
  });
}

/** Sends a delivery again, now (the same webhook-id; its attempts go on counting). */
export function redeliver(em: EntityManager, actor: Actor, id: string) {
  return inTransaction(em, async (tx) => {
    const delivery = await findRecord(tx, WebhookDelivery, 'WebhookDelivery', id, { includeDeleted: true, lock: true });
    if (delivery.status === WebhookDeliveryStatus.PENDING)
      throw PayloadError.of(UserErrorCode.INVALID_STATE, 'deliveryId', 'This delivery is still being tried');
    delivery.status = WebhookDeliveryStatus.PENDING;
    delivery.nextAttemptAt = actor.now;
    await tx.flush();
    await requestTask(tx, actor.organizationId, DELIVER_TASK, { deliveryId: delivery.id });
    return delivery;
  });
}

/** `Retry-After` as seconds from now (seconds or an HTTP date), or null. */
function retryAfter(value: string | string[] | undefined, now: Date): number | null {
  const raw = Array.isArray(value) ? value[0] : value;
  if (!raw) return null;
  if (/^\d+$/.test(raw.trim())) return Number(raw.trim());
  const at = Date.parse(raw);
  return Number.isNaN(at) ? null : Math.max(0, (at - now.getTime()) / 1000);
}

async function disable(scope: JobScope, endpoint: WebhookEndpoint, reason: string) {
  endpoint.enabled = false;
  endpoint.disabledReason = reason;
  const admins = await scope.em.find(Membership, { role: { $in: [Role.OWNER, Role.ADMIN] } } as never);
  await sendNotifications(
    scope.em,
    scope.now,
    admins.map((m) => ({
      organizationId: scope.organizationId,
      userId: m.user.id,
      kind: NotificationKind.AUTOMATION,
      title: `Webhook endpoint disabled: ${endpoint.url}`,
      body: reason,
      subjectType: 'WebhookEndpoint',
      subjectId: endpoint.id,
      runId: null,
    })),
  );
}

/**
 * The delivery task: one attempt, signed afresh (a new timestamp, every current secret), recorded;
 * then success, the next attempt on the schedule (or at Retry-After), or the end. A 410 disables
 * the endpoint at once; failing for WEBHOOK_DISABLE_AFTER_DAYS disables it too, and its admins are notified.
 */
async function deliver(scope: JobScope, data: Record<string, unknown>) {
  const { em, config, now } = scope;
  const delivery = await em.findOne(WebhookDelivery, { id: String(data.deliveryId ?? '') } as never, { lockMode: LockMode.PESSIMISTIC_WRITE });
  if (!delivery || delivery.status !== WebhookDeliveryStatus.PENDING) return;
  const endpoint = await em.findOneOrFail(WebhookEndpoint, { id: delivery.endpoint.id }, { lockMode: LockMode.PESSIMISTIC_WRITE });
  if (!endpoint.enabled && delivery.eventType !== PING_TYPE) {
    delivery.status = WebhookDeliveryStatus.FAILED;
    delivery.nextAttemptAt = null;
    await em.flush();
    return;
  }
  const secrets = [decryptSecret(config, endpoint.secretCiphertext)];
  if (endpoint.previousSecretCiphertext && endpoint.previousSecretExpiresAt && endpoint.previousSecretExpiresAt > now)
    secrets.push(decryptSecret(config, endpoint.previousSecretCiphertext));
  const body = JSON.stringify(delivery.payload);
  const timestamp = Math.floor(now.getTime() / 1000);
  delivery.attempts += 1;
  const attempt = em.create(WebhookAttempt, { organization: scope.organizationId, delivery, number: delivery.attempts } as never);
  let ok = false;
  let waitSeconds: number | null = null;
  try {
    const response = await safePost(
      endpoint.url,
      body,
      {
        'webhook-id': delivery.messageId,
        'webhook-timestamp': String(timestamp),
        'webhook-signature': sign(secrets, delivery.messageId, timestamp, body),
      },
      { allowHosts: config.webhooks.allowHosts },
    );
    attempt.httpStatus = response.status;
    attempt.latencyMs = response.latencyMs;
    attempt.responseExcerpt = response.body.slice(0, 1000);
    ok = response.status >= 200 && response.status < 300;
    if (!ok)
      attempt.error = response.status >= 300 && response.status < 400 ? `Redirect (${response.status}) not followed` : `HTTP ${response.status}`;
    if (response.status === 410) await disable(scope, endpoint, 'The endpoint answered 410 Gone');
    if (response.status === 429 || response.status === 503) waitSeconds = retryAfter(response.headers['retry-after'], now);
  } catch (error) {
    attempt.error =
      (error instanceof UnsafeAddress ? 'Refused address: ' : '') + (error instanceof Error ? error.message : String(error)).slice(0, 1000);
  }
  if (ok) {
    delivery.status = WebhookDeliveryStatus.SUCCEEDED;
    delivery.nextAttemptAt = null;
    endpoint.failingSince = null;
  } else {
    if (delivery.eventType !== PING_TYPE) endpoint.failingSince ??= now;
    const failingDays = endpoint.failingSince ? (now.getTime() - endpoint.failingSince.getTime()) / 86_400_000 : 0;
    if (endpoint.enabled && failingDays >= config.webhooks.disableAfterDays)
      await disable(scope, endpoint, `Every delivery failed for ${config.webhooks.disableAfterDays} days`);
    const scheduled = RETRY_SCHEDULE[delivery.attempts - 1];
    if (!endpoint.enabled || scheduled === undefined || delivery.eventType === PING_TYPE) {
      delivery.status = WebhookDeliveryStatus.FAILED;
      delivery.nextAttemptAt = null;
    } else {
      const seconds = Math.min(86_400, Math.max(scheduled, waitSeconds ?? 0));
      delivery.nextAttemptAt = new Date(now.getTime() + seconds * 1000);
      await requestTask(em, scope.organizationId, DELIVER_TASK, { deliveryId: delivery.id }, { runAfter: delivery.nextAttemptAt });
    }
  }
  await em.flush();
}

export const webhookTasks: TaskDefinition[] = [
  { key: DELIVER_TASK, description: 'Makes one attempt of a webhook delivery and schedules the next.', run: deliver },
];

/** Deliveries (and their attempts and payloads) are kept WEBHOOK_RETENTION_DAYS. */
export const webhookRetentionSchedule: Schedule = {
  key: 'webhook-retention',
  description: 'Deletes webhook deliveries older than WEBHOOK_RETENTION_DAYS.',
  cron: () => '20 3 * * *',
  async run(scope) {
    const before = new Date(scope.now.getTime() - scope.config.webhooks.retentionDays * 86_400_000);
    await scope.em.nativeDelete(WebhookDelivery, { createdAt: { $lt: before }, status: { $ne: WebhookDeliveryStatus.PENDING } } as never);
  },
};
