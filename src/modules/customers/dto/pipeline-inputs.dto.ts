import { LocalDateResolver } from 'graphql-scalars';
import { Field, ID, InputType, Int } from 'type-graphql';
import { MoneyInput } from '../../../shared/money.js';
import { ActivityType } from '../customers-enums.js';

@InputType({ description: 'A stage of a new pipeline.' })
export class PipelineStageInput {
  @Field(() => String, { description: 'Name, unique within the pipeline.' })
  name!: string;
  @Field(() => Int, { description: 'Default win probability in percent (0–100).' })
  probability!: number;
  @Field(() => Boolean, { nullable: true, description: 'Reaching it wins the deal (implies isClosed).' })
  isWon?: boolean | null;
  @Field(() => Boolean, { nullable: true, description: 'Reaching it closes the deal.' })
  isClosed?: boolean | null;
}

@InputType({ description: 'A new pipeline with its stages in order.' })
export class CreatePipelineInput {
  @Field(() => String, { description: 'Name, unique per organization.' })
  name!: string;
  @Field(() => Boolean, { nullable: true, description: 'Make it the default pipeline.' })
  isDefault?: boolean | null;
  @Field(() => [PipelineStageInput], { description: 'Stages in order (1–30).' })
  stages!: PipelineStageInput[];
}

@InputType({ description: 'Changes to a pipeline.' })
export class UpdatePipelineInput {
  @Field(() => ID, { description: 'The pipeline.' })
  id!: string;
  @Field(() => String, { nullable: true, description: 'New name.' })
  name?: string | null;
  @Field(() => Boolean, { nullable: true, description: 'true makes it the default (the previous default stops being one).' })
  isDefault?: boolean | null;
}

@InputType({ description: 'A stage added to a pipeline.' })
export class AddPipelineStageInput extends PipelineStageInput {
  @Field(() => ID, { description: 'The pipeline.' })
  pipelineId!: string;
  @Field(() => Int, { nullable: true, description: 'Where to insert it (0 first); at the end when omitted.' })
  position?: number | null;
}

@InputType({ description: 'Changes to a stage; omitted fields stay as they are.' })
export class UpdatePipelineStageInput {
  @Field(() => ID, { description: 'The stage.' })
  id!: string;
  @Field(() => String, { nullable: true, description: 'New name.' })
  name?: string | null;
  @Field(() => Int, { nullable: true, description: 'Default win probability (0–100); opportunities already in the stage keep theirs.' })
  probability?: number | null;
  @Field(() => Boolean, { nullable: true, description: 'Reaching it wins the deal.' })
  isWon?: boolean | null;
  @Field(() => Boolean, { nullable: true, description: 'Reaching it closes the deal.' })
  isClosed?: boolean | null;
  @Field(() => Int, { nullable: true, description: 'Move it to this position (0 first).' })
  position?: number | null;
}

@InputType({ description: 'A product of interest.' })
export class OpportunityLineInput {
  @Field(() => ID, {
    description:
      'The variant: of an ACTIVE product and itself active (INVALID_STATE otherwise), unless it is already on the opportunity being edited.',
  })
  variantId!: string;
  @Field(() => Int, { description: 'Quantity (at least 1).' })
  quantity!: number;
  @Field(() => MoneyInput, {
    nullable: true,
    description: "Quoted unit price; the variant's list price when omitted. In the opportunity's currency (CURRENCY_MISMATCH otherwise).",
  })
  unitPrice?: MoneyInput | null;
}

@InputType({ description: "A contact's part in an opportunity." })
export class OpportunityContactRoleInput {
  @Field(() => ID, { description: 'The contact.' })
  contactId!: string;
  @Field(() => String, { description: 'Role label, e.g. Decision maker.' })
  role!: string;
}

