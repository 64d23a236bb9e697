import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { UserError } from '../../../shared/user-error.js';
import { WebhookDelivery, WebhookEndpoint } from '../webhook.entity.js';

@InputType({ description: 'A new webhook endpoint.' })
export class CreateWebhookEndpointInput {
  @Field(() => String, { description: 'Where to POST events: https (http only for hosts in WEBHOOK_ALLOW_HOSTS), a public address.' })
  url!: string;
  @Field(() => String, { nullable: true, description: 'What it is for.' })
  description?: string | null;
  @Field(() => [String], { nullable: true, description: 'Event types to send (from the EventType catalogue, e.g. order.confirmed); none: all.' })
  eventTypes?: string[] | null;
  @Field(() => Boolean, { nullable: true, description: 'Whether it receives events (default true).' })
  enabled?: boolean | null;
}

@InputType({ description: 'Changes to a webhook endpoint; omitted fields stay as they are.' })
export class UpdateWebhookEndpointInput {
  @Field(() => ID, { description: 'The endpoint.' })
  id!: string;
  @Field(() => String, { nullable: true, description: 'The URL.' })
  url?: string | null;
  @Field(() => String, { nullable: true, description: 'What it is for.' })
  description?: string | null;
  @Field(() => [String], { nullable: true, description: 'Event types (an empty list: all).' })
  eventTypes?: string[] | null;
  @Field(() => Boolean, { nullable: true, description: 'Enabled (enabling clears a server-side disable).' })
  enabled?: boolean | null;
}

@InputType({ description: 'The endpoint to delete.' })
export class DeleteWebhookEndpointInput {
  @Field(() => ID, { description: 'The endpoint.' })
  id!: string;
}

@InputType({ description: 'The endpoint to ping.' })
export class PingWebhookEndpointInput {
  @Field(() => ID, { description: 'The endpoint.' })
  id!: string;
}

@InputType({ description: 'A new signing secret for an endpoint.' })
export class RotateWebhookSecretInput {
  @Field(() => ID, { description: 'The endpoint.' })
  id!: string;
  @Field(() => Int, { nullable: true, description: 'Minutes the old secret keeps signing beside the new one (0 to 10080; default 1440, a day).' })
  overlapMinutes?: number | null;
}

@InputType({ description: 'A delivery to send again.' })
export class RedeliverWebhookInput {
  @Field(() => ID, { description: 'The delivery.' })
  deliveryId!: string;
}

@ObjectType({ description: 'The result of a webhook endpoint mutation.' })
export class WebhookEndpointPayload {
  @Field(() => WebhookEndpoint, { nullable: true, description: 'The endpoint (null on errors).' })
  endpoint?: WebhookEndpoint | null;
  @Field(() => String, {
    nullable: true,
    description: 'The signing secret (whsec_…), only in the answer of createWebhookEndpoint and rotateWebhookSecret: it is never shown again.',
  })
  secret?: string | null;
  @Field(() => [UserError], { description: 'What was wrong with the input.' })
  errors!: UserError[];
}

@ObjectType({ description: 'The result of a delivery mutation.' })
export class WebhookDeliveryPayload {
  @Field(() => WebhookDelivery, { nullable: true, description: 'The delivery (null on errors).' })
  delivery?: WebhookDelivery | null;
  @Field(() => [UserError], { description: 'What was wrong with the input.' })
  errors!: UserError[];
}
