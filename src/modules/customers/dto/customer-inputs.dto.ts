import { LocalDateResolver } from 'graphql-scalars';
import { Field, ID, InputType, Int } from 'type-graphql';
import { MoneyInput } from '../../../shared/money.js';
import { AccountSize, LeadStatus } from '../customers-enums.js';

@InputType({ description: 'A new account.' })
export class CreateAccountInput {
  @Field(() => String, { description: 'Company name (1–200 characters).' })
  name!: string;
  @Field(() => String, { nullable: true, description: 'Web domain, e.g. example.com.' })
  domain?: string | null;
  @Field(() => String, { nullable: true, description: 'Industry.' })
  industry?: string | null;
  @Field(() => AccountSize, { nullable: true, description: 'Size by head count.' })
  size?: AccountSize | null;
  @Field(() => String, { nullable: true, description: 'Postal address.' })
  address?: string | null;
  @Field(() => ID, { nullable: true, description: 'Owner: a member of the organization.' })
  ownerId?: string | null;
  @Field(() => [String], { nullable: true, description: 'Tags (at most 20).' })
  tags?: string[] | null;
  @Field(() => String, { nullable: true, description: 'Identifier in an integrated system; unique per organization.' })
  externalId?: string | null;
}

@InputType({ description: 'Changes to an account; omitted fields stay as they are, null clears.' })
export class UpdateAccountInput extends CreateAccountInput {
  @Field(() => ID, { description: 'The account.' })
  id!: string;
  @Field(() => String, { nullable: true, description: 'Company name.' })
  declare name: string;
}

@InputType({ description: 'A new contact.' })
export class CreateContactInput {
  @Field(() => String, { description: 'First name (1–100 characters).' })
  firstName!: string;
  @Field(() => String, { nullable: true, description: 'Last name.' })
  lastName?: string | null;
  @Field(() => String, { nullable: true, description: 'E-mail address.' })
  email?: string | null;
  @Field(() => String, { nullable: true, description: 'Phone number.' })
  phone?: string | null;
  @Field(() => String, { nullable: true, description: 'Job title.' })
  title?: string | null;
  @Field(() => ID, { nullable: true, description: 'Account the contact works at.' })
  accountId?: string | null;
  @Field(() => ID, { nullable: true, description: 'Owner: a member of the organization.' })
  ownerId?: string | null;
  @Field(() => Boolean, { nullable: true, description: 'Whether the contact agreed to receive marketing.' })
  marketingConsent?: boolean | null;
  @Field(() => String, { nullable: true, description: 'Where consent was given (with marketingConsent: true; "api" when omitted).' })
  marketingConsentSource?: string | null;
  @Field(() => String, { nullable: true, description: 'Identifier in an integrated system; unique per organization.' })
  externalId?: string | null;
}

@InputType({ description: 'Changes to a contact; omitted fields stay as they are, null clears.' })
export class UpdateContactInput extends CreateContactInput {
  @Field(() => ID, { description: 'The contact.' })
  id!: string;
  @Field(() => String, { nullable: true, description: 'First name.' })
  declare firstName: string;
}

@InputType({ description: 'A new lead.' })
export class CreateLeadInput {
  @Field(() => String, { description: 'First name (1–100 characters).' })
  firstName!: string;
  @Field(() => String, { nullable: true, description: 'Last name.' })
  lastName?: string | null;
  @Field(() => String, { nullable: true, description: 'Company.' })
  company?: string | null;
  @Field(() => String, { nullable: true, description: 'E-mail address.' })
  email?: string | null;
  @Field(() => String, { nullable: true, description: 'Phone number.' })
  phone?: string | null;
  @Field(() => String, { nullable: true, description: 'Where the lead came from.' })
  source?: string | null;
  @Field(() => LeadStatus, { nullable: true, description: 'Status (not CONVERTED: use convertLead). Defaults to NEW.' })
  status?: LeadStatus | null;
  @Field(() => Int, { nullable: true, description: 'Score, 0–100.' })
  score?: number | null;
  @Field(() => ID, { nullable: true, description: 'Owner: a member of the organization.' })
  ownerId?: string | null;
  @Field(() => String, { nullable: true, description: 'Notes.' })
  notes?: string | null;
  @Field(() => Boolean, { nullable: true, description: 'Whether the lead agreed to receive marketing e-mail.' })
  marketingConsent?: boolean | null;
  @Field(() => String, { nullable: true, description: 'Where consent was given (with marketingConsent: true; "api" when omitted).' })
  marketingConsentSource?: string | null;
}

@InputType({ description: 'Changes to a lead; omitted fields stay as they are, null clears. Converted leads cannot change.' })
export class UpdateLeadInput extends CreateLeadInput {
  @Field(() => ID, { description: 'The lead.' })
  id!: string;
  @Field(() => String, { nullable: true, description: 'First name.' })
  declare firstName: string;
}

@InputType({ description: 'An opportunity to open while converting a lead.' })
export class ConvertLeadOpportunityInput {
  @Field(() => String, { description: 'Name of the deal.' })
  name!: string;
  @Field(() => MoneyInput, { nullable: true, description: 'Expected value (0 when omitted).' })
  amount?: MoneyInput | null;
  @Field(() => String, { nullable: true, description: "ISO 4217 currency of the deal; the amount's (or USD) when omitted." })
  currency?: string | null;
  @Field(() => ID, { nullable: true, description: 'Pipeline (defaults to the default pipeline).' })
  pipelineId?: string | null;
  @Field(() => ID, { nullable: true, description: "Stage (defaults to the pipeline's first)." })
  stageId?: string | null;
  @Field(() => LocalDateResolver, { nullable: true, description: 'Expected close date (YYYY-MM-DD).' })
  expectedCloseDate?: string | null;
}

@InputType({ description: 'Turns a lead into an account and contact (new or existing), optionally with an opportunity, in one transaction.' })
export class ConvertLeadInput {
  @Field(() => ID, { description: 'The lead.' })
  leadId!: string;
  @Field(() => ID, { nullable: true, description: 'Link to this existing account instead of creating one from the lead.' })
  accountId?: string | null;
  @Field(() => ID, { nullable: true, description: 'Link to this existing contact instead of creating one from the lead.' })
  contactId?: string | null;
  @Field(() => ConvertLeadOpportunityInput, { nullable: true, description: 'Also open this opportunity.' })
  opportunity?: ConvertLeadOpportunityInput | null;
}