@InputType({ description: 'A new opportunity.' })
export class CreateOpportunityInput {
  @Field(() => String, { description: 'Name of the deal.' })
  name!: string;
  @Field(() => ID, { description: 'The account.' })
  accountId!: string;
  @Field(() => ID, { nullable: true, description: 'Primary contact.' })
  primaryContactId?: string | null;
  @Field(() => MoneyInput, {
    nullable: true,
    description: "Expected value, set by hand (amountSource MANUAL); when omitted it follows the lines' total (0 without lines, amountSource LINES).",
  })
  amount?: MoneyInput | null;
  @Field(() => String, {
    nullable: true,
    description:
      "ISO 4217 currency of the deal; the amount's, else the lines' (or USD), when omitted. An opportunity has one currency: its amount, every line's variant and unitPrice must be in it (CURRENCY_MISMATCH otherwise).",
  })
  currency?: string | null;
  @Field(() => ID, { nullable: true, description: "Pipeline; the stage's, or the default pipeline, when omitted." })
  pipelineId?: string | null;
  @Field(() => ID, { nullable: true, description: "Stage; the pipeline's first when omitted." })
  stageId?: string | null;
  @Field(() => Int, { nullable: true, description: "Win probability (0–100); the stage's default when omitted." })
  probability?: number | null;
  @Field(() => LocalDateResolver, { nullable: true, description: 'Expected close date (YYYY-MM-DD).' })
  expectedCloseDate?: string | null;
  @Field(() => ID, { nullable: true, description: 'Owner: a member of the organization (defaults to you).' })
  ownerId?: string | null;
  @Field(() => String, { nullable: true, description: 'Why it was lost.' })
  lostReason?: string | null;
  @Field(() => [OpportunityLineInput], { nullable: true, description: 'Products of interest (at most 100).' })
  lines?: OpportunityLineInput[] | null;
  @Field(() => [OpportunityContactRoleInput], { nullable: true, description: 'Contacts and their roles (at most 50).' })
  contactRoles?: OpportunityContactRoleInput[] | null;
}

@InputType({
  description:
    "Changes to an opportunity; omitted fields stay as they are. A new stage is recorded in the stage history and takes the stage's probability unless one is given; lines and contactRoles, when given, replace the current ones.",
})
export class UpdateOpportunityInput extends CreateOpportunityInput {
  @Field(() => ID, { description: 'The opportunity.' })
  id!: string;
  @Field(() => String, { nullable: true, description: 'Name of the deal.' })
  declare name: string;
  @Field(() => ID, { nullable: true, description: 'The account.' })
  declare accountId: string;
  @Field(() => MoneyInput, {
    nullable: true,
    description:
      "A new amount, set by hand (amountSource MANUAL: line changes leave it alone); null goes back to the lines' total (LINES); omitted keeps the current source.",
  })
  declare amount?: MoneyInput | null;
}

@InputType({ description: "Adds a contact to an opportunity with a role, or changes the contact's role." })
export class SetOpportunityContactRoleInput {
  @Field(() => ID, { description: 'The opportunity.' })
  opportunityId!: string;
  @Field(() => ID, { description: 'The contact.' })
  contactId!: string;
  @Field(() => String, { description: 'Role label, e.g. Decision maker.' })
  role!: string;
}

@InputType({ description: 'Removes a contact from an opportunity.' })
export class RemoveOpportunityContactRoleInput {
  @Field(() => ID, { description: 'The opportunity.' })
  opportunityId!: string;
  @Field(() => ID, { description: 'The contact.' })
  contactId!: string;
}

@InputType({ description: 'A new activity, logged against exactly one of leadId, contactId, accountId, opportunityId.' })
export class CreateActivityInput {
  @Field(() => ActivityType, { description: 'Kind of activity.' })
  type!: ActivityType;
  @Field(() => String, { description: 'Subject line (1–300 characters).' })
  subject!: string;
  @Field(() => String, { nullable: true, description: 'Details.' })
  body?: string | null;
  @Field(() => Date, { nullable: true, description: 'When it is due (UTC).' })
  dueAt?: Date | null;
  @Field(() => Date, { nullable: true, description: 'When it was completed (UTC); calls, notes and e-mails usually are when logged.' })
  completedAt?: Date | null;
  @Field(() => ID, { nullable: true, description: 'Assignee: a member of the organization (defaults to you).' })
  ownerId?: string | null;
  @Field(() => ID, { nullable: true, description: 'The lead it is about.' })
  leadId?: string | null;
  @Field(() => ID, { nullable: true, description: 'The contact it is about.' })
  contactId?: string | null;
  @Field(() => ID, { nullable: true, description: 'The account it is about.' })
  accountId?: string | null;
  @Field(() => ID, { nullable: true, description: 'The opportunity it is about.' })
  opportunityId?: string | null;
}

@InputType({ description: 'Changes to an activity; omitted fields stay as they are, null clears.' })
export class UpdateActivityInput {
  @Field(() => ID, { description: 'The activity.' })
  id!: string;
  @Field(() => String, { nullable: true, description: 'Subject line.' })
  subject?: string | null;
  @Field(() => String, { nullable: true, description: 'Details.' })
  body?: string | null;
  @Field(() => Date, { nullable: true, description: 'When it is due (UTC).' })
  dueAt?: Date | null;
  @Field(() => ID, { nullable: true, description: 'Assignee.' })
  ownerId?: string | null;
}

@InputType({ description: 'Marks an activity done or open again.' })
export class CompleteActivityInput {
  @Field(() => ID, { description: 'The activity.' })
  id!: string;
  @Field(() => Boolean, { defaultValue: true, description: 'true: done now; false: open again.' })
  completed!: boolean;
}
