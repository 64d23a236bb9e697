import { LocalDateResolver, SafeIntResolver } from 'graphql-scalars';
import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { UserError } from '../../../shared/user-error.js';
import { AssistantMessage, Conversation } from '../conversation.entity.js';
import { AssistantContext, AssistantDiagnostic, TokenUsage } from './assistant-context.dto.js';

export const MAX_TITLE = 200;
export const MAX_SYSTEM_PROMPT = 4_000;
export const MAX_PROMPT = 4_000;

@InputType({ description: 'A new conversation with the co-pilot.' })
export class CreateConversationInput {
  @Field(() => String, { description: `Title (1–${MAX_TITLE} characters).` })
  title!: string;

  @Field(() => String, {
    nullable: true,
    description: `Extra instructions for the co-pilot in this conversation (at most ${MAX_SYSTEM_PROMPT} characters).`,
  })
  systemPrompt?: string | null;
}

@InputType({ description: 'Changes to a conversation; omitted fields stay as they are.' })
export class UpdateConversationInput {
  @Field(() => ID, { description: 'The conversation.' })
  id!: string;

  @Field(() => String, { nullable: true, description: `New title (1–${MAX_TITLE} characters); omitted or null keeps it.` })
  title?: string | null;

  @Field(() => String, { nullable: true, description: 'New extra instructions (empty to clear).' })
  systemPrompt?: string | null;
}

@InputType({ description: 'The conversation to delete.' })
export class DeleteConversationInput {
  @Field(() => ID, { description: 'The conversation.' })
  id!: string;
}

@InputType({ description: 'A question for the co-pilot.' })
export class AskAssistantInput {
  @Field(() => ID, { description: 'The conversation to ask in (yours).' })
  conversationId!: string;

  @Field(() => String, { description: `The question (1–${MAX_PROMPT} characters).` })
  prompt!: string;
}

@ObjectType({ description: 'Result of creating or changing a conversation.' })
export class ConversationPayload {
  @Field(() => Conversation, { nullable: true, description: 'The conversation; null when refused.' })
  conversation!: Conversation | null;

  @Field(() => [UserError], { description: 'Why it was refused; empty on success.' })
  errors!: UserError[];
}

@ObjectType({ description: 'Result of deleting a conversation (its messages go with it; usage totals stay).' })
export class DeleteConversationPayload {
  @Field(() => ID, { nullable: true, description: 'ID of the deleted conversation.' })
  deletedConversationId!: string | null;

  @Field(() => [UserError], { description: 'Why it was refused; empty on success.' })
  errors!: UserError[];
}

@ObjectType({ description: "The co-pilot's answer to a question, with what it was based on." })
export class AskAssistantPayload {
  @Field(() => AssistantMessage, { nullable: true, description: 'The question as stored.' })
  question!: AssistantMessage | null;

  @Field(() => AssistantMessage, {
    nullable: true,
    description: 'The answer as stored: from the model, or a summary of the metrics when the model could not answer.',
  })
  answer!: AssistantMessage | null;

  @Field(() => AssistantContext, {
    nullable: true,
    description: 'What was gathered (which metrics, for which range, what was withheld) and which tools ran.',
  })
  context!: AssistantContext | null;

  @Field(() => TokenUsage, { nullable: true, description: 'Model usage of this answer.' })
  usage!: TokenUsage | null;

  @Field(() => [AssistantDiagnostic], { description: 'What failed or what to configure; empty when all went well.' })
  diagnostics!: AssistantDiagnostic[];

  @Field(() => [UserError], { description: 'Why the question was refused (e.g. an empty prompt); empty on success.' })
  errors!: UserError[];
}

@ObjectType({ description: 'Model usage of one UTC day and model.' })
export class AssistantUsageDayRow {
  @Field(() => LocalDateResolver, { description: 'The UTC day (YYYY-MM-DD).' })
  day!: string;

  @Field(() => String, { description: 'The model.' })
  model!: string;

  @Field(() => Int, { description: 'Answers given with the model.' })
  answers!: number;

  @Field(() => Int, { description: 'Requests made to the model.' })
  modelCalls!: number;

  @Field(() => SafeIntResolver, { description: 'Prompt tokens.' })
  promptTokens!: number;

  @Field(() => SafeIntResolver, { description: 'Completion tokens.' })
  completionTokens!: number;

  @Field(() => SafeIntResolver, { description: 'Prompt plus completion tokens.' })
  totalTokens!: number;

  @Field(() => Int, { description: 'Average wait per request to the model, in milliseconds.' })
  averageLatencyMs!: number;
}

@ObjectType({ description: "The organization's model usage over a range, and today's budget." })
export class AssistantUsageReport {
  @Field(() => Date, { description: 'Start of the range (UTC).' })
  from!: Date;

  @Field(() => Date, { description: 'End of the range, exclusive (UTC).' })
  to!: Date;

  @Field(() => SafeIntResolver, { description: 'Tokens the organization may use per UTC day (ASSISTANT_DAILY_TOKEN_BUDGET).' })
  dailyTokenBudget!: number;

  @Field(() => SafeIntResolver, { description: 'Tokens used today (UTC).' })
  usedToday!: number;

  @Field(() => SafeIntResolver, { description: 'Tokens left today.' })
  remainingToday!: number;

  @Field(() => SafeIntResolver, { description: 'Tokens over the range.' })
  totalTokens!: number;

  @Field(() => Int, { description: 'Answers given with the model over the range.' })
  answers!: number;

  @Field(() => [AssistantUsageDayRow], { description: 'Per day and model, oldest first.' })
  days!: AssistantUsageDayRow[];
}
