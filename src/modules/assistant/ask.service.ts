import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/sql';
import type { GraphQLSchema } from 'graphql';
import type { Config } from '../../config.js';
import type { Context } from '../../context.js';
import { actorOf, organizationOf } from '../../shared/context-access.js';
import { InputCheck } from '../../shared/input-check.js';
import { inTransaction, releaseRequestTransaction, reopenRequestTransaction } from '../../shared/transaction.js';
import { PayloadError, UserErrorCode } from '../../shared/user-error.js';
import { AnswerSource, ContextPartStatus, DiagnosticCode, DiagnosticSeverity, MessageRole } from './assistant-enums.js';
import { AssistantMessage, Conversation } from './conversation.entity.js';
import { type ChatActor, findConversation } from './conversation.service.js';
import { type AskAssistantInput, MAX_PROMPT } from './dto/assistant.dto.js';
import { type AssistantContext, type DiagnosticData, type UsageData } from './dto/assistant-context.dto.js';
import { type Gathered, gatherContext } from './gather.js';
import { type Conversed, converse, diagnostic, truncate } from './converse.js';
import { type ChatMessage, modelClientFor } from './model-client.js';
import { compact, fence, newFenceId, systemInstructions } from './prompt.js';
import { TOOL_NAMES } from './tools.js';
import { utcDay } from './usage.service.js';

/** Earlier messages of the conversation sent with a question (the most recent ones). */
export const HISTORY_MESSAGES = 20;
/** Characters of one earlier message sent again. */
const HISTORY_MESSAGE_CHARS = 4_000;
/** What an earlier summary answer is replaced by in the history sent to the model. */
export const SUMMARY_IN_HISTORY = '(The model was unavailable; a summary of the metrics was shown instead.)';

export type AskResult = {
  question: AssistantMessage;
  answer: AssistantMessage;
  context: AssistantContext;
  usage: UsageData;
  diagnostics: DiagnosticData[];
};

/** The question's context as the model reads it: each part with its status and (compacted) data, fenced as untrusted. */
function contextMessage(gathered: Gathered, fenceId: string): string {
  const parts = gathered.parts.map(({ part, data }) => ({
    name: part.name,
    description: part.description,
    status: part.status.toUpperCase(),
    ...(part.reason ? { note: part.reason } : {}),
    ...(data === null ? {} : { data: compact(data) }),
  }));
  return [
    `CRM data gathered for this question, for ${gathered.from.toISOString()} to ${gathered.to.toISOString()} (end exclusive, UTC).`,
    'Use the tools for other ranges, records or lists.',
    fence('analytics', { parts }, fenceId),
  ].join('\n');
}

function firstMessages(
  config: Config,
  organizationName: string,
  now: Date,
  conversation: Pick<Conversation, 'systemPrompt'>,
  history: AssistantMessage[],
  gathered: Gathered,
  prompt: string,
  fenceId: string,
): ChatMessage[] {
  const messages: ChatMessage[] = [
    {
      role: 'system',
      content: systemInstructions({ organizationName, today: utcDay(now), toolNames: config.assistant.maxToolRounds > 0 ? TOOL_NAMES : [] }),
    },
  ];
  if (conversation.systemPrompt) {
    messages.push({
      role: 'system',
      content: `Instructions from the member for this conversation (they do not override the rules above):\n${conversation.systemPrompt}`,
    });
  }
  for (const message of history) {
    if (message.role === MessageRole.USER) messages.push({ role: 'user', content: truncate(message.content, HISTORY_MESSAGE_CHARS) });
    // A summary quotes CRM text (names, reasons) outside any fence; its figures are gathered afresh anyway.
    else if (message.source === AnswerSource.SUMMARY) messages.push({ role: 'assistant', content: SUMMARY_IN_HISTORY });
    else messages.push({ role: 'assistant', content: truncate(message.content, HISTORY_MESSAGE_CHARS) });
  }
  messages.push({ role: 'user', content: `${contextMessage(gathered, fenceId)}\n\nQuestion: ${prompt}` });
  return messages;
}

function withheldDiagnostic(gathered: Gathered): DiagnosticData | null {
  const withheld = gathered.parts.filter((p) => p.part.status === ContextPartStatus.WITHHELD);
  if (withheld.length === 0) return null;
  return diagnostic(
    DiagnosticCode.CONTEXT_WITHHELD,
    DiagnosticSeverity.INFO,
    `Not gathered for you: ${withheld.map((p) => `${p.part.name} (${p.part.reason})`).join('; ')}.`,
    'An owner can change the plan (changePlan) to include the features named.',
  );
}

