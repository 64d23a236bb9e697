import { Arg, Args, ArgsType, Ctx, Field, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context.js';
import { actorOf } from '../../shared/context-access.js';
import { badUserInput } from '../../shared/errors.js';
import { enumFilter } from '../../shared/filter-inputs.js';
import { isUuid } from '../../shared/ids.js';
import { type Connection, ConnectionArgs, connectionType, paginate } from '../../shared/pagination.js';
import { inputArg, toPayload } from '../../shared/user-error.js';
import {
  CreateWebhookEndpointInput,
  RedeliverWebhookInput,
  RotateWebhookSecretInput,
  UpdateWebhookEndpointInput,
  WebhookDeliveryPayload,
  DeleteWebhookEndpointInput,
  PingWebhookEndpointInput,
  WebhookEndpointPayload,
} from './dto/webhook.dto.js';
import { WebhookAttempt, WebhookDelivery, WebhookDeliveryStatus, WebhookEndpoint } from './webhook.entity.js';
import { createEndpoint, deleteEndpoint, findEndpoint, pingEndpoint, redeliver, rotateSecret, updateEndpoint } from './webhooks.service.js';

export const WebhookEndpointConnection = connectionType(WebhookEndpoint);
export const WebhookDeliveryConnection = connectionType(WebhookDelivery);
const DeliveryStatusFilter = enumFilter(WebhookDeliveryStatus as unknown as Record<string, string>, 'WebhookDeliveryStatus');

@ArgsType()
class WebhookDeliveriesArgs extends ConnectionArgs {
  @Field(() => ID, { nullable: true, description: 'Only deliveries to this endpoint.' })
  endpointId?: string | null;
  @Field(() => DeliveryStatusFilter, { nullable: true, description: 'Only deliveries in these states.' })
  status?: InstanceType<typeof DeliveryStatusFilter> | null;
}

const actor = (ctx: Context) => ({ ...actorOf(ctx), now: ctx.services.clock.now() });

@Resolver(() => WebhookEndpoint)
export class WebhookEndpointResolver {
  @Query(() => WebhookEndpointConnection, {
    description: "The organization's webhook endpoints, newest first. Owners and admins; feature integrations.webhooks.",
  })
  webhookEndpoints(@Args(() => ConnectionArgs) args: ConnectionArgs, @Ctx() ctx: Context): Promise<Connection<WebhookEndpoint>> {
    return paginate(ctx.em, WebhookEndpoint, {}, args, { createdAt: 'desc', id: 'desc' });
  }

  @Query(() => WebhookEndpoint, {
    description: 'One endpoint (NOT_FOUND outside the organization). Owners and admins; feature integrations.webhooks.',
  })
  webhookEndpoint(@Arg('id', () => ID, { description: 'ID of the endpoint.' }) id: string, @Ctx() ctx: Context): Promise<WebhookEndpoint> {
    return findEndpoint(ctx.em, id);
  }

  @Query(() => WebhookDeliveryConnection, {
    description: 'Deliveries, newest first, each with its attempts (kept WEBHOOK_RETENTION_DAYS). Owners and admins; feature integrations.webhooks.',
  })
  webhookDeliveries(@Args(() => WebhookDeliveriesArgs) args: WebhookDeliveriesArgs, @Ctx() ctx: Context): Promise<Connection<WebhookDelivery>> {
    const where: Record<string, unknown> = {};
    if (args.endpointId != null) {
      if (!isUuid(args.endpointId)) throw badUserInput('endpointId', `endpointId: "${args.endpointId}" is not an ID`);
      where.endpoint = args.endpointId.toLowerCase();
    }
    if (args.status?.eq) where.status = args.status.eq;
    if (args.status?.in) where.status = { $in: args.status.in };
    return paginate(ctx.em, WebhookDelivery, where as never, args, { createdAt: 'desc', id: 'desc' });
  }

  @Mutation(() => WebhookEndpointPayload, {
    nullable: true,
    description: 'Creates an endpoint; the answer holds its signing secret, shown this once. Owners and admins; feature integrations.webhooks.',
  })
  createWebhookEndpoint(@inputArg(CreateWebhookEndpointInput) input: CreateWebhookEndpointInput, @Ctx() ctx: Context) {
    return toPayload(async () => createEndpoint(ctx.em, ctx.services.config, actor(ctx), input));
  }

  @Mutation(() => WebhookEndpointPayload, { nullable: true, description: 'Changes an endpoint. Owners and admins; feature integrations.webhooks.' })
  updateWebhookEndpoint(@inputArg(UpdateWebhookEndpointInput) input: UpdateWebhookEndpointInput, @Ctx() ctx: Context) {
    return toPayload(async () => ({ endpoint: await updateEndpoint(ctx.em, ctx.services.config, input) }));
  }

  @Mutation(() => WebhookEndpointPayload, {
    nullable: true,
    description: 'Deletes an endpoint and its deliveries. Owners and admins; feature integrations.webhooks.',
  })
  deleteWebhookEndpoint(@inputArg(DeleteWebhookEndpointInput) input: DeleteWebhookEndpointInput, @Ctx() ctx: Context) {
    return toPayload(async () => ({ endpoint: await deleteEndpoint(ctx.em, input.id) }));
  }

  @Mutation(() => WebhookEndpointPayload, {
    nullable: true,
    description:
      'A new signing secret (in the answer, once); the old one keeps signing beside it for overlapMinutes. Owners and admins; feature integrations.webhooks.',
  })
  rotateWebhookSecret(@inputArg(RotateWebhookSecretInput) input: RotateWebhookSecretInput, @Ctx() ctx: Context) {
    return toPayload(async () => rotateSecret(ctx.em, ctx.services.config, actor(ctx), input));
  }

  @Mutation(() => WebhookDeliveryPayload, {
    nullable: true,
    description: 'Sends a webhook.ping to the endpoint (one attempt; see the delivery). Owners and admins; feature integrations.webhooks.',
  })
  pingWebhookEndpoint(@inputArg(PingWebhookEndpointInput) input: PingWebhookEndpointInput, @Ctx() ctx: Context) {
    return toPayload(async () => ({ delivery: await pingEndpoint(ctx.em, actor(ctx), input.id) }));
  }

  @Mutation(() => WebhookDeliveryPayload, {
    nullable: true,
    description: 'Sends a finished delivery again now, with the same webhook-id. Owners and admins; feature integrations.webhooks.',
  })
  redeliverWebhook(@inputArg(RedeliverWebhookInput) input: RedeliverWebhookInput, @Ctx() ctx: Context) {
    return toPayload(async () => ({ delivery: await redeliver(ctx.em, actor(ctx), input.deliveryId) }));
  }
}

@Resolver(() => WebhookDelivery)
export class WebhookDeliveryResolver {
  @FieldResolver(() => ID, { description: 'The endpoint.' })
  endpointId(@Root() delivery: WebhookDelivery): string {
    return delivery.endpoint.id;
  }

  @FieldResolver(() => [WebhookAttempt], { description: 'Every attempt, first first.' })
  attemptLog(@Root() delivery: WebhookDelivery, @Ctx() ctx: Context): Promise<WebhookAttempt[]> {
    return ctx.loaders.webhookAttemptsByDeliveryId.load(delivery.id);
  }
}
