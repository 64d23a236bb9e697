import type OpenAI from 'openai';
import type { APIError } from 'openai';
import type { Config } from '../../config.js';
import { DiagnosticCode, DiagnosticSeverity } from './assistant-enums.js';
import type { DiagnosticData } from './dto/assistant-context.dto.js';
import { redactSecrets } from './prompt.js';
import type { ToolSpec } from './tools.js';

export const DEFAULT_BASE_URL = 'https://api.openai.com/v1';

/** A chat message as sent to the endpoint. */
export type ChatMessage =
  | { role: 'system' | 'user'; content: string }
  | { role: 'assistant'; content: string | null; tool_calls?: ToolCall[] }
  | { role: 'tool'; tool_call_id: string; content: string };

export type ToolCall = { id: string; type: 'function'; function: { name: string; arguments: string } };

export type Completion = {
  content: string | null;
  toolCalls: ToolCall[];
  promptTokens: number;
  completionTokens: number;
  /** True when the endpoint reported no usage and the tokens were estimated. */
  estimated: boolean;
  latencyMs: number;
};

/** The model could not give a completion; `diagnostic` says why and what to do. */
export class ModelFailure extends Error {
  constructor(readonly diagnostic: DiagnosticData) {
    super(diagnostic.message);
  }
}

export interface ModelClient {
  readonly model: string;
  /** One chat completion; `timeLeftMs` bounds it with its retries (the answer's overall deadline). */
  complete(messages: ChatMessage[], tools: ToolSpec[], toolChoice: 'auto' | 'none', timeLeftMs: number): Promise<Completion>;
}

const failure = (code: DiagnosticCode, message: string, hint: string) =>
  new ModelFailure({ code, severity: DiagnosticSeverity.ERROR, message, hint });

/** The endpoint as it may be shown: no credentials, no query string. */
export function endpointLabel(baseUrl: string | undefined): string {
  const url = new URL(baseUrl ?? DEFAULT_BASE_URL);
  return `${url.origin}${url.pathname.replace(/\/$/, '')}`;
}

/** The endpoint's own words, shortened and with anything secret-shaped removed. */
const said = (error: APIError, apiKey: string) => {
  const body = error.error as { message?: unknown } | undefined;
  const text = typeof body?.message === 'string' ? body.message : error.message;
  return redactSecrets(text, [apiKey]).slice(0, 300);
};

