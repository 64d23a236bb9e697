import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/sql';
import type { GraphQLSchema } from 'graphql';
import type { Config } from '../../config.js';
import type { Context } from '../../context.js';
import { actorOf, organizationOf } from '../../shared/context-access.js';
import { InputCheck } from '../../shared/input-check.js';
import { inShortTransaction, inTransaction, releaseRequestTransaction, reopenRequestTransaction } from '../../shared/transaction.js';
import { PayloadError, UserErrorCode } from '../../shared/user-error.js';
import { AnswerSource, ContextPartStatus, DiagnosticCode, DiagnosticSeverity, MessageRole, ToolCallStatus } from './assistant-enums.js';
import { AssistantMessage, Conversation } from './conversation.entity.js';
import { type ChatActor, findConversation } from './conversation.service.js';
import { type AskAssistantInput, MAX_PROMPT } from './dto/assistant.dto.js';
import { type AssistantContext, type DiagnosticData, emptyUsage, type ToolCallData, type UsageData } from './dto/assistant-context.dto.js';
import { type Gathered, gatherContext } from './gather.js';
import { type ChatMessage, type Completion, type ModelClient, ModelFailure, modelClientFor, type ToolCall } from './model-client.js';
import { compact, fence, fenceWithin, newFenceId, redactSecrets, systemInstructions } from './prompt.js';
import { summarize } from './summary.js';
import { runTool, TOOL_NAMES, type ToolRun, type ToolSpec, toolSpecs } from './tools.js';
import { recordUsage, reserveTokens, utcDay } from './usage.service.js';

/** Earlier messages of the conversation sent with a question (the most recent ones). */
export const HISTORY_MESSAGES = 20;
/** Characters of one earlier message sent again. */
const HISTORY_MESSAGE_CHARS = 4_000;
/** Tool calls run per round; further calls of the same round are refused. */
export const MAX_CALLS_PER_ROUND = 5;
/** Characters of one tool result sent to the model. */
const MAX_TOOL_RESULT_CHARS = 24_000;
/** What an earlier summary answer is replaced by in the history sent to the model. */
export const SUMMARY_IN_HISTORY = '(The model was unavailable; a summary of the metrics was shown instead.)';
/** Characters of an answer kept. */
const MAX_ANSWER_CHARS = 20_000;

export type AskResult = {
  question: AssistantMessage;
  answer: AssistantMessage;
  context: AssistantContext;
  usage: UsageData;
  diagnostics: DiagnosticData[];
};

type Conversed = { content: string; source: AnswerSource; toolCalls: ToolCallData[]; usage: UsageData; diagnostics: DiagnosticData[] };

const diagnostic = (code: DiagnosticCode, severity: DiagnosticSeverity, message: string, hint: string | null = null): DiagnosticData => ({
  code,
  severity,
  message,
  hint,
});

const truncate = (text: string, max: number) => (text.length > max ? `${text.slice(0, max)}… (truncated)` : text);

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

/** Why the answer is a summary, as its first sentence. */
function summaryReason(failure: DiagnosticData): string {
  if (failure.code === DiagnosticCode.NOT_CONFIGURED) return 'The AI model is not configured yet, so this is a summary of your metrics.';
  if (failure.code === DiagnosticCode.BUDGET_EXHAUSTED) return "Today's AI token budget is used up, so this is a summary of your metrics.";
  return 'The AI model could not answer this time, so this is a summary of your metrics.';
}

