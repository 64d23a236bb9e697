import { Node } from '../../shared/node.type.js';
import { Field, ID, ObjectType } from 'type-graphql';
import type { Opt, Ref } from '@mikro-orm/core';
import { Check, Entity, Enum, Index, ManyToOne, Property, Unique } from '@mikro-orm/decorators/legacy';
import { TenantEntity } from '../../shared/tenant.entity.js';
import { User } from '../core/user.entity.js';
import { AnswerSource, MessageRole } from './assistant-enums.js';
import type { AssistantContext, AssistantDiagnostic } from './dto/assistant-context.dto.js';
import { bigintNumber } from '../../shared/money.js';

/**
 * A chat with the co-pilot. It belongs to one member of one organization: the tenant filter and a
 * restrictive row-level-security policy on `app.user_id` keep it from everyone else.
 */
@Entity({ tableName: 'assistant_conversations' })
@ObjectType({ implements: Node, description: 'A conversation with the AI co-pilot, private to the member who started it. Needs `assistant.chat`.' })
@Index({ properties: ['organization', 'user', 'updatedAt'] })
export class Conversation extends TenantEntity {
  @Field(() => ID, { description: 'UUID of the conversation.' })
  declare id: string;

  @Field(() => Date, { description: 'When it was started (UTC).' })
  declare createdAt: Opt<Date>;

  @Field(() => Date, { description: 'When it last changed or was asked something (UTC).' })
  declare updatedAt: Opt<Date>;

  @ManyToOne({ entity: () => User, ref: true, deleteRule: 'cascade' })
  user!: Ref<User>;

  @Property({ type: 'string', length: 200 })
  @Field(() => String, { description: 'Title.' })
  title!: string;

  @Property({ type: 'text', default: '' })
  @Field(() => String, { description: 'Extra instructions for the co-pilot in this conversation (may be empty).' })
  systemPrompt: Opt<string> = '';
}

/** Token usage columns of an answer (zero for questions and for answers made without the model). */
export type UsageColumns = {
  model: string | null;
  promptTokens: number;
  completionTokens: number;
  totalTokens: number;
  latencyMs: number;
  modelCalls: number;
  usageEstimated: boolean;
};

/** One message of a conversation: a question or an answer, numbered in order. */
@Entity({ tableName: 'assistant_messages' })
@ObjectType({ implements: Node, description: 'A question or an answer in a conversation.' })
@Unique({ properties: ['conversation', 'position'] })
@Check({ name: 'assistant_messages_tokens_non_negative', expression: 'prompt_tokens >= 0 and completion_tokens >= 0 and total_tokens >= 0' })
export class AssistantMessage extends TenantEntity implements UsageColumns {
  @Field(() => ID, { description: 'UUID of the message.' })
  declare id: string;

  @Field(() => Date, { description: 'When it was written (UTC).' })
  declare createdAt: Opt<Date>;

  @ManyToOne({ entity: () => Conversation, ref: true, deleteRule: 'cascade' })
  conversation!: Ref<Conversation>;

  /** The conversation's member, repeated so row-level security can check it without a join. */
  @ManyToOne({ entity: () => User, ref: true, deleteRule: 'cascade', index: true })
  user!: Ref<User>;

  /** 1, 2, 3… within the conversation. */
  @Property({ type: 'integer' })
  position!: number;

  @Enum({ items: () => MessageRole, nativeEnumName: 'message_role' })
  @Field(() => MessageRole, { description: 'Question (USER) or answer (ASSISTANT).' })
  role!: MessageRole;

  @Property({ type: 'text' })
  @Field(() => String, { description: 'The text.' })
  content!: string;

  @Enum({ items: () => AnswerSource, nativeEnumName: 'answer_source', nullable: true })
  @Field(() => AnswerSource, { nullable: true, description: 'For answers: from the model, or a summary of the metrics.' })
  source: AnswerSource | null = null;

  @Property({ type: 'string', length: 200, nullable: true })
  model: string | null = null;

  @Property({ type: 'integer', default: 0 })
  promptTokens: Opt<number> = 0;

  @Property({ type: 'integer', default: 0 })
  completionTokens: Opt<number> = 0;

  @Property({ type: 'integer', default: 0 })
  totalTokens: Opt<number> = 0;

  @Property({ type: 'integer', default: 0 })
  latencyMs: Opt<number> = 0;

  @Property({ type: 'integer', default: 0 })
  modelCalls: Opt<number> = 0;

  @Property({ type: 'boolean', default: false })
  usageEstimated: Opt<boolean> = false;

  /** For answers: what was gathered and which tools ran. */
  @Property({ type: 'json', nullable: true })
  context: AssistantContext | null = null;

  @Property({ type: 'json', default: '[]' })
  diagnostics: Opt<AssistantDiagnostic[]> = [];
}

/**
 * Model usage per organization, UTC day and model. Kept apart from messages so that deleting a
 * conversation does not give its tokens back; the daily budget is read from here.
 */
@Entity({ tableName: 'assistant_usage_days' })
@Unique({ properties: ['organization', 'day', 'model'] })
export class AssistantUsageDay extends TenantEntity {
  @Property({ type: 'date' })
  day!: string;

  @Property({ type: 'string', length: 200 })
  model!: string;

  @Property({ type: 'integer', default: 0 })
  answers: Opt<number> = 0;

  @Property({ type: 'integer', default: 0 })
  modelCalls: Opt<number> = 0;

  @Property(bigintNumber({ default: 0 }))
  promptTokens: Opt<number> = 0;

  @Property(bigintNumber({ default: 0 }))
  completionTokens: Opt<number> = 0;

  @Property(bigintNumber({ default: 0 }))
  totalTokens: Opt<number> = 0;

  @Property(bigintNumber({ default: 0 }))
  latencyMs: Opt<number> = 0;

  /** Tokens reserved by model calls in flight (their prompt's estimate), released when the answer is recorded. */
  @Property(bigintNumber({ default: 0 }))
  reservedTokens: Opt<number> = 0;
}
