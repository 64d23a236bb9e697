import { Node } from '../../shared/node.type.js';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import type { Opt, Ref } from '@mikro-orm/core';
import { Check, Entity, Enum, Index, ManyToOne, Property } from '@mikro-orm/decorators/legacy';
import { TenantEntity } from '../../shared/tenant.entity.js';
import { User } from '../core/user.entity.js';
import { Account } from './account.entity.js';
import { Contact } from './contact.entity.js';
import { Opportunity } from './opportunity.entity.js';
import { LeadStatus } from './customers-enums.js';

/** A prospect not yet qualified into an account and contact. */
@Entity({ tableName: 'leads' })
// The list's default order, so a page (and its joins) is read from the index, not sorted from every row.
@Index({ properties: ['organization', 'createdAt', 'id'] })
@ObjectType({ implements: Node, description: 'A prospect not yet turned into an account and contact (see convertLead).' })
@Check({ name: 'leads_score_range', expression: 'score >= 0 and score <= 100' })
export class Lead extends TenantEntity {
  @Field(() => ID, { description: 'UUID of the lead.' })
  declare id: string;

  @Field(() => Date, { description: 'When the lead was created (UTC).' })
  declare createdAt: Opt<Date>;

  @Field(() => Date, { description: 'When the lead last changed (UTC).' })
  declare updatedAt: Opt<Date>;

  @Property({ type: 'string', length: 100 })
  @Field(() => String, { description: 'First name.' })
  firstName!: string;

  @Property({ type: 'string', length: 100, default: '' })
  @Field(() => String, { description: 'Last name (may be empty).' })
  lastName: Opt<string> = '';

  @Property({ type: 'string', length: 200, nullable: true })
  @Field(() => String, { nullable: true, description: 'Company the lead works for.' })
  company: string | null = null;

  @Property({ type: 'string', length: 254, nullable: true })
  @Field(() => String, { nullable: true, description: 'E-mail address (lower case).' })
  email: string | null = null;

  @Property({ type: 'string', length: 50, nullable: true })
  @Field(() => String, { nullable: true, description: 'Phone number.' })
  phone: string | null = null;

  @Property({ type: 'string', length: 100, nullable: true })
  @Field(() => String, { nullable: true, description: 'Where the lead came from, e.g. website, referral, trade show.' })
  source: string | null = null;

  @Enum({ items: () => LeadStatus, nativeEnumName: 'lead_status', default: LeadStatus.NEW })
  @Field(() => LeadStatus, { description: 'Where the lead stands.' })
  status: Opt<LeadStatus> = LeadStatus.NEW;

  @Property({ type: 'integer', default: 0 })
  @Field(() => Int, { description: 'Score from 0 to 100 (higher is more promising).' })
  score: Opt<number> = 0;

  @ManyToOne({ entity: () => User, ref: true, nullable: true, deleteRule: 'set null', index: true })
  owner: Ref<User> | null = null;

  @Property({ type: 'text', default: '' })
  @Field(() => String, { description: 'Free-form notes.' })
  notes: Opt<string> = '';

  @Property({ type: 'boolean', default: false })
  @Field(() => Boolean, { description: 'Whether the lead agreed to receive marketing e-mail (campaigns go only to those who did).' })
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

  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  @Field(() => Date, { nullable: true, description: 'When it was converted (UTC).' })
  convertedAt: Date | null = null;

  @ManyToOne({ entity: () => Account, ref: true, nullable: true, deleteRule: 'set null' })
  convertedAccount: Ref<Account> | null = null;

  @ManyToOne({ entity: () => Contact, ref: true, nullable: true, deleteRule: 'set null' })
  convertedContact: Ref<Contact> | null = null;

  @ManyToOne({ entity: () => Opportunity, ref: true, nullable: true, deleteRule: 'set null' })
  convertedOpportunity: Ref<Opportunity> | null = null;

  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  @Field(() => Date, { nullable: true, description: 'When it was deleted (soft delete); null while live.' })
  deletedAt: Date | null = null;

  @Field(() => String, { description: 'First and last name.' })
  get name(): Opt<string> {
    return [this.firstName, this.lastName].filter(Boolean).join(' ');
  }
}
