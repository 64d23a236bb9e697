import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context.js';
import { User } from '../core/user.entity.js';
import { type Connection, ConnectionArgs, connectionType } from '../../shared/pagination.js';
import { inputArg, toPayload } from '../../shared/user-error.js';
import { IdInput } from '../catalog/dto/catalog-inputs.dto.js';
import { Account } from './account.entity.js';
import { Contact } from './contact.entity.js';
import { createAccount, createContact, setDeleted, updateAccount, updateContact } from './customer.service.js';
import { findRecord } from '../../shared/find-record.js';
import { CreateAccountInput, CreateContactInput, UpdateAccountInput, UpdateContactInput } from './dto/customer-inputs.dto.js';
import { AccountFilter, AccountOrder, ContactFilter, ContactOrder, type SortOrder } from './dto/customer-filters.dto.js';
import { AccountPayload, ContactPayload, type TimelineEntry, TimelineArgs, TimelineEntryConnection } from './dto/customer-payloads.dto.js';
import { Opportunity } from './opportunity.entity.js';
import { salesActor, timelineOf } from './customers-context.js';
import { SubjectType } from './customers-enums.js';
import { listAccounts, listContacts } from './customer-query.service.js';

export const AccountConnection = connectionType(Account);
export const ContactConnection = connectionType(Contact);

const includeDeletedArg = () => Arg('includeDeleted', () => Boolean, { defaultValue: false, description: 'Also list soft-deleted records.' });

@Resolver(() => Account)
export class AccountResolver {
  @Query(() => Account, { description: 'One account (NOT_FOUND outside the organization).' })
  account(@Arg('id', () => ID, { description: 'ID of the account.' }) id: string, @Ctx() ctx: Context): Promise<Account> {
    return findRecord(ctx.em, Account, 'Account', id, { includeDeleted: true });
  }

  @Query(() => AccountConnection, { description: 'Accounts, by name unless ordered otherwise.' })
  accounts(
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Arg('filter', () => AccountFilter, { nullable: true, description: 'Which accounts.' }) filter: AccountFilter | null,
    @Arg('orderBy', () => AccountOrder, { nullable: true, description: 'Sort order.' }) order: SortOrder,
    @includeDeletedArg() includeDeleted: boolean,
    @Ctx() ctx: Context,
  ): Promise<Connection<Account>> {
    return listAccounts(ctx.em, args, filter, order, includeDeleted);
  }

  @Mutation(() => AccountPayload, { nullable: true, description: 'Creates an account. Members and above.' })
  createAccount(@inputArg(CreateAccountInput) input: CreateAccountInput, @Ctx() ctx: Context): Promise<AccountPayload> {
    return toPayload(async () => ({ account: await createAccount(ctx.em, salesActor(ctx), input) }));
  }

  @Mutation(() => AccountPayload, { nullable: true, description: 'Changes an account (recorded on its timeline). Members and above.' })
  updateAccount(@inputArg(UpdateAccountInput) input: UpdateAccountInput, @Ctx() ctx: Context): Promise<AccountPayload> {
    return toPayload(async () => ({ account: await updateAccount(ctx.em, salesActor(ctx), input) }));
  }

  @Mutation(() => AccountPayload, { nullable: true, description: 'Soft-deletes an account (restoreAccount undoes it). Members and above.' })
  deleteAccount(@inputArg(IdInput) input: IdInput, @Ctx() ctx: Context): Promise<AccountPayload> {
    return toPayload(async () => ({ account: await setDeleted(ctx.em, salesActor(ctx), Account, SubjectType.ACCOUNT, 'Account', input.id, true) }));
  }

  @Mutation(() => AccountPayload, { nullable: true, description: 'Restores a soft-deleted account. Members and above.' })
  restoreAccount(@inputArg(IdInput) input: IdInput, @Ctx() ctx: Context): Promise<AccountPayload> {
    return toPayload(async () => ({ account: await setDeleted(ctx.em, salesActor(ctx), Account, SubjectType.ACCOUNT, 'Account', input.id, false) }));
  }

  @FieldResolver(() => User, { nullable: true, description: 'Owner.' })
  owner(@Root() account: Account, @Ctx() ctx: Context): Promise<User | null> | null {
    return account.owner ? ctx.loaders.userById.load(account.owner.id) : null;
  }

