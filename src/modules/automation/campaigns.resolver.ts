import DataLoader from 'dataloader';
import { Arg, Args, ArgsType, Ctx, Field, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context.js';
import { actorOf } from '../../shared/context-access.js';
import { badUserInput } from '../../shared/errors.js';
import { enumFilter } from '../../shared/filter-inputs.js';
import { isUuid } from '../../shared/ids.js';
import { type Connection, ConnectionArgs, connectionType, paginate } from '../../shared/pagination.js';
import { inputArg, toPayload } from '../../shared/user-error.js';
import { RecipientStatus } from './automation-enums.js';
import { Campaign, CampaignRecipient } from './campaign.entity.js';
import {
  audiencePreview,
  cancelCampaign,
  createCampaign,
  deleteCampaign,
  findCampaign,
  metricsOf,
  sendCampaign,
  updateCampaign,
  type CampaignMetrics,
} from './campaigns.service.js';
import {
  CampaignAudiencePreview,
  CancelCampaignInput,
  DeleteCampaignInput,
  CampaignMetricsView,
  CampaignPayload,
  CreateCampaignInput,
  SendCampaignInput,
  UpdateCampaignInput,
} from './dto/campaign.dto.js';

export const CampaignConnection = connectionType(Campaign);
export const CampaignRecipientConnection = connectionType(CampaignRecipient);
const RecipientStatusFilter = enumFilter(RecipientStatus as unknown as Record<string, string>, 'CampaignRecipientStatus');

@ArgsType()
class CampaignRecipientsArgs extends ConnectionArgs {
  @Field(() => ID, { description: 'The campaign.' })
  campaignId!: string;
  @Field(() => RecipientStatusFilter, { nullable: true, description: 'Only recipients in these states.' })
  status?: InstanceType<typeof RecipientStatusFilter> | null;
}

/** Per request: campaign metrics in one statement for a page of campaigns. */
export const campaignMetricsLoader = (em: Context['em']) =>
  new DataLoader<string, CampaignMetrics>(async (ids) => {
    const metrics = await metricsOf(em, ids);
    return ids.map((id) => metrics.get(id) as CampaignMetrics);
  });

const actor = (ctx: Context) => ({ ...actorOf(ctx), now: ctx.services.clock.now() });

@Resolver(() => Campaign)
export class CampaignResolver {
  @Query(() => CampaignConnection, { description: "The organization's campaigns, newest first. Members; feature automation.campaigns." })
  campaigns(@Args(() => ConnectionArgs) args: ConnectionArgs, @Ctx() ctx: Context): Promise<Connection<Campaign>> {
    return paginate(ctx.em, Campaign, {}, args, { createdAt: 'desc', id: 'desc' });
  }

  @Query(() => Campaign, { description: 'One campaign (NOT_FOUND outside the organization). Members; feature automation.campaigns.' })
  campaign(@Arg('id', () => ID, { description: 'ID of the campaign.' }) id: string, @Ctx() ctx: Context): Promise<Campaign> {
    return findCampaign(ctx.em, id);
  }

  @Query(() => CampaignRecipientConnection, {
    description: "A campaign's recipients and what became of each. Members; feature automation.campaigns.",
  })
  async campaignRecipients(
    @Args(() => CampaignRecipientsArgs) args: CampaignRecipientsArgs,
    @Ctx() ctx: Context,
  ): Promise<Connection<CampaignRecipient>> {
    if (!isUuid(args.campaignId)) throw badUserInput('campaignId', `campaignId: "${args.campaignId}" is not an ID`);
    const campaign = await findCampaign(ctx.em, args.campaignId);
    const where: Record<string, unknown> = { campaign: campaign.id };
    if (args.status?.eq) where.status = args.status.eq;
    if (args.status?.in) where.status = { $in: args.status.in };
    return paginate(ctx.em, CampaignRecipient, where as never, args, { id: 'asc' });
  }

  @FieldResolver(() => CampaignMetricsView, { description: 'Recipients by what became of them.' })
  metrics(@Root() campaign: Campaign, @Ctx() ctx: Context): Promise<CampaignMetrics> {
    return ctx.loaders.campaignMetrics.load(campaign.id);
  }

  @FieldResolver(() => CampaignAudiencePreview, {
    description: 'Who it would go to if it started now (count and the first 10): ask it of one campaign at a time.',
  })
  audiencePreview(@Root() campaign: Campaign, @Ctx() ctx: Context) {
    return audiencePreview(ctx.em, campaign);
  }

  @Mutation(() => CampaignPayload, { nullable: true, description: 'Creates a draft campaign. Members; feature automation.campaigns.' })
  createCampaign(@inputArg(CreateCampaignInput) input: CreateCampaignInput, @Ctx() ctx: Context) {
    return toPayload(async () => ({ campaign: await createCampaign(ctx.em, actor(ctx), input) }));
  }

  @Mutation(() => CampaignPayload, { nullable: true, description: 'Changes a draft campaign. Members; feature automation.campaigns.' })
  updateCampaign(@inputArg(UpdateCampaignInput) input: UpdateCampaignInput, @Ctx() ctx: Context) {
    return toPayload(async () => ({ campaign: await updateCampaign(ctx.em, actor(ctx), input) }));
  }

  @Mutation(() => CampaignPayload, {
    nullable: true,
    description:
      'Sends a campaign now or at a time: its audience is fixed when it starts, then it goes out in batches at CAMPAIGN_RATE_PER_MINUTE. Needs SMTP_URL and PUBLIC_URL. Members; feature automation.campaigns.',
  })
  sendCampaign(@inputArg(SendCampaignInput) input: SendCampaignInput, @Ctx() ctx: Context) {
    return toPayload(async () => ({ campaign: await sendCampaign(ctx.em, ctx.services.config, actor(ctx), input) }));
  }

  @Mutation(() => CampaignPayload, {
    nullable: true,
    description: 'Stops a scheduled or sending campaign; recipients not yet sent to are skipped. Members; feature automation.campaigns.',
  })
  cancelCampaign(@inputArg(CancelCampaignInput) input: CancelCampaignInput, @Ctx() ctx: Context) {
    return toPayload(async () => ({ campaign: await cancelCampaign(ctx.em, actor(ctx), input.id) }));
  }

  @Mutation(() => CampaignPayload, {
    nullable: true,
    description: 'Deletes a campaign that is not scheduled or sending, with its recipients. Members; feature automation.campaigns.',
  })
  deleteCampaign(@inputArg(DeleteCampaignInput) input: DeleteCampaignInput, @Ctx() ctx: Context) {
    return toPayload(async () => ({ campaign: await deleteCampaign(ctx.em, input.id) }));
  }
}