/** The last `limit` messages of a conversation, oldest first. */
async function recentMessages(em: EntityManager, conversationId: string, limit: number): Promise<AssistantMessage[]> {
  const latest = await em.find(AssistantMessage, { conversation: conversationId }, { orderBy: { position: 'desc' }, limit });
  return latest.reverse();
}

/** Appends the question and its answer to the conversation, numbered after what is there. */
function storeExchange(
  em: EntityManager,
  actor: ChatActor,
  conversationId: string,
  prompt: string,
  askedAt: Date,
  answeredAt: Date,
  conversed: Conversed,
  context: AssistantContext,
): Promise<{ question: AssistantMessage; answer: AssistantMessage }> {
  return inTransaction(em, async (tx) => {
    // Locked: concurrent questions in one conversation take positions one after the other.
    const conversation = await tx.findOne(Conversation, { id: conversationId, user: actor.userId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (!conversation) {
      throw PayloadError.of(UserErrorCode.INVALID_STATE, 'conversationId', 'The conversation was deleted while the assistant was answering');
    }
    const [{ last }] = await tx.execute<{ last: number }[]>(
      'select coalesce(max(position), 0)::int as last from assistant_messages where conversation_id = ? and organization_id = ?',
      [conversationId, actor.organizationId],
    );
    const common = { organization: actor.organizationId, conversation: conversationId, user: actor.userId };
    const question = tx.create(AssistantMessage, { ...common, position: last + 1, role: MessageRole.USER, content: prompt, createdAt: askedAt });
    const { usage } = conversed;
    const answer = tx.create(AssistantMessage, {
      ...common,
      position: last + 2,
      role: MessageRole.ASSISTANT,
      content: conversed.content,
      source: conversed.source,
      model: usage.model,
      promptTokens: usage.promptTokens,
      completionTokens: usage.completionTokens,
      totalTokens: usage.totalTokens,
      latencyMs: usage.latencyMs,
      modelCalls: usage.modelCalls,
      usageEstimated: usage.estimated,
      context,
      diagnostics: conversed.diagnostics,
      createdAt: answeredAt,
    });
    conversation.updatedAt = answeredAt;
    await tx.flush();
    return { question, answer };
  });
}

/**
 * Answers a question in one of the caller's conversations:
 * 1. in the request's transaction: checks the prompt, loads the conversation, its recent history
 *    and today's token use; then ends the transaction, so nothing is held while waiting;
 * 2. gathers the context through the schema as the caller and talks to the model (tools run in
 *    read-only transactions of their own);
 * 3. in a new request transaction: records the usage and stores the question and the answer.
 */
export async function askAssistant(ctx: Context, schema: GraphQLSchema, input: AskAssistantInput): Promise<AskResult> {
  const actor = actorOf(ctx);
  const { config, clock } = ctx.services;
  const check = new InputCheck();
  check.text('prompt', input.prompt, { max: MAX_PROMPT });
  check.done();
  const prompt = input.prompt.trim();
  const askedAt = clock.now();

  const conversation = await findConversation(ctx.em, actor, input.conversationId);
  const history = await recentMessages(ctx.em, conversation.id, HISTORY_MESSAGES);
  await releaseRequestTransaction(ctx);

  const gathered = await gatherContext(ctx, schema, askedAt);
  const fenceId = newFenceId();
  const messages = firstMessages(config, organizationOf(ctx).name, askedAt, conversation, history, gathered, prompt, fenceId);
  const conversed = await converse(ctx, schema, modelClientFor(config.openai), messages, gathered, fenceId, utcDay(askedAt));
  const withheld = withheldDiagnostic(gathered);
  if (withheld) conversed.diagnostics.push(withheld);
  const context: AssistantContext = {
    from: gathered.from.toISOString(),
    to: gathered.to.toISOString(),
    parts: gathered.parts.map((p) => p.part),
    toolCalls: conversed.toolCalls,
  };
  const answeredAt = new Date(Math.max(clock.now().getTime(), askedAt.getTime()));

  await reopenRequestTransaction(ctx);
  const { question, answer } = await storeExchange(ctx.em, actor, conversation.id, prompt, askedAt, answeredAt, conversed, context);
  ctx.log.info(
    {
      organizationId: actor.organizationId,
      conversationId: conversation.id,
      source: conversed.source,
      model: conversed.usage.model,
      modelCalls: conversed.usage.modelCalls,
      totalTokens: conversed.usage.totalTokens,
      latencyMs: conversed.usage.latencyMs,
      toolCalls: conversed.toolCalls.length,
      diagnostics: conversed.diagnostics.map((d) => d.code),
    },
    'assistant answered',
  );
  return { question, answer, context, usage: conversed.usage, diagnostics: conversed.diagnostics };
}
