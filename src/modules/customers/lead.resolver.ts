import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context.js';
import { type Connection, ConnectionArgs, connectionType } from '../../shared/pagination.js';
import { inputArg, toPayload } from '../../shared/user-error.js';
import { IdInput } from '../catalog/dto/catalog-inputs.dto.js';
import { User } from '../core/user.entity.js';
import { Account } from './account.entity.js';
import { Contact } from './contact.entity.js';
import { setDeleted } from './customer.service.js';
import { findRecord } from '../../shared/find-record.js';
import { ConvertLeadInput, CreateLeadInput, UpdateLeadInput } from './dto/customer-inputs.dto.js';
import { LeadFilter, LeadOrder, type SortOrder } from './dto/customer-filters.dto.js';
import { ConvertLeadPayload, LeadPayload, type TimelineEntry, TimelineArgs, TimelineEntryConnection } from './dto/customer-payloads.dto.js';
import { Lead } from './lead.entity.js';
import { convertLead, createLead, updateLead } from './lead.service.js';
import { Opportunity } from './opportunity.entity.js';
import { salesActor, timelineOf } from './customers-context.js';
import { SubjectType } from './customers-enums.js';
import { listLeads } from './customer-query.service.js';

export const LeadConnection = connectionType(Lead);

@Resolver(() => Lead)
export class LeadResolver {
  @Query(() => Lead, { description: 'One lead (NOT_FOUND outside the organization).' })
  lead(@Arg('id', () => ID, { description: 'ID of the lead.' }) id: string, @Ctx() ctx: Context): Promise<Lead> {
    return findRecord(ctx.em, Lead, 'Lead', id, { includeDeleted: true });
  }

  @Query(() => LeadConnection, { description: 'Leads, newest first unless ordered otherwise.' })
  leads(
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Arg('filter', () => LeadFilter, { nullable: true, description: 'Which leads.' }) filter: LeadFilter | null,
    @Arg('orderBy', () => LeadOrder, { nullable: true, description: 'Sort order.' }) order: SortOrder,
    @Arg('includeDeleted', () => Boolean, { defaultValue: false, description: 'Also list soft-deleted leads.' }) includeDeleted: boolean,
    @Ctx() ctx: Context,
  ): Promise<Connection<Lead>> {
    return listLeads(ctx.em, args, filter, order, includeDeleted);
  }

  @Mutation(() => LeadPayload, { nullable: true, description: 'Creates a lead (owned by you unless ownerId says otherwise). Members and above.' })
  createLead(@inputArg(CreateLeadInput) input: CreateLeadInput, @Ctx() ctx: Context): Promise<LeadPayload> {
    return toPayload(async () => ({ lead: await createLead(ctx.em, salesActor(ctx), input) }));
  }

  @Mutation(() => LeadPayload, { nullable: true, description: 'Changes a lead that is not converted (recorded on its timeline). Members and above.' })
  updateLead(@inputArg(UpdateLeadInput) input: UpdateLeadInput, @Ctx() ctx: Context): Promise<LeadPayload> {
    return toPayload(async () => ({ lead: await updateLead(ctx.em, salesActor(ctx), input) }));
  }

  @Mutation(() => LeadPayload, { nullable: true, description: 'Soft-deletes a lead (restoreLead undoes it). Members and above.' })
  deleteLead(@inputArg(IdInput) input: IdInput, @Ctx() ctx: Context): Promise<LeadPayload> {
    return toPayload(async () => ({ lead: await setDeleted(ctx.em, salesActor(ctx), Lead, SubjectType.LEAD, 'Lead', input.id, true) }));
  }

  @Mutation(() => LeadPayload, { nullable: true, description: 'Restores a soft-deleted lead. Members and above.' })
  restoreLead(@inputArg(IdInput) input: IdInput, @Ctx() ctx: Context): Promise<LeadPayload> {
    return toPayload(async () => ({ lead: await setDeleted(ctx.em, salesActor(ctx), Lead, SubjectType.LEAD, 'Lead', input.id, false) }));
  }

  @Mutation(() => ConvertLeadPayload, {
    nullable: true,
    description:
      'Converts a lead: creates (or links) its account and contact, optionally opens an opportunity, and marks it CONVERTED, all or nothing. Converting again fails with INVALID_STATE. Members and above.',
  })
  convertLead(@inputArg(ConvertLeadInput) input: ConvertLeadInput, @Ctx() ctx: Context): Promise<ConvertLeadPayload> {
    return toPayload(() => convertLead(ctx.em, salesActor(ctx), input));
  }

  @FieldResolver(() => User, { nullable: true, description: 'Owner.' })
  owner(@Root() lead: Lead, @Ctx() ctx: Context): Promise<User | null> | null {
    return lead.owner ? ctx.loaders.userById.load(lead.owner.id) : null;
  }

  @FieldResolver(() => Account, { nullable: true, description: 'The account it was converted into.' })
  convertedAccount(@Root() lead: Lead, @Ctx() ctx: Context): Promise<Account | null> | null {
    return lead.convertedAccount ? ctx.loaders.accountById.load(lead.convertedAccount.id) : null;
  }

  @FieldResolver(() => Contact, { nullable: true, description: 'The contact it was converted into.' })
  convertedContact(@Root() lead: Lead, @Ctx() ctx: Context): Promise<Contact | null> | null {
    return lead.convertedContact ? ctx.loaders.contactById.load(lead.convertedContact.id) : null;
  }

  @FieldResolver(() => Opportunity, { nullable: true, description: 'The opportunity opened when it was converted.' })
  convertedOpportunity(@Root() lead: Lead, @Ctx() ctx: Context): Promise<Opportunity | null> | null {
    return lead.convertedOpportunity ? ctx.loaders.opportunityById.load(lead.convertedOpportunity.id) : null;
  }

  @FieldResolver(() => TimelineEntryConnection, { description: "The lead's activities and changes, newest first (a Relay connection)." })
  timeline(@Root() lead: Lead, @Args(() => TimelineArgs) args: TimelineArgs, @Ctx() ctx: Context): Promise<Connection<TimelineEntry>> {
    return timelineOf(ctx, lead.id, args);
  }
}
