import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the fake endpoint received, as sent. */
export type RecordedRequest = { method: string; path: string; headers: IncomingHttpHeaders; raw: string; body: any };

/** What the fake endpoint answers: a status, a JSON (or raw text) body, headers, after an optional delay. */
export type Reply = { status?: number; body?: unknown; text?: string; headers?: Record<string, string>; delayMs?: number };

type Responder = (request: RecordedRequest, index: number) => Reply | Promise<Reply>;

let ids = 0;

/** A chat completion with one choice carrying `message`. */
function completion(message: Record<string, unknown>, finishReason: string, usage: { prompt: number; completion: number } | null): Reply {
  return {
    body: {
      id: `chatcmpl-${++ids}`,
      object: 'chat.completion',
      created: 1_700_000_000,
      model: 'fake-model',
      choices: [{ index: 0, finish_reason: finishReason, message: { role: 'assistant', ...message } }],
      ...(usage
        ? { usage: { prompt_tokens: usage.prompt, completion_tokens: usage.completion, total_tokens: usage.prompt + usage.completion } }
        : {}),
    },
  };
}

/** A chat completion answering with text. */
export function answer(content: string, usage: { prompt: number; completion: number } | null = { prompt: 100, completion: 20 }): Reply {
  return completion({ content }, 'stop', usage);
}

/** A chat completion asking for tool calls. */
export function callTools(calls: { name: string; arguments: unknown }[], usage = { prompt: 120, completion: 30 }): Reply {
  const toolCalls = calls.map((call, i) => ({
    id: `call_${ids + 1}_${i}`,
    type: 'function',
    function: { name: call.name, arguments: typeof call.arguments === 'string' ? call.arguments : JSON.stringify(call.arguments) },
  }));
  return completion({ content: null, tool_calls: toolCalls }, 'tool_calls', usage);
}

/** An OpenAI-style error reply. */
export const failWith = (status: number, message: string, code: string | null = null, headers: Record<string, string> = {}): Reply => ({
  status,
  headers,
  body: { error: { message, type: 'invalid_request_error', param: null, code } },
});

/**
 * A small OpenAI-compatible HTTP server on 127.0.0.1 that records every request. Replies come from
 * a script (one per request, in order), then from `fallback`.
 */
export class FakeOpenAI {
  readonly requests: RecordedRequest[] = [];
  private script: (Reply | Responder)[] = [];
  fallback: Responder = () => answer('Fallback answer.');

  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  static async start(): Promise<FakeOpenAI> {
    let fake: FakeOpenAI | undefined;
    const server = createServer(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const raw = Buffer.concat(chunks).toString('utf8');
      let body: unknown = null;
      try {
        body = raw ? JSON.parse(raw) : null;
      } catch {
        body = null;
      }
      const recorded: RecordedRequest = { method: req.method ?? '', path: req.url ?? '', headers: req.headers, raw, body };
      const self = fake as FakeOpenAI;
      const index = self.requests.push(recorded) - 1;
      const next = self.script.shift() ?? self.fallback;
      const reply = typeof next === 'function' ? await next(recorded, index) : next;
      if (reply.delayMs) await new Promise((resolve) => setTimeout(resolve, reply.delayMs));
      if (res.destroyed) return;
      res.writeHead(reply.status ?? 200, { 'content-type': reply.text === undefined ? 'application/json' : 'text/plain', ...reply.headers });
      res.end(reply.text ?? JSON.stringify(reply.body ?? {}));
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const { port } = server.address() as AddressInfo;
    fake = new FakeOpenAI(server, `http://127.0.0.1:${port}/v1`);
    return fake;
  }

  /** Replies for the next requests, in order. */
  reply(...replies: (Reply | Responder)[]): this {
    this.script.push(...replies);
    return this;
  }

  reset(): void {
    this.requests.length = 0;
    this.script = [];
    this.fallback = () => answer('Fallback answer.');
  }

  /**
   * Every recorded request body as one string, raw and with the message texts decoded (so values are
   * found whether or not JSON escaped them): to search for what must or must not have been sent.
   */
  payloads(): string {
    const texts = this.requests.flatMap((r) =>
      (r.body?.messages ?? []).map((m: { content?: unknown }) => (typeof m.content === 'string' ? m.content : '')),
    );
    return [...this.requests.map((r) => r.raw), ...texts].join('\n');
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    this.server.close();
    await once(this.server, 'close').catch(() => undefined);
  }
}
