import type { Opt, Ref } from '@mikro-orm/core';
import { Entity, Enum, Index, ManyToOne, Property, Unique } from '@mikro-orm/decorators/legacy';
import { GraphQLJSONObject } from 'graphql-scalars';
import { Field, ID, ObjectType } from 'type-graphql';
import { Node } from '../../shared/node.type.js';
import { TenantEntity } from '../../shared/tenant.entity.js';
import { User } from '../core/user.entity.js';
import { CampaignAudienceType, CampaignStatus, RecipientStatus } from './automation-enums.js';

/** An e-mail campaign to a saved audience of contacts or leads who consented (automation.campaigns). */
@Entity({ tableName: 'campaigns' })
@Index({ properties: ['organization', 'createdAt', 'id'] })
@ObjectType({
  implements: Node,
  description: 'An e-mail campaign to the contacts or leads of a saved filter who consented to marketing (feature automation.campaigns).',
})
export class Campaign extends TenantEntity {
  @Field(() => ID, { description: 'UUID of the campaign.' })
  declare id: string;

  @Field(() => Date, { description: 'When it was created (UTC).' })
  declare createdAt: Opt<Date>;

  @Property({ type: 'string', length: 200 })
  @Field(() => String, { description: 'Name (for you; recipients see the subject).' })
  name!: string;

  @Enum({ items: () => CampaignAudienceType, nativeEnumName: 'campaign_audience_type' })
  @Field(() => CampaignAudienceType, { description: 'Contacts or leads.' })
  audienceType!: CampaignAudienceType;

  @Property({ type: 'json', nullable: true })
  @Field(() => GraphQLJSONObject, {
    nullable: true,
    description: 'The audience: a ContactFilter or LeadFilter as JSON, evaluated when sending starts (null: everyone who consented).',
  })
  audience: Record<string, unknown> | null = null;

  @Property({ type: 'text' })
  @Field(() => String, { description: 'Subject line (a Liquid template over recipient and organization).' })
  subject!: string;

  @Property({ type: 'text' })
  @Field(() => String, { description: 'The plain-text body (a Liquid template); the unsubscribe link is appended.' })
  textBody!: string;

  @Property({ type: 'text', nullable: true })
  @Field(() => String, {
    nullable: true,
    description: 'An optional HTML body (a Liquid template; values are HTML-escaped); the unsubscribe link is appended.',
  })
  htmlBody: string | null = null;

  @Enum({ items: () => CampaignStatus, nativeEnumName: 'campaign_status', default: CampaignStatus.DRAFT })
  @Field(() => CampaignStatus, { description: 'Where it stands.' })
  status: Opt<CampaignStatus> = CampaignStatus.DRAFT;

  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  @Field(() => Date, { nullable: true, description: 'When it is (or was) to start sending (UTC).' })
  scheduledAt: Date | null = null;

  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  @Field(() => Date, { nullable: true, description: 'When sending started (UTC).' })
  startedAt: Date | null = null;

  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  @Field(() => Date, { nullable: true, description: 'When the last recipient was tried (UTC).' })
  finishedAt: Date | null = null;

  @ManyToOne({ entity: () => User, ref: true, nullable: true, deleteRule: 'set null' })
  createdBy: Ref<User> | null = null;
}

/** One recipient of a campaign: who, the address used, and what became of the e-mail. */
@Entity({ tableName: 'campaign_recipients' })
@Unique({ properties: ['organization', 'campaign', 'subjectId'] })
@Index({ properties: ['organization', 'campaign', 'status'] })
@ObjectType({ implements: Node, description: 'One recipient of a campaign and what became of their e-mail.' })
export class CampaignRecipient extends TenantEntity {
  @Field(() => ID, { description: 'UUID of the recipient entry.' })
  declare id: string;

  @ManyToOne({ entity: () => Campaign, ref: true, deleteRule: 'cascade' })
  campaign!: Ref<Campaign>;

  @Property({ type: 'text' })
  @Field(() => String, { description: 'Contact or Lead.' })
  subjectType!: string;

  @Property({ type: 'uuid' })
  @Field(() => ID, { description: 'The contact or lead.' })
  subjectId!: string;

  @Property({ type: 'string', length: 254, nullable: true })
  @Field(() => String, { nullable: true, description: 'The address it went to (as it was when sent).' })
  email: string | null = null;

  @Enum({ items: () => RecipientStatus, nativeEnumName: 'campaign_recipient_status', default: RecipientStatus.QUEUED })
  @Field(() => RecipientStatus, { description: 'What became of it.' })
  status: Opt<RecipientStatus> = RecipientStatus.QUEUED;

  @Property({ type: 'text', nullable: true })
  @Field(() => String, { nullable: true, description: "The SMTP server's answer when it failed." })
  error: string | null = null;

  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  @Field(() => Date, { nullable: true, description: 'When it was sent (UTC).' })
  sentAt: Date | null = null;

  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  @Field(() => Date, { nullable: true, description: 'When they unsubscribed with its link (UTC).' })
  unsubscribedAt: Date | null = null;
}