  @FieldResolver(() => [Contact], { description: 'Live contacts at the account, by last name.' })
  contacts(@Root() account: Account, @Ctx() ctx: Context): Promise<Contact[]> {
    return ctx.loaders.contactsByAccountId.load(account.id);
  }

  @FieldResolver(() => [Opportunity], { description: 'Live opportunities with the account, newest first.' })
  opportunities(@Root() account: Account, @Ctx() ctx: Context): Promise<Opportunity[]> {
    return ctx.loaders.opportunitiesByAccountId.load(account.id);
  }

  @FieldResolver(() => TimelineEntryConnection, { description: "The account's activities and changes, newest first (a Relay connection)." })
  timeline(@Root() account: Account, @Args(() => TimelineArgs) args: TimelineArgs, @Ctx() ctx: Context): Promise<Connection<TimelineEntry>> {
    return timelineOf(ctx, account.id, args);
  }
}

@Resolver(() => Contact)
export class ContactResolver {
  @Query(() => Contact, { description: 'One contact (NOT_FOUND outside the organization).' })
  contact(@Arg('id', () => ID, { description: 'ID of the contact.' }) id: string, @Ctx() ctx: Context): Promise<Contact> {
    return findRecord(ctx.em, Contact, 'Contact', id, { includeDeleted: true });
  }

  @Query(() => ContactConnection, { description: 'Contacts, by last name unless ordered otherwise.' })
  contacts(
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Arg('filter', () => ContactFilter, { nullable: true, description: 'Which contacts.' }) filter: ContactFilter | null,
    @Arg('orderBy', () => ContactOrder, { nullable: true, description: 'Sort order.' }) order: SortOrder,
    @includeDeletedArg() includeDeleted: boolean,
    @Ctx() ctx: Context,
  ): Promise<Connection<Contact>> {
    return listContacts(ctx.em, args, filter, order, includeDeleted);
  }

  @Mutation(() => ContactPayload, { nullable: true, description: 'Creates a contact. Members and above.' })
  createContact(@inputArg(CreateContactInput) input: CreateContactInput, @Ctx() ctx: Context): Promise<ContactPayload> {
    return toPayload(async () => ({ contact: await createContact(ctx.em, salesActor(ctx), input) }));
  }

  @Mutation(() => ContactPayload, { nullable: true, description: 'Changes a contact (recorded on its timeline). Members and above.' })
  updateContact(@inputArg(UpdateContactInput) input: UpdateContactInput, @Ctx() ctx: Context): Promise<ContactPayload> {
    return toPayload(async () => ({ contact: await updateContact(ctx.em, salesActor(ctx), input) }));
  }

  @Mutation(() => ContactPayload, { nullable: true, description: 'Soft-deletes a contact (restoreContact undoes it). Members and above.' })
  deleteContact(@inputArg(IdInput) input: IdInput, @Ctx() ctx: Context): Promise<ContactPayload> {
    return toPayload(async () => ({ contact: await setDeleted(ctx.em, salesActor(ctx), Contact, SubjectType.CONTACT, 'Contact', input.id, true) }));
  }

  @Mutation(() => ContactPayload, { nullable: true, description: 'Restores a soft-deleted contact. Members and above.' })
  restoreContact(@inputArg(IdInput) input: IdInput, @Ctx() ctx: Context): Promise<ContactPayload> {
    return toPayload(async () => ({ contact: await setDeleted(ctx.em, salesActor(ctx), Contact, SubjectType.CONTACT, 'Contact', input.id, false) }));
  }

  @FieldResolver(() => Account, { nullable: true, description: 'Account the contact works at.' })
  account(@Root() contact: Contact, @Ctx() ctx: Context): Promise<Account | null> | null {
    return contact.account ? ctx.loaders.accountById.load(contact.account.id) : null;
  }

  @FieldResolver(() => User, { nullable: true, description: 'Owner.' })
  owner(@Root() contact: Contact, @Ctx() ctx: Context): Promise<User | null> | null {
    return contact.owner ? ctx.loaders.userById.load(contact.owner.id) : null;
  }

  @FieldResolver(() => TimelineEntryConnection, { description: "The contact's activities and changes, newest first (a Relay connection)." })
  timeline(@Root() contact: Contact, @Args(() => TimelineArgs) args: TimelineArgs, @Ctx() ctx: Context): Promise<Connection<TimelineEntry>> {
    return timelineOf(ctx, contact.id, args);
  }
}