/** Turns an SDK error into a diagnostic naming what failed and what to configure. */
export function diagnose(error: unknown, config: Config['openai'], apiKey: string, sdk: Sdk): ModelFailure {
  const endpoint = endpointLabel(config.baseUrl);
  const tries = `${config.maxRetries + 1} attempt${config.maxRetries === 0 ? '' : 's'}`;
  if (error instanceof sdk.APIUserAbortError) {
    return failure(
      DiagnosticCode.TIMEOUT,
      `The answer ran out of time (ASSISTANT_DEADLINE_MS) while waiting for the model at ${endpoint}.`,
      'Try again, or ask a narrower question; the operator can raise ASSISTANT_DEADLINE_MS.',
    );
  }
  if (error instanceof sdk.APIConnectionTimeoutError) {
    return failure(
      DiagnosticCode.TIMEOUT,
      `The model at ${endpoint} did not answer within ${config.timeoutMs} ms (${tries}).`,
      'Try again; if it keeps happening raise OPENAI_TIMEOUT_MS or check the load of the endpoint.',
    );
  }
  if (error instanceof sdk.APIConnectionError) {
    const cause = (error.cause as { message?: string; code?: string } | undefined)?.code ?? error.message;
    return failure(
      DiagnosticCode.UNREACHABLE,
      `Could not reach the model endpoint ${endpoint} (${cause}; ${tries}).`,
      'Check OPENAI_BASE_URL and that the endpoint is running and reachable from the SimplyCRM server.',
    );
  }
  if (error instanceof sdk.AuthenticationError || error instanceof sdk.PermissionDeniedError) {
    return failure(
      DiagnosticCode.AUTHENTICATION_FAILED,
      `The endpoint ${endpoint} refused the API key (${error.status}): ${said(error, apiKey)}`,
      'Set OPENAI_API_KEY to a valid key for this endpoint (and check the key may use OPENAI_MODEL).',
    );
  }
  if (error instanceof sdk.NotFoundError) {
    const aboutModel = error.code === 'model_not_found' || /model/i.test(said(error, apiKey));
    return aboutModel
      ? failure(
          DiagnosticCode.UNKNOWN_MODEL,
          `The endpoint ${endpoint} does not know the model "${config.model}": ${said(error, apiKey)}`,
          'Set OPENAI_MODEL to a model this endpoint serves (e.g. gpt-4o-mini on OpenAI).',
        )
      : failure(
          DiagnosticCode.ENDPOINT_ERROR,
          `${endpoint}/chat/completions does not exist (404).`,
          'Check OPENAI_BASE_URL: it should be the API root of an OpenAI-compatible server, usually ending in /v1.',
        );
  }
  if (error instanceof sdk.RateLimitError) {
    const quota = error.code === 'insufficient_quota';
    return failure(
      DiagnosticCode.RATE_LIMITED,
      quota
        ? `The account behind OPENAI_API_KEY has no quota left: ${said(error, apiKey)}`
        : `The endpoint ${endpoint} is rate-limiting requests (429, ${tries}).`,
      quota ? "Add credit or raise the quota with the endpoint's provider." : 'Wait a moment and ask again.',
    );
  }
  if (error instanceof sdk.BadRequestError || error instanceof sdk.UnprocessableEntityError) {
    return failure(
      DiagnosticCode.REQUEST_REJECTED,
      `The endpoint rejected the request (${error.status}): ${said(error, apiKey)}`,
      'If the conversation is long, start a new one; otherwise check that OPENAI_MODEL supports chat completions with tools.',
    );
  }
  if (error instanceof sdk.APIError) {
    return failure(
      DiagnosticCode.ENDPOINT_ERROR,
      `The endpoint ${endpoint} failed (${error.status ?? 'no status'}, ${tries}): ${said(error, apiKey)}`,
      'Try again later; if it persists, check the endpoint.',
    );
  }
  return failure(
    DiagnosticCode.BAD_RESPONSE,
    `The endpoint ${endpoint} did not return a usable chat completion.`,
    'Check that OPENAI_BASE_URL points at an OpenAI-compatible chat completions API.',
  );
}

const badResponse = (config: Config['openai'], what: string) =>
  failure(
    DiagnosticCode.BAD_RESPONSE,
    `The endpoint ${endpointLabel(config.baseUrl)} answered, but ${what}.`,
    'Check that OPENAI_BASE_URL points at an OpenAI-compatible chat completions API and OPENAI_MODEL is a chat model.',
  );

/** Token counts past this are not believed (and would overflow the usage columns): they are estimated instead. */
const MAX_REPORTED_TOKENS = 10_000_000;
const isCount = (value: unknown): value is number =>
  typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= MAX_REPORTED_TOKENS;
const estimateTokens = (chars: number) => Math.ceil(chars / 4);

