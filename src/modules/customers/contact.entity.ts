import { Node } from '../../shared/node.type.js';
import { Field, ID, ObjectType } from 'type-graphql';
import type { Opt, Ref } from '@mikro-orm/core';
import { Entity, Index, ManyToOne, Property, Unique } from '@mikro-orm/decorators/legacy';
import { TenantEntity } from '../../shared/tenant.entity.js';
import { User } from '../core/user.entity.js';
import { Account } from './account.entity.js';

/** A person the organization deals with, usually at an account. */
@Entity({ tableName: 'contacts' })
// The list's default order, so a page (and its joins) is read from the index, not sorted from every row.
@Index({ properties: ['organization', 'lastName', 'id'] })
@ObjectType({ implements: Node, description: 'A person the organization deals with, usually at an account.' })
@Unique({ properties: ['organization', 'externalId'] })
@Index({ properties: ['organization', 'email'] })
export class Contact extends TenantEntity {
  @Field(() => ID, { description: 'UUID of the contact.' })
  declare id: string;

  @Field(() => Date, { description: 'When the contact was created (UTC).' })
  declare createdAt: Opt<Date>;

  @Field(() => Date, { description: 'When the contact last changed (UTC).' })
  declare updatedAt: Opt<Date>;

  @Property({ type: 'string', length: 100 })
  @Field(() => String, { description: 'First name.' })
  firstName!: string;

  @Property({ type: 'string', length: 100, default: '' })
  @Field(() => String, { description: 'Last name (may be empty).' })
  lastName: Opt<string> = '';

  @Property({ type: 'string', length: 254, nullable: true })
  @Field(() => String, { nullable: true, description: 'E-mail address (lower case).' })
  email: string | null = null;

  @Property({ type: 'string', length: 50, nullable: true })
  @Field(() => String, { nullable: true, description: 'Phone number.' })
  phone: string | null = null;

  @Property({ type: 'string', length: 150, nullable: true })
  @Field(() => String, { nullable: true, description: 'Job title.' })
  title: string | null = null;

  @ManyToOne({ entity: () => Account, ref: true, nullable: true, deleteRule: 'set null', index: true })
  account: Ref<Account> | null = null;

  @ManyToOne({ entity: () => User, ref: true, nullable: true, deleteRule: 'set null', index: true })
  owner: Ref<User> | null = null;

  @Property({ type: 'boolean', default: false })
  @Field(() => Boolean, { description: 'Whether the contact agreed to receive marketing.' })
  marketingConsent: Opt<boolean> = false;

  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  @Field(() => Date, { nullable: true, description: 'When marketing consent was last given or withdrawn (UTC).' })
  marketingConsentAt: Date | null = null;

  @Property({ type: 'string', length: 100, nullable: true })
  @Field(() => String, { nullable: true, description: 'Where marketing consent was given (a form, an import, an event; "api" when not said).' })
  marketingConsentSource: string | null = null;

  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  @Field(() => Date, { nullable: true, description: "When they unsubscribed with a campaign e-mail's link (UTC); cleared by consenting again." })
  unsubscribedAt: Date | null = null;

  @Property({ type: 'string', length: 200, nullable: true })
  @Field(() => String, { nullable: true, description: 'Identifier in an integrated system; unique per organization.' })
  externalId: string | null = null;

  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  @Field(() => Date, { nullable: true, description: 'When it was deleted (soft delete); null while live.' })
  deletedAt: Date | null = null;

  @Field(() => String, { description: 'First and last name.' })
  get name(): Opt<string> {
    return [this.firstName, this.lastName].filter(Boolean).join(' ');
  }
}
