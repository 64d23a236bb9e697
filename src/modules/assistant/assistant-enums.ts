import { registerEnumType } from 'type-graphql';

export enum MessageRole {
  USER = 'user',
  ASSISTANT = 'assistant',
}

/** Where an assistant answer came from. */
export enum AnswerSource {
  MODEL = 'model',
  SUMMARY = 'summary',
}

export enum ContextPartStatus {
  INCLUDED = 'included',
  EMPTY = 'empty',
  WITHHELD = 'withheld',
  FAILED = 'failed',
}

export enum ToolCallStatus {
  OK = 'ok',
  REFUSED = 'refused',
  FAILED = 'failed',
}

export enum DiagnosticSeverity {
  INFO = 'info',
  WARNING = 'warning',
  ERROR = 'error',
}

/** What the assistant reports about the model call (or why there was none). */
export enum DiagnosticCode {
  NOT_CONFIGURED = 'not_configured',
  UNREACHABLE = 'unreachable',
  TIMEOUT = 'timeout',
  AUTHENTICATION_FAILED = 'authentication_failed',
  UNKNOWN_MODEL = 'unknown_model',
  RATE_LIMITED = 'rate_limited',
  REQUEST_REJECTED = 'request_rejected',
  ENDPOINT_ERROR = 'endpoint_error',
  BAD_RESPONSE = 'bad_response',
  BUDGET_EXHAUSTED = 'budget_exhausted',
  TOOL_ROUNDS_EXHAUSTED = 'tool_rounds_exhausted',
  CONTEXT_WITHHELD = 'context_withheld',
  USAGE_ESTIMATED = 'usage_estimated',
  INTERNAL_ERROR = 'internal_error',
}

registerEnumType(MessageRole, {
  name: 'MessageRole',
  description: 'Who wrote a conversation message.',
  valuesConfig: { USER: { description: 'The member asking.' }, ASSISTANT: { description: 'The co-pilot answering.' } },
});

registerEnumType(AnswerSource, {
  name: 'AnswerSource',
  description: 'Where an assistant answer came from.',
  valuesConfig: {
    MODEL: { description: 'The configured language model, grounded in the gathered metrics.' },
    SUMMARY: { description: 'A deterministic summary of the gathered metrics (the model was not configured, failed, or the budget was spent).' },
  },
});

registerEnumType(ContextPartStatus, {
  name: 'ContextPartStatus',
  description: 'What became of one part of the context the assistant gathers.',
  valuesConfig: {
    INCLUDED: { description: 'Gathered and sent with the question.' },
    EMPTY: { description: 'Gathered, but there was nothing to report (e.g. no sales in the range).' },
    WITHHELD: { description: "The caller's plan or role may not see it; see `reason`." },
    FAILED: { description: 'Gathering failed unexpectedly (logged); the answer does without it.' },
  },
});

registerEnumType(ToolCallStatus, {
  name: 'ToolCallStatus',
  description: 'Outcome of a read-only tool the model asked for.',
  valuesConfig: {
    OK: { description: 'Ran; its result was sent back to the model.' },
    REFUSED: { description: 'Not run or answered with an error: unknown tool, bad arguments, not found, or not allowed for the caller.' },
    FAILED: { description: 'Failed unexpectedly (logged).' },
  },
});

registerEnumType(DiagnosticSeverity, {
  name: 'DiagnosticSeverity',
  description: 'How much a diagnostic matters.',
  valuesConfig: {
    INFO: { description: 'For information; the answer is complete.' },
    WARNING: { description: 'The answer is less complete than it could be.' },
    ERROR: { description: 'The model could not answer; the answer is a summary of the metrics.' },
  },
});

registerEnumType(DiagnosticCode, {
  name: 'DiagnosticCode',
  description: 'What an assistant diagnostic is about.',
  valuesConfig: {
    NOT_CONFIGURED: { description: 'OPENAI_API_KEY is not set.' },
    UNREACHABLE: { description: 'The endpoint (OPENAI_BASE_URL) could not be reached.' },
    TIMEOUT: { description: 'The model did not answer within OPENAI_TIMEOUT_MS (after retries), or the answer outran ASSISTANT_DEADLINE_MS.' },
    AUTHENTICATION_FAILED: { description: 'The endpoint refused OPENAI_API_KEY (401/403).' },
    UNKNOWN_MODEL: { description: 'The endpoint does not know OPENAI_MODEL (404).' },
    RATE_LIMITED: { description: 'The endpoint rate-limited the request (429) after retries, or the quota is spent.' },
    REQUEST_REJECTED: { description: 'The endpoint rejected the request (400/422), e.g. a context too long for the model.' },
    ENDPOINT_ERROR: { description: 'The endpoint failed (5xx or another error).' },
    BAD_RESPONSE: { description: 'The endpoint answered with something that is not a usable chat completion.' },
    BUDGET_EXHAUSTED: { description: "The organization's daily token budget (ASSISTANT_DAILY_TOKEN_BUDGET) is spent." },
    TOOL_ROUNDS_EXHAUSTED: {
      description: 'The model asked for more tool rounds than allowed (ASSISTANT_MAX_TOOL_ROUNDS); it answered with what it had.',
    },
    CONTEXT_WITHHELD: { description: "Parts of the context were withheld: the caller's plan or role may not see them." },
    USAGE_ESTIMATED: { description: 'The endpoint reported no token usage; it was estimated from the text length.' },
    INTERNAL_ERROR: { description: 'Something failed inside SimplyCRM while answering (logged); the answer is a summary of the metrics.' },
  },
});
