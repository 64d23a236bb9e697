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
    await insertSales(t, owner.organization.id, acmeId, variant, Array.from({ length: 10 }, (_, i) => ({ at: daysAgo(i * 2 + 1), quantity: 3, unitPrice: 1200 })));
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
    expect(payload.usage).toMatchObject({ model: 'gpt-4o-mini', promptTokens: 900, completionTokens: 12, totalTokens: 912, modelCalls: 1, estimated: false });
    expect(payload.context.parts.map((p: { name: string; status: string }) => [p.name, p.status])).toEqual([
      ['salesMetrics', 'INCLUDED'],
      ['nextBestActions', 'EMPTY'],
      ['anomalies', 'EMPTY'],
      ['demandForecasts', 'INCLUDED'],
      ['priceRecommendations', 'INCLUDED'],
    ]);
    expect(fake.requests).toHaveLength(1);
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
    const stored = await chat.data(`query ($id: ID!) { conversation(id: $id) { messageCount messages { role content source usage { totalTokens } } } }`, { id });
    expect(stored.conversation.messageCount).toBe(2);
    expect(stored.conversation.messages).toEqual([
      { role: 'USER', content: 'How did sales go this month?', source: null, usage: null },
      { role: 'ASSISTANT', content: 'Booked revenue was 360.00 USD.', source: 'MODEL', usage: { totalTokens: 912 } },
    ]);
  });
});
