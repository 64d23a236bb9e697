import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { ContactFilter, LeadFilter } from '../../customers/dto/customer-filters.dto.js';
import { UserError } from '../../../shared/user-error.js';
import { CampaignAudienceType } from '../automation-enums.js';
import { Campaign } from '../campaign.entity.js';

@InputType({ description: "A campaign's audience: the list filter of its audience type, in the field named after it (exactly that one)." })
export class CampaignAudienceInput {
  @Field(() => ContactFilter, { nullable: true, description: 'For CONTACTS campaigns.' })
  contacts?: ContactFilter | null;
  @Field(() => LeadFilter, { nullable: true, description: 'For LEADS campaigns.' })
  leads?: LeadFilter | null;
}

@InputType({ description: 'A new campaign (a draft).' })
export class CreateCampaignInput {
  @Field(() => String, { description: 'Name (1–200 characters).' })
  name!: string;
  @Field(() => CampaignAudienceType, { description: 'Contacts or leads.' })
  audienceType!: CampaignAudienceType;
  @Field(() => CampaignAudienceInput, { nullable: true, description: 'Who among them (none: everyone who consented).' })
  audience?: CampaignAudienceInput | null;
  @Field(() => String, {
    description: 'Subject line: a Liquid template over recipient (firstName, lastName, name, email), organization (name), campaign (name).',
  })
  subject!: string;
  @Field(() => String, { description: 'Plain-text body (a Liquid template; unsubscribeUrl is available, and the link is appended anyway).' })
  textBody!: string;
  @Field(() => String, { nullable: true, description: 'HTML body (a Liquid template; every value is HTML-escaped).' })
  htmlBody?: string | null;
}

@InputType({ description: 'Changes to a draft campaign; omitted fields stay as they are.' })
export class UpdateCampaignInput {
  @Field(() => ID, { description: 'The campaign.' })
  id!: string;
  @Field(() => String, { nullable: true, description: 'Name.' })
  name?: string | null;
  @Field(() => CampaignAudienceInput, { nullable: true, description: 'Who (an empty input: everyone who consented).' })
  audience?: CampaignAudienceInput | null;
  @Field(() => String, { nullable: true, description: 'Subject line (a template).' })
  subject?: string | null;
  @Field(() => String, { nullable: true, description: 'Plain-text body (a template).' })
  textBody?: string | null;
  @Field(() => String, { nullable: true, description: 'HTML body (a template); null removes it.' })
  htmlBody?: string | null;
}

@InputType({ description: 'Send a campaign now or later.' })
export class SendCampaignInput {
  @Field(() => ID, { description: 'The campaign (a draft, or scheduled: to move its time).' })
  id!: string;
  @Field(() => Date, { nullable: true, description: 'When to start (UTC); now when omitted or past.' })
  at?: Date | null;
}

@InputType({ description: 'The campaign to stop.' })
export class CancelCampaignInput {
  @Field(() => ID, { description: 'The campaign.' })
  id!: string;
}

@InputType({ description: 'The campaign to delete.' })
export class DeleteCampaignInput {
  @Field(() => ID, { description: 'The campaign.' })
  id!: string;
}

@ObjectType({ description: 'Recipients of a campaign by what became of them.' })
export class CampaignMetricsView {
  @Field(() => Int, { description: 'Recipients in all.' })
  total!: number;
  @Field(() => Int, { description: 'Waiting for their batch.' })
  queued!: number;
  @Field(() => Int, { description: 'Accepted by the SMTP server.' })
  sent!: number;
  @Field(() => Int, { description: 'Refused by the SMTP server.' })
  failed!: number;
  @Field(() => Int, { description: 'Refused permanently.' })
  bounced!: number;
  @Field(() => Int, { description: 'Unsubscribed (before their e-mail, or with its link).' })
  unsubscribed!: number;
  @Field(() => Int, { description: 'Skipped (cancelled, gone, no address).' })
  skipped!: number;
}

@ObjectType({ description: 'Someone a campaign would go to now.' })
export class CampaignAudienceMember {
  @Field(() => ID, { description: 'The contact or lead.' })
  id!: string;
  @Field(() => String, { description: 'Name.' })
  name!: string;
  @Field(() => String, { nullable: true, description: 'E-mail address.' })
  email!: string | null;
}

@ObjectType({ description: 'Who a campaign would go to if it started now: consenting, not unsubscribed, with an address.' })
export class CampaignAudiencePreview {
  @Field(() => Int, { description: 'How many.' })
  count!: number;
  @Field(() => [CampaignAudienceMember], { description: 'The first 10.' })
  sample!: CampaignAudienceMember[];
}

@ObjectType({ description: 'The result of a campaign mutation.' })
export class CampaignPayload {
  @Field(() => Campaign, { nullable: true, description: 'The campaign as it is now (null on errors).' })
  campaign?: Campaign | null;
  @Field(() => [UserError], { description: 'What was wrong with the input.' })
  errors!: UserError[];
}
