import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context.js';
import { type Connection, ConnectionArgs, connectionType } from '../../shared/pagination.js';
import { inputArg, toPayload } from '../../shared/user-error.js';
import { IdInput } from '../catalog/dto/catalog-inputs.dto.js';
import { User } from '../core/user.entity.js';
import { Account } from './account.entity.js';
import { Activity, RecordChange } from './activity.entity.js';
import { completeActivity, createActivity, deleteActivity, findActivity, updateActivity } from './activity.service.js';
import { Contact } from './contact.entity.js';
import { CompleteActivityInput, CreateActivityInput, UpdateActivityInput } from './dto/pipeline-inputs.dto.js';
import { type SortOrder } from './dto/customer-filters.dto.js';
import { ActivityPayload } from './dto/customer-payloads.dto.js';
import { Lead } from './lead.entity.js';
import { Opportunity } from './opportunity.entity.js';
import { salesActor } from './customers-context.js';
import { listActivities } from './customer-query.service.js';
import { ActivityFilter, ActivityOrder } from './dto/pipeline-filters.dto.js';

export const ActivityConnection = connectionType(Activity);

@Resolver(() => Activity)
export class ActivityResolver {
  @Query(() => Activity, { description: 'One activity (NOT_FOUND outside the organization).' })
  activity(@Arg('id', () => ID, { description: 'ID of the activity.' }) id: string, @Ctx() ctx: Context): Promise<Activity> {
    return findActivity(ctx.em, id);
  }

  @Query(() => ActivityConnection, { description: 'Activities, newest first unless ordered otherwise (e.g. open tasks by due time).' })
  activities(
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Arg('filter', () => ActivityFilter, { nullable: true, description: 'Which activities.' }) filter: ActivityFilter | null,
    @Arg('orderBy', () => ActivityOrder, { nullable: true, description: 'Sort order.' }) order: SortOrder,
    @Ctx() ctx: Context,
  ): Promise<Connection<Activity>> {
    return listActivities(ctx.em, args, filter, order);
  }

  @Mutation(() => ActivityPayload, {
    nullable: true,
    description: 'Logs an activity against a lead, contact, account or opportunity. Members and above.',
  })
  createActivity(@inputArg(CreateActivityInput) input: CreateActivityInput, @Ctx() ctx: Context): Promise<ActivityPayload> {
    return toPayload(async () => ({ activity: await createActivity(ctx.em, salesActor(ctx), input) }));
  }

  @Mutation(() => ActivityPayload, { nullable: true, description: 'Changes an activity. Members and above.' })
  updateActivity(@inputArg(UpdateActivityInput) input: UpdateActivityInput, @Ctx() ctx: Context): Promise<ActivityPayload> {
    return toPayload(async () => ({ activity: await updateActivity(ctx.em, input) }));
  }

  @Mutation(() => ActivityPayload, { nullable: true, description: 'Marks an activity done (or open again). Members and above.' })
  completeActivity(@inputArg(CompleteActivityInput) input: CompleteActivityInput, @Ctx() ctx: Context): Promise<ActivityPayload> {
    return toPayload(async () => ({ activity: await completeActivity(ctx.em, salesActor(ctx), input) }));
  }

  @Mutation(() => ActivityPayload, { nullable: true, description: 'Deletes an activity. Members and above.' })
  deleteActivity(@inputArg(IdInput) input: IdInput, @Ctx() ctx: Context): Promise<ActivityPayload> {
    return toPayload(async () => ({ activity: await deleteActivity(ctx.em, input.id) }));
  }

  @FieldResolver(() => User, { nullable: true, description: 'Assignee.' })
  owner(@Root() activity: Activity, @Ctx() ctx: Context): Promise<User | null> | null {
    return activity.owner ? ctx.loaders.userById.load(activity.owner.id) : null;
  }

  @FieldResolver(() => User, { nullable: true, description: 'Who logged it.' })
  createdBy(@Root() activity: Activity, @Ctx() ctx: Context): Promise<User | null> | null {
    return activity.createdBy ? ctx.loaders.userById.load(activity.createdBy.id) : null;
  }

  @FieldResolver(() => Lead, { nullable: true, description: 'The lead, when logged against one.' })
  lead(@Root() activity: Activity, @Ctx() ctx: Context): Promise<Lead | null> | null {
    return activity.lead ? ctx.loaders.leadById.load(activity.lead.id) : null;
  }

  @FieldResolver(() => Contact, { nullable: true, description: 'The contact, when logged against one.' })
  contact(@Root() activity: Activity, @Ctx() ctx: Context): Promise<Contact | null> | null {
    return activity.contact ? ctx.loaders.contactById.load(activity.contact.id) : null;
  }

  @FieldResolver(() => Account, { nullable: true, description: 'The account, when logged against one.' })
  account(@Root() activity: Activity, @Ctx() ctx: Context): Promise<Account | null> | null {
    return activity.account ? ctx.loaders.accountById.load(activity.account.id) : null;
  }

  @FieldResolver(() => Opportunity, { nullable: true, description: 'The opportunity, when logged against one.' })
  opportunity(@Root() activity: Activity, @Ctx() ctx: Context): Promise<Opportunity | null> | null {
    return activity.opportunity ? ctx.loaders.opportunityById.load(activity.opportunity.id) : null;
  }
}

@Resolver(() => RecordChange)
export class RecordChangeResolver {
  @FieldResolver(() => User, { nullable: true, description: 'Who made the change.' })
  actor(@Root() change: RecordChange, @Ctx() ctx: Context): Promise<User | null> | null {
    return change.actor ? ctx.loaders.userById.load(change.actor.id) : null;
  }
}
