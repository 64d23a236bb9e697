import type { GraphQLSchema } from 'graphql';
import type { Context } from '../../context.js';
import { actorOf } from '../../shared/context-access.js';
import { inShortTransaction } from '../../shared/transaction.js';
import { AnswerSource, DiagnosticCode, DiagnosticSeverity, ToolCallStatus } from './assistant-enums.js';
import { type DiagnosticData, emptyUsage, type ToolCallData, type UsageData } from './dto/assistant-context.dto.js';
import type { Gathered } from './gather.js';
import { type ChatMessage, type Completion, type ModelClient, ModelFailure, type ToolCall } from './model-client.js';
import { compact, fenceWithin, redactSecrets } from './prompt.js';
import { summarize } from './summary.js';
import { runTool, type ToolRun, type ToolSpec, toolSpecs } from './tools.js';
import { recordUsage, reserveTokens } from './usage.service.js';

/** Tool calls run per round; further calls of the same round are dropped. */
export const MAX_CALLS_PER_ROUND = 5;
/** Characters of one tool result sent to the model. */
const MAX_TOOL_RESULT_CHARS = 24_000;
/** Characters of an answer kept. */
const MAX_ANSWER_CHARS = 20_000;

/** An answer as it will be stored: its text and source, the tools that ran, its usage and diagnostics. */
export type Conversed = { content: string; source: AnswerSource; toolCalls: ToolCallData[]; usage: UsageData; diagnostics: DiagnosticData[] };

export const diagnostic = (code: DiagnosticCode, severity: DiagnosticSeverity, message: string, hint: string | null = null): DiagnosticData => ({
  code,
  severity,
  message,
  hint,
});

export const truncate = (text: string, max: number) => (text.length > max ? `${text.slice(0, max)}… (truncated)` : text);

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
export async function converse(
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
