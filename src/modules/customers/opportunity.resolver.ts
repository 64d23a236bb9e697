import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Ctx, FieldResolver, ID, Info, Mutation, Query, Resolver, Root } from 'type-graphql';
import { joinsFor, related, selectedFields } from '../../shared/lookahead.js';
import type { Context } from '../../context.js';
import { type Connection, ConnectionArgs, connectionType } from '../../shared/pagination.js';
import { inputArg, toPayload } from '../../shared/user-error.js';
import { IdInput } from '../catalog/dto/catalog-inputs.dto.js';
import { ProductVariant } from '../catalog/product-variant.entity.js';
import { User } from '../core/user.entity.js';
import { Account } from './account.entity.js';
import { Contact } from './contact.entity.js';
import { setDeleted } from './customer.service.js';
import {
  CreateOpportunityInput,
  RemoveOpportunityContactRoleInput,
  SetOpportunityContactRoleInput,
  UpdateOpportunityInput,
} from './dto/pipeline-inputs.dto.js';
import { type SortOrder } from './dto/customer-filters.dto.js';
import { OpportunityPayload, type TimelineEntry, TimelineArgs, TimelineEntryConnection } from './dto/customer-payloads.dto.js';
import { Opportunity, OpportunityContactRole, OpportunityLine, OpportunityStageChange } from './opportunity.entity.js';
import {
  createOpportunity,
  findOpportunity,
  removeOpportunityContactRole,
  setOpportunityContactRole,
  updateOpportunity,
} from './opportunity.service.js';
import { Pipeline, PipelineStage } from './pipeline.entity.js';
import { salesActor, timelineOf } from './customers-context.js';
import { SubjectType } from './customers-enums.js';
import { listOpportunities } from './customer-query.service.js';
import { OpportunityFilter, OpportunityOrder } from './dto/pipeline-filters.dto.js';

export const OpportunityConnection = connectionType(Opportunity);

/** GraphQL fields of an opportunity → the relations a page joins when they are selected. */
const OPPORTUNITY_JOINS = { account: 'account', owner: 'owner', stage: 'stage', pipeline: 'pipeline', primaryContact: 'primaryContact' };

@Resolver(() => Opportunity)
export class OpportunityResolver {
  @Query(() => Opportunity, { description: 'One opportunity (NOT_FOUND outside the organization).' })
  opportunity(@Arg('id', () => ID, { description: 'ID of the opportunity.' }) id: string, @Ctx() ctx: Context): Promise<Opportunity> {
    return findOpportunity(ctx.em, id, true);
  }

  @Query(() => OpportunityConnection, {
    description: 'Opportunities, newest first unless ordered otherwise; filter by account fields in one hop (e.g. account industry).',
  })
  opportunities(
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Arg('filter', () => OpportunityFilter, { nullable: true, description: 'Which opportunities.' }) filter: OpportunityFilter | null,
    @Arg('orderBy', () => OpportunityOrder, { nullable: true, description: 'Sort order.' }) order: SortOrder,
    @Arg('includeDeleted', () => Boolean, { defaultValue: false, description: 'Also list soft-deleted opportunities.' }) includeDeleted: boolean,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ): Promise<Connection<Opportunity>> {
    return listOpportunities(ctx.em, args, filter, order, includeDeleted, joinsFor(selectedFields(info, ['edges', 'node']), OPPORTUNITY_JOINS));
  }

  @Mutation(() => OpportunityPayload, {
    nullable: true,
    description: "Opens an opportunity (default pipeline and its first stage unless named; the stage's probability unless given). Members and above.",
  })
  createOpportunity(@inputArg(CreateOpportunityInput) input: CreateOpportunityInput, @Ctx() ctx: Context): Promise<OpportunityPayload> {
    return toPayload(async () => ({ opportunity: await createOpportunity(ctx.em, salesActor(ctx), input) }));
  }

  @Mutation(() => OpportunityPayload, {
    nullable: true,
    description: 'Changes an opportunity; a stage change is recorded in stageHistory and on the timeline. Members and above.',
  })
  updateOpportunity(@inputArg(UpdateOpportunityInput) input: UpdateOpportunityInput, @Ctx() ctx: Context): Promise<OpportunityPayload> {
    return toPayload(async () => ({ opportunity: await updateOpportunity(ctx.em, salesActor(ctx), input) }));
  }

  @Mutation(() => OpportunityPayload, {
    nullable: true,
    description: 'Soft-deletes an opportunity (restoreOpportunity undoes it). Members and above.',
  })
  deleteOpportunity(@inputArg(IdInput) input: IdInput, @Ctx() ctx: Context): Promise<OpportunityPayload> {
    return toPayload(async () => ({
      opportunity: await setDeleted(ctx.em, salesActor(ctx), Opportunity, SubjectType.OPPORTUNITY, 'Opportunity', input.id, true),
    }));
  }

  @Mutation(() => OpportunityPayload, { nullable: true, description: 'Restores a soft-deleted opportunity. Members and above.' })
  restoreOpportunity(@inputArg(IdInput) input: IdInput, @Ctx() ctx: Context): Promise<OpportunityPayload> {
    return toPayload(async () => ({
      opportunity: await setDeleted(ctx.em, salesActor(ctx), Opportunity, SubjectType.OPPORTUNITY, 'Opportunity', input.id, false),
    }));
  }