const diagnosticOf = {
  notConfigured: () =>
    diagnostic(
      DiagnosticCode.NOT_CONFIGURED,
      DiagnosticSeverity.ERROR,
      'The AI model is not configured: OPENAI_API_KEY is not set on the server.',
      'Set OPENAI_API_KEY (any value for endpoints that need no key), and OPENAI_BASE_URL for an OpenAI-compatible endpoint other than api.openai.com, and OPENAI_MODEL to choose the model; then restart the server.',
    ),
  budget: (used: number, budget: number) =>
    diagnostic(
      DiagnosticCode.BUDGET_EXHAUSTED,
      DiagnosticSeverity.ERROR,
      `The organization has used ${used} of its ${budget} model tokens today (UTC).`,
      'The budget resets at midnight UTC; the operator can raise ASSISTANT_DAILY_TOKEN_BUDGET.',
    ),
  deadline: (deadlineMs: number) =>
    diagnostic(
      DiagnosticCode.TIMEOUT,
      DiagnosticSeverity.ERROR,
      `The answer took longer than ${deadlineMs} ms (ASSISTANT_DEADLINE_MS), model calls and tools together.`,
      'Try again, or ask a narrower question; the operator can raise ASSISTANT_DEADLINE_MS.',
    ),
  internal: () =>
    diagnostic(
      DiagnosticCode.INTERNAL_ERROR,
      DiagnosticSeverity.ERROR,
      'Something went wrong while answering (logged on the server).',
      'Try again; if it keeps happening, tell the operator the time of the question.',
    ),
  roundsUsed: (maxRounds: number) =>
    diagnostic(
      DiagnosticCode.TOOL_ROUNDS_EXHAUSTED,
      DiagnosticSeverity.INFO,
      `The model used all ${maxRounds} rounds of tool calls and answered with what it had.`,
      'Ask a narrower question, or the operator can raise ASSISTANT_MAX_TOOL_ROUNDS.',
    ),
  emptyAnswer: () =>
    diagnostic(
      DiagnosticCode.BAD_RESPONSE,
      DiagnosticSeverity.ERROR,
      'The model ended without an answer (it asked for tools it may no longer call).',
      'Ask again, or ask a narrower question.',
    ),
  estimated: () =>
    diagnostic(
      DiagnosticCode.USAGE_ESTIMATED,
      DiagnosticSeverity.INFO,
      'The endpoint reported no token usage; tokens were estimated from the length of what was sent and received (4 characters a token).',
    ),
};

/** One conversation with the model: its messages so far, and what it has cost. */
class ModelExchange {
  readonly usage: UsageData;
  readonly toolCalls: ToolCallData[] = [];
  readonly diagnostics: DiagnosticData[] = [];
  /** Tokens reserved against the budget by this answer's calls (released when its usage is recorded). */
  reserved = 0;
  answer: string | null = null;
  failure: DiagnosticData | null = null;
  private readonly outgoing: ChatMessage[];
  private readonly secrets: string[];
  private readonly deadline: number;

  constructor(
    private readonly ctx: Context,
    private readonly schema: GraphQLSchema,
    private readonly client: ModelClient,
    messages: ChatMessage[],
    private readonly fenceId: string,
    private readonly day: string,
  ) {
    const config = ctx.services.config;
    this.secrets = config.openai.apiKey ? [config.openai.apiKey] : [];
    this.outgoing = messages.map((m) => this.clean(m));
    this.usage = emptyUsage(client.model);
    this.deadline = performance.now() + config.assistant.deadlineMs;
  }

  /** Every message leaves redacted of secret-shaped text. */
  private clean(message: ChatMessage): ChatMessage {
    return typeof message.content === 'string' ? ({ ...message, content: redactSecrets(message.content, this.secrets) } as ChatMessage) : message;
  }

  /** Reserves the next call's prompt (estimated from its length) against the day's budget. */
  private async reserve(tools: ToolSpec[]): Promise<boolean> {
    const { config } = this.ctx.services;
    const estimate = Math.ceil((JSON.stringify(this.outgoing).length + JSON.stringify(tools).length) / 4);
    const { organizationId } = actorOf(this.ctx);
    const outcome = await inShortTransaction(this.ctx, () =>
      reserveTokens(this.ctx.em, organizationId, this.day, this.client.model, estimate, config.assistant.dailyTokenBudget),
    );
    if (!outcome.reserved) {
      this.failure = diagnosticOf.budget(outcome.used, config.assistant.dailyTokenBudget);
      return false;
    }
    this.reserved += estimate;
    return true;
  }

  /** Runs one round of tool calls (at most MAX_CALLS_PER_ROUND; the rest are noted, not echoed). */
  private async runTools(round: number, content: string | null, calls: ToolCall[]): Promise<void> {
    const taken = calls.slice(0, MAX_CALLS_PER_ROUND);
    this.outgoing.push({ role: 'assistant', content, tool_calls: taken });
    for (const call of taken) {
      let run: ToolRun;
      try {
        run = await runTool(this.ctx, this.schema, call.function.name, call.function.arguments);
      } catch (error) {
        this.ctx.log.error({ err: error, tool: call.function.name.slice(0, 80) }, 'assistant tool failed');
        run = {
          status: ToolCallStatus.FAILED,
          detail: 'failed unexpectedly (logged on the server)',
          arguments: {},
          result: null,
          error: 'failed unexpectedly',
        };
      }
      this.toolCalls.push({ round, name: call.function.name.slice(0, 80), arguments: run.arguments, status: run.status, detail: run.detail });
      const result =
        run.error === null
          ? fenceWithin(`tool ${call.function.name.slice(0, 80)}`, compact(run.result), this.fenceId, MAX_TOOL_RESULT_CHARS)
          : `Tool error: ${run.error}`;
      this.outgoing.push(this.clean({ role: 'tool', tool_call_id: call.id, content: result }));
    }
    if (calls.length > taken.length) {
      this.toolCalls.push({
        round,
        name: '(more calls)',
        arguments: {},
        status: ToolCallStatus.REFUSED,
        detail: `${calls.length - taken.length} more calls in this round were dropped: at most ${MAX_CALLS_PER_ROUND} per round`,
      });
    }
  }

