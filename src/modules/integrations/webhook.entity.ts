import type { Opt, Ref } from '@mikro-orm/core';
import { Entity, Enum, Index, ManyToOne, Property } from '@mikro-orm/decorators/legacy';
import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Node } from '../../shared/node.type.js';
import { TenantEntity } from '../../shared/tenant.entity.js';

export enum WebhookDeliveryStatus {
  PENDING = 'pending',
  SUCCEEDED = 'succeeded',
  FAILED = 'failed',
}
registerEnumType(WebhookDeliveryStatus, {
  name: 'WebhookDeliveryStatus',
  description: 'Where a delivery stands.',
  valuesConfig: {
    PENDING: { description: 'Not delivered yet: the next attempt is at nextAttemptAt.' },
    SUCCEEDED: { description: 'The endpoint answered 2xx.' },
    FAILED: { description: 'Every retry failed, or the endpoint was disabled (410, or failing for days).' },
  },
});

/** A URL of the organization's that receives its domain events, signed per the Standard Webhooks spec (integrations.webhooks). */
@Entity({ tableName: 'webhook_endpoints' })
@Index({ properties: ['organization', 'createdAt', 'id'] })
@ObjectType({
  implements: Node,
  description: "A URL that receives the organization's events, signed per Standard Webhooks (feature integrations.webhooks; owners and admins).",
})
export class WebhookEndpoint extends TenantEntity {
  @Field(() => ID, { description: 'UUID of the endpoint.' })
  declare id: string;

  @Field(() => Date, { description: 'When it was created (UTC).' })
  declare createdAt: Opt<Date>;

  @Property({ type: 'text' })
  @Field(() => String, { description: 'Where events are POSTed (https).' })
  url!: string;

  @Property({ type: 'text', default: '' })
  @Field(() => String, { description: 'What it is for.' })
  description: Opt<string> = '';

  @Property({ type: 'json', default: '[]' })
  @Field(() => [String], { description: 'The event types it receives (empty: all).' })
  eventTypes: Opt<string[]> = [];

  @Property({ type: 'boolean', default: true })
  @Field(() => Boolean, { description: 'Whether it receives events.' })
  enabled: Opt<boolean> = true;

  /** The signing secret (`whsec_…`), encrypted (integrations/secrets.ts). */
  @Property({ type: 'text', hidden: true })
  secretCiphertext!: string;

  /** The secret before the last rotation, still signing until `previousSecretExpiresAt`. */
  @Property({ type: 'text', nullable: true, hidden: true })
  previousSecretCiphertext: string | null = null;

  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  @Field(() => Date, { nullable: true, description: 'Until when the secret before the last rotation also signs (UTC).' })
  previousSecretExpiresAt: Date | null = null;

  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  @Field(() => Date, { nullable: true, description: 'Since when deliveries have failed without a success in between (UTC).' })
  failingSince: Date | null = null;

  @Property({ type: 'text', nullable: true })
  @Field(() => String, { nullable: true, description: 'Why it was disabled by the server (410 Gone, failing for days).' })
  disabledReason: string | null = null;
}

/** One event (or ping) for one endpoint: every attempt, the result, the next attempt. */
@Entity({ tableName: 'webhook_deliveries' })
@Index({ properties: ['organization', 'endpoint', 'createdAt', 'id'] })
@Index({ properties: ['organization', 'createdAt'] })
@ObjectType({ implements: Node, description: 'One event sent (or being sent) to one webhook endpoint, with its attempts.' })
export class WebhookDelivery extends TenantEntity {
  @Field(() => ID, { description: 'UUID of the delivery.' })
  declare id: string;

  @Field(() => Date, { description: 'When it was created (UTC).' })
  declare createdAt: Opt<Date>;

  @ManyToOne({ entity: () => WebhookEndpoint, ref: true, deleteRule: 'cascade' })
  endpoint!: Ref<WebhookEndpoint>;

  /** The `webhook-id` header: the event's ID (stable across retries and redeliveries). */
  @Property({ type: 'text' })
  @Field(() => String, { description: 'The webhook-id header: the event ID, the same on every attempt (receivers deduplicate by it).' })
  messageId!: string;

  @Property({ type: 'text' })
  @Field(() => String, { description: 'The event type (webhook.ping for pings).' })
  eventType!: string;

  @Property({ type: 'json' })
  payload!: Record<string, unknown>;

  @Enum({ items: () => WebhookDeliveryStatus, nativeEnumName: 'webhook_delivery_status', default: WebhookDeliveryStatus.PENDING })
  @Field(() => WebhookDeliveryStatus, { description: 'Where it stands.' })
  status: Opt<WebhookDeliveryStatus> = WebhookDeliveryStatus.PENDING;

  @Property({ type: 'integer', default: 0 })
  @Field(() => Int, { description: 'How many attempts were made.' })
  attempts: Opt<number> = 0;

  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  @Field(() => Date, { nullable: true, description: 'When the next attempt is due (UTC); null when none is.' })
  nextAttemptAt: Date | null = null;
}

/** One HTTP attempt of a delivery. */
@Entity({ tableName: 'webhook_attempts' })
@Index({ properties: ['organization', 'delivery', 'number'] })
@ObjectType({ description: 'One HTTP attempt of a webhook delivery.' })
export class WebhookAttempt extends TenantEntity {
  @ManyToOne({ entity: () => WebhookDelivery, ref: true, deleteRule: 'cascade' })
  delivery!: Ref<WebhookDelivery>;

  @Property({ type: 'integer' })
  @Field(() => Int, { description: '1 for the first attempt.' })
  number!: number;

  @Field(() => Date, { description: 'When it was made (UTC).' })
  declare createdAt: Opt<Date>;

  @Property({ type: 'integer', nullable: true })
  @Field(() => Int, { nullable: true, description: 'The HTTP status answered (null: no answer).' })
  httpStatus: number | null = null;

  @Property({ type: 'integer', nullable: true })
  @Field(() => Int, { nullable: true, description: 'How long the answer took, in milliseconds.' })
  latencyMs: number | null = null;

  @Property({ type: 'text', nullable: true })
  @Field(() => String, { nullable: true, description: 'The first 1,000 characters of the answer.' })
  responseExcerpt: string | null = null;

  @Property({ type: 'text', nullable: true })
  @Field(() => String, { nullable: true, description: 'Why it failed (refused address, timeout, status).' })
  error: string | null = null;
}
