import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { memberOf } from '../factories/core.js';
import { createVariant } from '../factories/catalog.js';
import { daysAgo, insertSales } from '../factories/analytics.js';
import { assistantOf, configureModel } from '../factories/assistant.js';
import { answer, failWith, FakeOpenAI } from '../helpers/fake-openai.js';
import { startTestApp, type TestApp } from '../helpers/harness.js';

const KEY = 'sk-test-diagnostics-0123456789abcdef';

type Diagnostic = { code: string; severity: string; message: string; hint: string | null };

describe('askAssistant when the model is missing or fails', () => {
  let t: TestApp;
  let fake: FakeOpenAI;
  let chat: ReturnType<typeof assistantOf>;
  let conversationId: string;
  const env = (extra: Record<string, string> = {}) => ({ OPENAI_API_KEY: KEY, OPENAI_BASE_URL: fake.url, OPENAI_MAX_RETRIES: '0', ...extra });

  beforeAll(async () => {
    fake = await FakeOpenAI.start();
    t = await startTestApp();
    const owner = await memberOf(t);
    chat = assistantOf(t, owner.token);
    const accountId = (await chat.mutate('createAccount', { name: 'Summary Co' }, 'account { id }')).account.id;
    const variant = await createVariant(t, owner.organization, { sku: 'SUM-1' });
    await insertSales(t, owner.organization.id, accountId, variant, [
      { at: daysAgo(2), quantity: 2, unitPrice: 5000 },
      { at: daysAgo(3), quantity: 1, unitPrice: 5000 },
    ]);
    conversationId = await chat.conversation();
  });
  afterAll(async () => {
    await t.close();
    await fake.close();
  });
  beforeEach(() => {
    fake.reset();
    configureModel(t, env());
  });

  /** Asks once; expects a summary answer with `code` first among the diagnostics. */
  async function expectSummary(code: string): Promise<Diagnostic> {
    const payload = await chat.ask(conversationId, 'How are we doing?');
    expect(payload.errors).toEqual([]);
    expect(payload.answer.source).toBe('SUMMARY');
    // The summary is built from the gathered metrics alone.
    expect(payload.answer.content).toContain('Booked revenue 150.00 USD from 2 orders');
    expect(payload.answer.content).toContain('SUM-1');
    expect(payload.diagnostics[0]).toMatchObject({ code, severity: 'ERROR' });
    expect(payload.diagnostics[0].hint).toBeTruthy();
    return payload.diagnostics[0];
  }

  it('without OPENAI_API_KEY: says what to configure and calls nothing', async () => {
    configureModel(t, { OPENAI_BASE_URL: fake.url });
    const diagnostic = await expectSummary('NOT_CONFIGURED');
    expect(diagnostic.message).toContain('OPENAI_API_KEY is not set');
    expect(diagnostic.hint).toContain('OPENAI_BASE_URL');
    expect(diagnostic.hint).toContain('OPENAI_MODEL');
    expect(fake.requests).toHaveLength(0);
  });

  it('with an unreachable endpoint: names the endpoint and OPENAI_BASE_URL', async () => {
    configureModel(t, env({ OPENAI_BASE_URL: 'http://user:pw@127.0.0.1:9/v1' }));
    const diagnostic = await expectSummary('UNREACHABLE');
    expect(diagnostic.message).toContain('http://127.0.0.1:9/v1');
    expect(diagnostic.message).not.toContain('pw');
    expect(diagnostic.hint).toContain('OPENAI_BASE_URL');
  });

  it('with an unknown model: names the model and OPENAI_MODEL', async () => {
    configureModel(t, env({ OPENAI_MODEL: 'gpt-nonexistent' }));
    fake.reply(failWith(404, 'The model `gpt-nonexistent` does not exist or you do not have access to it.', 'model_not_found'));
    const diagnostic = await expectSummary('UNKNOWN_MODEL');
    expect(diagnostic.message).toContain('"gpt-nonexistent"');
    expect(diagnostic.hint).toContain('OPENAI_MODEL');
    expect(fake.requests[0].body.model).toBe('gpt-nonexistent');
  });

  it('with a wrong path: a 404 not about the model points at OPENAI_BASE_URL', async () => {
    fake.reply({ status: 404, text: 'Not Found' });
    const diagnostic = await expectSummary('ENDPOINT_ERROR');
    expect(diagnostic.hint).toContain('OPENAI_BASE_URL');
  });

  it('with a refused key: AUTHENTICATION_FAILED, without echoing the key', async () => {
    fake.reply(failWith(401, `Incorrect API key provided: ${KEY}.`, 'invalid_api_key'));
    const diagnostic = await expectSummary('AUTHENTICATION_FAILED');
    expect(diagnostic.hint).toContain('OPENAI_API_KEY');
    expect(JSON.stringify(diagnostic)).not.toContain(KEY);
  });

  it('when rate-limited: retries OPENAI_MAX_RETRIES times, then RATE_LIMITED', async () => {
    configureModel(t, env({ OPENAI_MAX_RETRIES: '1' }));
    fake.reply(
      failWith(429, 'Slow down', 'rate_limit_exceeded', { 'retry-after-ms': '5' }),
      failWith(429, 'Slow down', 'rate_limit_exceeded', { 'retry-after-ms': '5' }),
    );
    const diagnostic = await expectSummary('RATE_LIMITED');
    expect(fake.requests).toHaveLength(2);
    expect(diagnostic.message).toContain('2 attempts');
  });

  it('on a timeout: TIMEOUT naming OPENAI_TIMEOUT_MS', async () => {
    configureModel(t, env({ OPENAI_TIMEOUT_MS: '200' }));
    fake.reply({ ...answer('too late'), delayMs: 1_000 });
    const diagnostic = await expectSummary('TIMEOUT');
    expect(diagnostic.message).toContain('200 ms');
    expect(diagnostic.hint).toContain('OPENAI_TIMEOUT_MS');
  });

  it('when the reply is not a chat completion: BAD_RESPONSE', async () => {
    fake.reply({ body: { choices: [] } }, { body: { choices: [{ message: { content: 42 } }] } }, { text: 'hello' });
    await expectSummary('BAD_RESPONSE');
    await expectSummary('BAD_RESPONSE');
    await expectSummary('BAD_RESPONSE');
  });

  it('on a server error: ENDPOINT_ERROR with the status', async () => {
    fake.reply(failWith(500, 'boom'));
    const diagnostic = await expectSummary('ENDPOINT_ERROR');
    expect(diagnostic.message).toContain('500');
  });

  it('estimates usage the endpoint did not report, and says so', async () => {
    fake.reply(answer('No usage here.', null));
    const payload = await chat.ask(conversationId, 'Anything?');
    expect(payload.answer.source).toBe('MODEL');
    expect(payload.usage.estimated).toBe(true);
    expect(payload.usage.promptTokens).toBeGreaterThan(100);
    expect(payload.diagnostics.map((d: Diagnostic) => d.code)).toEqual(['USAGE_ESTIMATED']);
  });

  it('stops at the daily token budget of each organization: no request once it is spent', async () => {
    const a = assistantOf(t, (await memberOf(t)).token);
    const b = assistantOf(t, (await memberOf(t)).token);
    const [aConversation, bConversation] = [await a.conversation(), await b.conversation()];
    configureModel(t, env({ ASSISTANT_DAILY_TOKEN_BUDGET: '150' }));
    fake.fallback = () => answer('Answered.', { prompt: 100, completion: 20 });
    expect((await a.ask(aConversation, 'One')).answer.source).toBe('MODEL'); // 120 used
    expect((await b.ask(bConversation, 'One')).answer.source).toBe('MODEL'); // another organization's 120
    expect((await a.ask(aConversation, 'Two')).answer.source).toBe('MODEL'); // 120 < 150 allowed: 240 used
    const third = await a.ask(aConversation, 'Three');
    expect(third.answer.source).toBe('SUMMARY');
    expect(third.diagnostics[0]).toMatchObject({
      code: 'BUDGET_EXHAUSTED',
      message: 'The organization has used 240 of its 150 model tokens today (UTC).',
    });
    expect(third.usage).toMatchObject({ modelCalls: 0, totalTokens: 0 });
    expect(fake.requests).toHaveLength(3);
    const report = `{ assistantUsage { usedToday remainingToday dailyTokenBudget totalTokens answers days { model answers modelCalls promptTokens completionTokens totalTokens } } }`;
    expect((await a.data(report)).assistantUsage).toEqual({
      usedToday: 240,
      remainingToday: 0,
      dailyTokenBudget: 150,
      totalTokens: 240,
      answers: 2,
      days: [{ model: 'gpt-4o-mini', answers: 2, modelCalls: 2, promptTokens: 200, completionTokens: 40, totalTokens: 240 }],
    });
    expect((await b.data(report)).assistantUsage).toMatchObject({ usedToday: 120, remainingToday: 30, answers: 1 });
  });
});