  /** Asks, runs the tools asked for (at most `maxToolRounds` rounds), and ends with an answer or a failure. */
  async run(): Promise<void> {
    const { config } = this.ctx.services;
    const maxRounds = config.assistant.maxToolRounds;
    const tools = maxRounds > 0 ? toolSpecs() : [];
    for (let round = 0; ; ) {
      const timeLeft = this.deadline - performance.now();
      if (timeLeft <= 0) {
        this.failure = diagnosticOf.deadline(config.assistant.deadlineMs);
        return;
      }
      if (!(await this.reserve(tools))) return;
      const mayCallTools = round < maxRounds;
      let completion: Completion;
      try {
        completion = await this.client.complete(this.outgoing, tools, mayCallTools ? 'auto' : 'none', timeLeft);
      } catch (error) {
        if (!(error instanceof ModelFailure)) throw error;
        this.failure = error.diagnostic;
        return;
      }
      this.usage.modelCalls += 1;
      this.usage.promptTokens += completion.promptTokens;
      this.usage.completionTokens += completion.completionTokens;
      this.usage.totalTokens += completion.promptTokens + completion.completionTokens;
      this.usage.latencyMs += completion.latencyMs;
      this.usage.estimated ||= completion.estimated;
      if (completion.toolCalls.length > 0 && mayCallTools) {
        round += 1;
        await this.runTools(round, completion.content, completion.toolCalls);
        continue;
      }
      if (round > 0 && round >= maxRounds) this.diagnostics.push(diagnosticOf.roundsUsed(maxRounds));
      const text = completion.content?.trim() ?? '';
      if (text) this.answer = truncate(redactSecrets(text, this.secrets), MAX_ANSWER_CHARS);
      else this.failure = diagnosticOf.emptyAnswer();
      return;
    }
  }
}

/**
 * Asks the model within the daily budget and the answer's deadline. When there is no model, or it
 * fails, or anything else goes wrong, the answer is a summary of the gathered metrics and a
 * diagnostic says why. Whatever happened, the tokens spent are recorded and the reservations
 * released, in a short transaction of their own.
 */
async function converse(
  ctx: Context,
  schema: GraphQLSchema,
  client: ModelClient | null,
  messages: ChatMessage[],
  gathered: Gathered,
  fenceId: string,
  day: string,
): Promise<Conversed> {
  if (!client) {
    const failure = diagnosticOf.notConfigured();
    return {
      content: summarize(gathered, summaryReason(failure)),
      source: AnswerSource.SUMMARY,
      toolCalls: [],
      usage: emptyUsage(),
      diagnostics: [failure],
    };
  }
  const exchange = new ModelExchange(ctx, schema, client, messages, fenceId, day);
  try {
    await exchange.run();
  } catch (error) {
    ctx.log.error({ err: error }, 'assistant failed while answering');
    exchange.failure = diagnosticOf.internal();
  } finally {
    if (exchange.reserved > 0 || exchange.usage.modelCalls > 0) {
      const { organizationId } = actorOf(ctx);
      const answered = exchange.failure === null && exchange.answer !== null;
      await inShortTransaction(ctx, () =>
        recordUsage(ctx.em, organizationId, day, { ...exchange.usage, model: client.model }, exchange.reserved, answered),
      );
    }
  }
  const diagnostics = exchange.usage.estimated ? [...exchange.diagnostics, diagnosticOf.estimated()] : exchange.diagnostics;
  if (exchange.failure || exchange.answer === null) {
    const failure = exchange.failure ?? diagnosticOf.internal();
    return {
      content: summarize(gathered, summaryReason(failure)),
      source: AnswerSource.SUMMARY,
      toolCalls: exchange.toolCalls,
      usage: exchange.usage,
      diagnostics: [failure, ...diagnostics],
    };
  }
  return { content: exchange.answer, source: AnswerSource.MODEL, toolCalls: exchange.toolCalls, usage: exchange.usage, diagnostics };
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
