import { nodesOf } from '../factories/sales.js';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { memberOf } from '../factories/core.js';
import { createVariant } from '../factories/catalog.js';
import { daysAgo, insertSales } from '../factories/analytics.js';
import { assistantOf, configureModel } from '../factories/assistant.js';
import { answer, callTools, FakeOpenAI } from '../helpers/fake-openai.js';
import { startTestApp, type TestApp } from '../helpers/harness.js';

const KEY = 'sk-test-0123456789abcdefghijklmnop';

describe('askAssistant against an OpenAI-compatible endpoint', () => {
  let t: TestApp;
  let fake: FakeOpenAI;
  let owner: Awaited<ReturnType<typeof memberOf>>;
  let chat: ReturnType<typeof assistantOf>;
  let acmeId: string;

  beforeAll(async () => {
    fake = await FakeOpenAI.start();
    t = await startTestApp();
    configureModel(t, { OPENAI_API_KEY: KEY, OPENAI_BASE_URL: fake.url, OPENAI_MAX_RETRIES: '0' });
    owner = await memberOf(t);
    chat = assistantOf(t, owner.token);
    acmeId = (await chat.mutate('createAccount', { name: 'Acme Retail', industry: 'Retail' }, 'account { id }')).account.id;
    const variant = await createVariant(t, owner.organization, { sku: 'MUG-1' });
    // 10 orders of 3 mugs at 12.00 in the last 30 days: 360.00 USD booked.
    await insertSales(
      t,
      owner.organization.id,
      acmeId,
      variant,
      Array.from({ length: 10 }, (_, i) => ({ at: daysAgo(i * 2 + 1), quantity: 3, unitPrice: 1200 })),
    );
  });
  afterAll(async () => {
    await t.close();
    await fake.close();
  });
  beforeEach(() => fake.reset());

  it('answers from the model with the gathered metrics in the prompt, and stores both messages', async () => {
    const id = await chat.conversation('Weekly review', 'Answer in two sentences.');
    fake.reply(answer('Booked revenue was 360.00 USD.', { prompt: 900, completion: 12 }));
    const payload = await chat.ask(id, 'How did sales go this month?');
    expect(payload.errors).toEqual([]);
    expect(payload.diagnostics).toEqual([]);
    expect(payload.answer).toMatchObject({ role: 'ASSISTANT', source: 'MODEL', content: 'Booked revenue was 360.00 USD.' });
    expect(payload.usage).toMatchObject({
      model: 'gpt-4o-mini',
      promptTokens: 900,
      completionTokens: 12,
      totalTokens: 912,
      modelCalls: 1,
      estimated: false,
    });
    expect(payload.context.parts.map((p: { name: string; status: string }) => [p.name, p.status])).toEqual([
      ['salesMetrics', 'INCLUDED'],
      ['nextBestActions', 'EMPTY'],
      ['anomalies', 'EMPTY'],
      ['demandForecasts', 'INCLUDED'],
      ['priceRecommendations', 'INCLUDED'],
    ]);
    expect(fake.requests).toHaveLength(1);
    if (process.env.DUMP_PROMPT) console.log(JSON.stringify(fake.requests[0].body, null, 1));
    const [request] = fake.requests;
    expect(request.path).toBe('/v1/chat/completions');
    expect(request.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(request.body.model).toBe('gpt-4o-mini');
    const messages = request.body.messages;
    expect(messages[0].role).toBe('system');
    expect(messages[1]).toEqual({ role: 'system', content: expect.stringContaining('Answer in two sentences.') });
    const last = messages.at(-1);
    expect(last.role).toBe('user');
    expect(last.content).toContain('Question: How did sales go this month?');
    expect(last.content).toContain('"bookedRevenue":"360.00 USD"');
    expect(last.content).toContain('"orderCount":10');
    expect(last.content).toContain('MUG-1');
    expect(request.body.tools.map((tool: { function: { name: string } }) => tool.function.name)).toEqual([
      'sales_metrics',
      'revenue_forecast',
      'demand_forecast',
      'price_recommendations',
      'next_best_actions',
      'anomalies',
      'get_record',
      'list_records',
    ]);
    const stored = await chat.data(
      `query ($id: ID!) { conversation(id: $id) { messageCount messages { edges { node { role content source usage { totalTokens } } } } } }`,
      { id },
    );
    expect(stored.conversation.messageCount).toBe(2);
    // Newest first.
    expect(nodesOf(stored.conversation.messages)).toEqual([
      { role: 'ASSISTANT', content: 'Booked revenue was 360.00 USD.', source: 'MODEL', usage: { totalTokens: 912 } },
      { role: 'USER', content: 'How did sales go this month?', source: null, usage: null },
    ]);
  });

  it('sends the conversation history, oldest first, before the new question', async () => {
    const id = await chat.conversation();
    fake.reply(answer('First answer.'), answer('Second answer.'));
    await chat.ask(id, 'First question?');
    await chat.ask(id, 'And then?');
    const messages = fake.requests[1].body.messages.filter((m: { role: string }) => m.role !== 'system');
    expect(messages.slice(0, 2)).toEqual([
      { role: 'user', content: 'First question?' },
      { role: 'assistant', content: 'First answer.' },
    ]);
    expect(messages[2].content).toContain('Question: And then?');
  });

  it('runs the tools the model calls, as the caller, and sends their results back', async () => {
    const id = await chat.conversation();
    fake.reply(
      callTools([
        { name: 'get_record', arguments: { type: 'account', id: acmeId } },
        { name: 'sales_metrics', arguments: { from: '2026-01-01', to: '2026-12-31', granularity: 'MONTH' } },
      ]),
      answer('Acme Retail is in Retail.'),
    );
    const payload = await chat.ask(id, 'Tell me about Acme');
    expect(payload.answer).toMatchObject({ source: 'MODEL', content: 'Acme Retail is in Retail.' });
    expect(payload.context.toolCalls).toEqual([
      { round: 1, name: 'get_record', arguments: { type: 'account', id: acmeId }, status: 'OK', detail: '1 record' },
      {
        round: 1,
        name: 'sales_metrics',
        arguments: { from: '2026-01-01', to: '2026-12-31', granularity: 'MONTH' },
        status: 'OK',
        detail: 'sales metrics with 12 periods',
      },
    ]);
    expect(payload.usage).toMatchObject({ modelCalls: 2, promptTokens: 220, completionTokens: 50, totalTokens: 270 });
    expect(fake.requests).toHaveLength(2);
    const second = fake.requests[1].body.messages;
    const asked = second.find((m: { role: string; tool_calls?: unknown[] }) => m.role === 'assistant' && m.tool_calls);
    const results = second.filter((m: { role: string }) => m.role === 'tool');
    expect(results.map((m: { tool_call_id: string }) => m.tool_call_id)).toEqual(asked.tool_calls.map((c: { id: string }) => c.id));
    expect(results[0].content).toMatch(/^<crm-data source="tool get_record" id="[0-9a-f]+">/);
    expect(results[0].content).toContain('"name":"Acme Retail"');
    expect(results[0].content).toContain('"industry":"Retail"');
    expect(results[1].content).toContain('"bookedRevenue":"360.00 USD"');
  });

  it('reads every record type through get_record and list_records', async () => {
    const id = await chat.conversation();
    const types = ['account', 'contact', 'lead', 'opportunity', 'order', 'invoice', 'product', 'variant', 'activity'];
    fake.reply(
      callTools(types.slice(0, 5).map((type) => ({ name: 'list_records', arguments: { type, first: 2 } }))),
      callTools(types.slice(5).map((type) => ({ name: 'list_records', arguments: { type, first: 2 } }))),
      callTools([
        { name: 'get_record', arguments: { type: 'account', id: acmeId } },
        { name: 'revenue_forecast', arguments: { horizonMonths: 3 } },
      ]),
      answer('Listed.'),
    );
    const payload = await chat.ask(id, 'List everything');
    expect(payload.context.toolCalls.map((c: { status: string; detail: string }) => [c.status, c.detail])).toEqual([
      ['OK', '1 of 1 records'], // account
      ['OK', '0 of 0 records'],
      ['OK', '0 of 0 records'],
      ['OK', '0 of 0 records'],
      ['OK', '2 of 10 records'], // orders, with lines
      ['OK', '0 of 0 records'],
      ['OK', '1 of 1 records'], // product
      ['OK', '1 of 1 records'], // variant
      ['OK', '0 of 0 records'],
      ['OK', '1 record'],
      ['OK', 'revenue forecast of 3 months'],
    ]);
    const orders = fake.requests[1].body.messages.filter((m: { role: string }) => m.role === 'tool')[4].content;
    expect(orders).toContain('"sku":"MUG-1"');
    expect(orders).toContain('"totalCount":10');
  });

  it('bounds the rounds of tool calls and then makes the model answer', async () => {
    configureModel(t, { OPENAI_API_KEY: KEY, OPENAI_BASE_URL: fake.url, OPENAI_MAX_RETRIES: '0', ASSISTANT_MAX_TOOL_ROUNDS: '2' });
    try {
      const id = await chat.conversation();
      fake.fallback = (request) =>
        request.body.tool_choice === 'none' ? answer('Here is what I found.') : callTools([{ name: 'next_best_actions', arguments: {} }]);
      const payload = await chat.ask(id, 'Keep digging');
      expect(fake.requests.map((r) => r.body.tool_choice)).toEqual(['auto', 'auto', 'none']);
      expect(payload.context.toolCalls.map((c: { round: number }) => c.round)).toEqual([1, 2]);
      expect(payload.answer.content).toBe('Here is what I found.');
      expect(payload.diagnostics.map((d: { code: string }) => d.code)).toEqual(['TOOL_ROUNDS_EXHAUSTED']);
    } finally {
      configureModel(t, { OPENAI_API_KEY: KEY, OPENAI_BASE_URL: fake.url, OPENAI_MAX_RETRIES: '0' });
    }
  });

  it('refuses tool calls it does not know or whose arguments do not fit, and tells the model why', async () => {
    const id = await chat.conversation();
    fake.reply(
      callTools([
        { name: 'run_graphql', arguments: { query: 'mutation { deleteAccount(input: { id: "x" }) { errors { code } } }' } },
        { name: 'get_record', arguments: { type: 'user', id: owner.user.id } },
        { name: 'list_records', arguments: '{not json' },
        { name: 'list_records', arguments: { type: 'account', filter: { name: { like: '%' } } } },
        { name: 'sales_metrics', arguments: { from: '2026-02-01', to: '2026-01-01' } },
        { name: 'anomalies', arguments: { from: '2026-01-01', to: '2026-02-01' } },
      ]),
      answer('Some of that did not work.'),
    );
    const payload = await chat.ask(id, 'Try things');
    expect(payload.context.toolCalls.map((c: { name: string; status: string; detail: string }) => [c.name, c.status, c.detail])).toEqual([
      ['run_graphql', 'REFUSED', expect.stringMatching(/^unknown tool "run_graphql"; the tools are sales_metrics, /)],
      ['get_record', 'REFUSED', expect.stringContaining('invalid arguments: type must be one of account, contact, lead')],
      ['list_records', 'REFUSED', 'arguments are not valid JSON'],
      ['list_records', 'REFUSED', expect.stringContaining('invalid arguments: Variable "$filter" got invalid value')],
      ['sales_metrics', 'REFUSED', 'invalid arguments: to must be after from'],
      ['(more calls)', 'REFUSED', '1 more calls in this round were dropped: at most 5 per round'],
    ]);
    // Only the calls that ran are echoed back, each with its result.
    const second = fake.requests[1].body.messages;
    expect(second.find((m: { tool_calls?: unknown[] }) => m.tool_calls).tool_calls).toHaveLength(5);
    const results = second.filter((m: { role: string }) => m.role === 'tool');
    expect(results).toHaveLength(5);
    expect(results[0].content).toMatch(/^Tool error: unknown tool/);
    // Nothing was deleted.
    expect((await chat.data('query ($id: ID!) { account(id: $id) { name } }', { id: acmeId })).account.name).toBe('Acme Retail');
  });

  it('refuses a prompt that is empty or too long, storing nothing', async () => {
    const id = await chat.conversation();
    for (const prompt of ['   ', 'x'.repeat(4001)]) {
      const payload = await chat.ask(id, prompt);
      expect(payload.errors).toEqual([{ field: 'prompt', code: prompt.trim() ? 'INVALID' : 'REQUIRED', message: expect.any(String) }]);
      expect(payload.answer).toBeNull();
    }
    expect(fake.requests).toHaveLength(0);
    expect((await chat.data('query ($id: ID!) { conversation(id: $id) { messageCount } }', { id })).conversation.messageCount).toBe(0);
  });

  it('must be sent alone: with another mutation in the operation it is refused before anything runs', async () => {
    const id = await chat.conversation();
    const result = await chat.gql(
      `mutation ($id: ID!) { askAssistant(input: { conversationId: $id, prompt: "hi" }) { errors { code } } createAccount(input: { name: "Sneaky" }) { errors { code } } }`,
      { id },
    );
    expect(result.errors?.[0]).toMatchObject({
      message: 'askAssistant must be sent without other mutations in the same operation: send it in an operation of its own',
      extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
    });
    expect(fake.requests).toHaveLength(0);
    const { accounts } = await chat.data('{ accounts(filter: { name: { eq: "Sneaky" } }) { totalCount } }');
    expect(accounts.totalCount).toBe(0);
  });

  it('numbers concurrent questions in one conversation one after the other', async () => {
    const id = await chat.conversation();
    fake.fallback = (request) => answer(`Re: ${request.body.messages.at(-1).content.split('Question: ')[1]}`);
    const asked = await Promise.all(['A', 'B', 'C'].map((q) => chat.ask(id, q)));
    for (const [i, q] of ['A', 'B', 'C'].entries()) expect(asked[i].answer.content).toBe(`Re: ${q}`);
    const { conversation } = await chat.data(
      'query ($id: ID!) { conversation(id: $id) { messageCount messages { edges { node { role content } } } } }',
      {
        id,
      },
    );
    expect(conversation.messageCount).toBe(6);
    // Each answer follows its own question (the connection is newest first).
    const messages = nodesOf<{ role: string; content: string }>(conversation.messages).reverse();
    for (let i = 0; i < 6; i += 2) {
      expect(messages[i].role).toBe('USER');
      expect(messages[i + 1]).toEqual({ role: 'ASSISTANT', content: `Re: ${messages[i].content}` });
    }
  });

  it('holds no database transaction while it waits for the model: other requests go on', async () => {
    const id = await chat.conversation();
    let release: () => void = () => undefined;
    const waiting = new Promise<void>((resolve) => {
      release = resolve;
    });
    fake.reply(async () => {
      await waiting;
      return answer('Done waiting.');
    });
    const asking = chat.ask(id, 'Slow question');
    while (fake.requests.length === 0) await new Promise((resolve) => setTimeout(resolve, 10));
    // The model is "thinking": a write and a read of the same organization complete meanwhile.
    const created = await chat.mutate('createAccount', { name: 'Meanwhile Ltd' }, 'account { id }');
    expect(created.account.id).toBeTruthy();
    if (t.usesPostgres) {
      const [idle] = await t
        .systemEm()
        .execute(`select count(*)::int as n from pg_stat_activity where datname = current_database() and state like 'idle in transaction%'`);
      expect(idle.n).toBe(0);
    }
    release();
    expect((await asking).answer.content).toBe('Done waiting.');
  });
});
