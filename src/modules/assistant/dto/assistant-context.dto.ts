import { GraphQLJSONObject } from 'graphql-scalars';
import { Field, Int, ObjectType } from 'type-graphql';
import { ContextPartStatus, DiagnosticCode, DiagnosticSeverity, ToolCallStatus } from '../assistant-enums.js';

/** One analytics query the assistant ran before asking the model (stored with the answer as JSON). */
@ObjectType({ description: 'One part of the context the assistant gathered: which query, for which range, and what became of it.' })
export class ContextPart {
  @Field(() => String, { description: 'The GraphQL query it ran, e.g. `salesMetrics`.' })
  name!: string;

  @Field(() => String, { description: 'What the part is, in words.' })
  description!: string;

  @Field(() => ContextPartStatus, { description: 'Included, empty, withheld or failed.' })
  status!: ContextPartStatus;

  @Field(() => String, { nullable: true, description: 'Why it was withheld or failed, or a note on what it holds.' })
  reason!: string | null;

  // Instants (the bounds the query ran with, as DateRangeInput takes them), stored in the answer's JSON as ISO strings.
  @Field(() => Date, { nullable: true, description: 'Start of the range it covers (UTC), when it has one.' })
  from!: string | null;

  @Field(() => Date, { nullable: true, description: 'End of the range it covers, exclusive (UTC).' })
  to!: string | null;

  @Field(() => String, { nullable: true, description: 'The feature code that withheld it, when a plan feature did.' })
  feature!: string | null;

  @Field(() => GraphQLJSONObject, { description: 'The arguments the query ran with.' })
  arguments!: Record<string, unknown>;
}

/** A read-only tool the model asked for. */
@ObjectType({ description: 'A read-only tool the model called while answering, with its arguments and outcome.' })
export class ToolCallRecord {
  @Field(() => Int, { description: 'Round of tool calls it belongs to (1 = first).' })
  round!: number;

  @Field(() => String, { description: 'Tool name, e.g. `get_record`.' })
  name!: string;

  @Field(() => GraphQLJSONObject, { description: 'Arguments the model gave (as parsed; empty when they were not valid JSON).' })
  arguments!: Record<string, unknown>;

  @Field(() => ToolCallStatus, { description: 'Whether it ran.' })
  status!: ToolCallStatus;

  @Field(() => String, { description: 'What it returned, in short, or why it was refused.' })
  detail!: string;
}

@ObjectType({ description: 'What the assistant gathered for an answer: the range, the parts, and the tools the model called.' })
export class AssistantContext {
  // Instants, not LocalDate: the range is [from, to) in UTC and is what the analytics queries (DateRangeInput) were given.
  @Field(() => Date, { description: 'Start of the default range (UTC midnight): the last 30 whole UTC days including today.' })
  from!: string;

  @Field(() => Date, { description: 'End of the default range, exclusive (the next UTC midnight).' })
  to!: string;

  @Field(() => [ContextPart], { description: 'The analytics queries run before asking the model.' })
  parts!: ContextPart[];

  @Field(() => [ToolCallRecord], { description: 'Tools the model called, in order.' })
  toolCalls!: ToolCallRecord[];
}

@ObjectType({ description: 'Something the user (or the operator) should know about an answer: what failed or what to configure.' })
export class AssistantDiagnostic {
  @Field(() => DiagnosticCode, { description: 'Stable code.' })
  code!: DiagnosticCode;

  @Field(() => DiagnosticSeverity, { description: 'How much it matters.' })
  severity!: DiagnosticSeverity;

  @Field(() => String, { description: 'What happened.' })
  message!: string;

  @Field(() => String, { nullable: true, description: 'What to do about it.' })
  hint!: string | null;
}

@ObjectType({ description: 'Model usage of one answer: tokens, latency and how many requests it took.' })
export class TokenUsage {
  @Field(() => String, { nullable: true, description: 'The model asked (OPENAI_MODEL); null when the model was not called.' })
  model!: string | null;

  @Field(() => Int, { description: 'Prompt tokens over all requests of this answer.' })
  promptTokens!: number;

  @Field(() => Int, { description: 'Completion tokens over all requests of this answer.' })
  completionTokens!: number;

  @Field(() => Int, { description: 'Prompt plus completion tokens.' })
  totalTokens!: number;

  @Field(() => Int, { description: 'Time spent waiting for the model, in milliseconds.' })
  latencyMs!: number;

  @Field(() => Int, { description: 'Requests made to the model (tool rounds add requests).' })
  modelCalls!: number;

  @Field(() => Boolean, { description: 'True when the endpoint reported no usage and tokens were estimated from text length.' })
  estimated!: boolean;
}

export type ContextPartData = Omit<ContextPart, never>;
export type ToolCallData = Omit<ToolCallRecord, never>;
export type DiagnosticData = Omit<AssistantDiagnostic, never>;
export type UsageData = Omit<TokenUsage, never>;

export const emptyUsage = (model: string | null = null): UsageData => ({
  model,
  promptTokens: 0,
  completionTokens: 0,
  totalTokens: 0,
  latencyMs: 0,
  modelCalls: 0,
  estimated: false,
});