/** Checks a reply's shape strictly: whatever the endpoint sends, only text and function calls get through. */
function readCompletion(raw: unknown, config: Config['openai'], sentChars: number, latencyMs: number): Completion {
  const reply = raw as { choices?: unknown; usage?: { prompt_tokens?: unknown; completion_tokens?: unknown } | null } | null;
  if (!reply || !Array.isArray(reply.choices) || reply.choices.length === 0) throw badResponse(config, 'the reply has no choices');
  const choice = reply.choices[0] as { message?: unknown } | null | undefined;
  const message = choice?.message as { content?: unknown; tool_calls?: unknown } | null | undefined;
  if (!message || typeof message !== 'object') throw badResponse(config, 'the first choice has no message');
  const content = message.content;
  if (content !== null && content !== undefined && typeof content !== 'string') throw badResponse(config, 'the message content is not text');
  const calls = message.tool_calls ?? [];
  if (!Array.isArray(calls)) throw badResponse(config, 'tool_calls is not a list');
  const toolCalls: ToolCall[] = calls.map((call: unknown, index: number) => {
    const c = call as { id?: unknown; function?: { name?: unknown; arguments?: unknown } } | null;
    if (typeof c?.function?.name !== 'string') throw badResponse(config, `tool call ${index + 1} has no function name`);
    const args = c.function.arguments;
    return {
      id: typeof c.id === 'string' && c.id.length > 0 ? c.id.slice(0, 200) : `call_${index + 1}`,
      type: 'function',
      function: { name: c.function.name, arguments: typeof args === 'string' ? args : JSON.stringify(args ?? {}) },
    };
  });
  const text = typeof content === 'string' ? content : null;
  if (!text?.trim() && toolCalls.length === 0) throw badResponse(config, 'the answer is empty');
  const usage = reply.usage;
  if (usage && isCount(usage.prompt_tokens) && isCount(usage.completion_tokens)) {
    return { content: text, toolCalls, promptTokens: usage.prompt_tokens, completionTokens: usage.completion_tokens, estimated: false, latencyMs };
  }
  const gotChars = (text?.length ?? 0) + toolCalls.reduce((sum, c) => sum + c.function.arguments.length, 0);
  return {
    content: text,
    toolCalls,
    promptTokens: estimateTokens(sentChars),
    completionTokens: estimateTokens(gotChars),
    estimated: true,
    latencyMs,
  };
}

/**
 * The configured OpenAI-compatible endpoint, or null when no key is set. One client per
 * configuration: the SDK pools connections.
 */
const clients = new WeakMap<Config['openai'], ModelClient>();

type Sdk = typeof import('openai');
/** The SDK is loaded on the first completion (about 20 MB a process without the assistant never pays). */
let sdkModule: Promise<Sdk> | undefined;
const loadSdk = () => {
  sdkModule ??= import('openai');
  return sdkModule;
};

export function modelClientFor(config: Config['openai']): ModelClient | null {
  const apiKey = config.apiKey;
  if (!apiKey) return null;
  let client = clients.get(config);
  if (!client) {
    let api: OpenAI | undefined;
    client = {
      model: config.model,
      async complete(messages, tools, toolChoice, timeLeftMs) {
        const started = performance.now();
        const sdk = await loadSdk();
        api ??= new sdk.default({
          apiKey,
          baseURL: config.baseUrl ?? DEFAULT_BASE_URL,
          timeout: config.timeoutMs,
          maxRetries: config.maxRetries,
          logLevel: 'off',
        });
        let raw: unknown;
        try {
          raw = await api.chat.completions.create(
            {
              model: config.model,
              messages: messages as OpenAI.Chat.Completions.ChatCompletionMessageParam[],
              ...(tools.length > 0 ? { tools: tools as OpenAI.Chat.Completions.ChatCompletionTool[], tool_choice: toolChoice } : {}),
            },
            { signal: AbortSignal.timeout(Math.max(1, Math.ceil(timeLeftMs))) },
          );
        } catch (error) {
          // The SDK's own errors describe the endpoint; anything else is ours, and is not dressed up as the endpoint's.
          if (!(error instanceof sdk.OpenAIError)) throw error;
          throw diagnose(error, config, apiKey, sdk);
        }
        const sentChars = JSON.stringify(messages).length + (tools.length > 0 ? JSON.stringify(tools).length : 0);
        return readCompletion(raw, config, sentChars, Math.round(performance.now() - started));
      },
    };
    clients.set(config, client);
  }
  return client;
}