  @Mutation(() => OpportunityPayload, {
    nullable: true,
    description: "Adds a contact to an opportunity with a role, or changes the contact's role. Members and above.",
  })
  setOpportunityContactRole(
    @inputArg(SetOpportunityContactRoleInput) input: SetOpportunityContactRoleInput,
    @Ctx() ctx: Context,
  ): Promise<OpportunityPayload> {
    return toPayload(async () => ({ opportunity: await setOpportunityContactRole(ctx.em, salesActor(ctx), input) }));
  }

  @Mutation(() => OpportunityPayload, { nullable: true, description: 'Removes a contact from an opportunity. Members and above.' })
  removeOpportunityContactRole(
    @inputArg(RemoveOpportunityContactRoleInput) input: RemoveOpportunityContactRoleInput,
    @Ctx() ctx: Context,
  ): Promise<OpportunityPayload> {
    return toPayload(async () => ({ opportunity: await removeOpportunityContactRole(ctx.em, input) }));
  }

  @FieldResolver(() => Account, { description: 'The account.' })
  async account(@Root() opportunity: Opportunity, @Ctx() ctx: Context): Promise<Account> {
    return (await related(opportunity.account, ctx.loaders.accountById))!;
  }

  @FieldResolver(() => Contact, { nullable: true, description: 'Primary contact.' })
  primaryContact(@Root() opportunity: Opportunity, @Ctx() ctx: Context): Contact | Promise<Contact | null> | null {
    return related(opportunity.primaryContact, ctx.loaders.contactById);
  }

  @FieldResolver(() => User, { nullable: true, description: 'Owner.' })
  owner(@Root() opportunity: Opportunity, @Ctx() ctx: Context): User | Promise<User | null> | null {
    return related(opportunity.owner, ctx.loaders.userById);
  }

  @FieldResolver(() => Pipeline, { description: 'The pipeline.' })
  async pipeline(@Root() opportunity: Opportunity, @Ctx() ctx: Context): Promise<Pipeline> {
    return (await related(opportunity.pipeline, ctx.loaders.pipelineById))!;
  }

  @FieldResolver(() => PipelineStage, { description: 'Current stage.' })
  async stage(@Root() opportunity: Opportunity, @Ctx() ctx: Context): Promise<PipelineStage> {
    return (await related(opportunity.stage, ctx.loaders.stageById))!;
  }

  @FieldResolver(() => [OpportunityLine], { description: 'Products of interest.' })
  lines(@Root() opportunity: Opportunity, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo): Promise<OpportunityLine[]> {
    const loader = selectedFields(info).has('variant')
      ? ctx.loaders.opportunityLinesWithVariantByOpportunityId
      : ctx.loaders.opportunityLinesByOpportunityId;
    return loader.load(opportunity.id);
  }

  @FieldResolver(() => [OpportunityContactRole], { description: 'Contacts involved and their roles.' })
  contactRoles(@Root() opportunity: Opportunity, @Ctx() ctx: Context): Promise<OpportunityContactRole[]> {
    return ctx.loaders.contactRolesByOpportunityId.load(opportunity.id);
  }

  @FieldResolver(() => [OpportunityStageChange], { description: 'Every stage it entered, oldest first (the first has no fromStage).' })
  stageHistory(@Root() opportunity: Opportunity, @Ctx() ctx: Context): Promise<OpportunityStageChange[]> {
    return ctx.loaders.stageChangesByOpportunityId.load(opportunity.id);
  }

  @FieldResolver(() => TimelineEntryConnection, {
    description: "The opportunity's activities and changes (stage moves included), newest first (a Relay connection).",
  })
  timeline(@Root() opportunity: Opportunity, @Args(() => TimelineArgs) args: TimelineArgs, @Ctx() ctx: Context): Promise<Connection<TimelineEntry>> {
    return timelineOf(ctx, opportunity.id, args);
  }
}

@Resolver(() => OpportunityLine)
export class OpportunityLineResolver {
  @FieldResolver(() => ProductVariant, { nullable: true, description: 'The variant (null if it was deleted since).' })
  variant(@Root() line: OpportunityLine, @Ctx() ctx: Context): ProductVariant | null | Promise<ProductVariant | null> {
    return related(line.variant, ctx.loaders.variantById);
  }
}

@Resolver(() => OpportunityContactRole)
export class OpportunityContactRoleResolver {
  @FieldResolver(() => Contact, { description: 'The contact.' })
  async contact(@Root() role: OpportunityContactRole, @Ctx() ctx: Context): Promise<Contact> {
    return (await ctx.loaders.contactById.load(role.contact.id))!;
  }
}

@Resolver(() => OpportunityStageChange)
export class OpportunityStageChangeResolver {
  @FieldResolver(() => PipelineStage, { nullable: true, description: 'Stage it left (null when it was created).' })
  fromStage(@Root() change: OpportunityStageChange, @Ctx() ctx: Context): Promise<PipelineStage | null> | null {
    return change.fromStage ? ctx.loaders.stageById.load(change.fromStage.id) : null;
  }

  @FieldResolver(() => PipelineStage, { description: 'Stage it entered.' })
  async toStage(@Root() change: OpportunityStageChange, @Ctx() ctx: Context): Promise<PipelineStage> {
    return (await ctx.loaders.stageById.load(change.toStage.id))!;
  }

  @FieldResolver(() => User, { nullable: true, description: 'Who moved it.' })
  changedBy(@Root() change: OpportunityStageChange, @Ctx() ctx: Context): Promise<User | null> | null {
    return change.changedBy ? ctx.loaders.userById.load(change.changedBy.id) : null;
  }
}
