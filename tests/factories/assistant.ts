import { expect } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { FeatureFlag } from '../../src/modules/core/feature-flag.entity.js';
import { SubscriptionPlan } from '../../src/modules/core/subscription-plan.entity.js';
import { AskAssistantDocument } from '../generated/graphql.js';
import type { TestApp } from '../helpers/harness.js';
import { unique } from './core.js';
import { caller } from './sales.js';

/** A private plan with exactly these features; returns its code (for memberOf). */
export async function planWith(t: TestApp, features: string[]): Promise<string> {
  const em = t.systemEm();
  const plan = em.create(SubscriptionPlan, { code: unique('plan'), name: 'Custom', monthlyPrice: { amount: 0, currency: 'USD' }, isPublic: false });
  plan.features.set(await em.find(FeatureFlag, { code: { $in: features } }));
  await em.flush();
  return plan.code;
}

/** Points the running app at another model configuration, parsed from environment variables as at start-up. */
export function configureModel(t: TestApp, env: Record<string, string>): void {
  const config = loadConfig({ NODE_ENV: 'test', ...env });
  t.services.config.openai = config.openai;
  t.services.config.assistant = config.assistant;
}

/** The assistant's API as one member. */
export function assistantOf(t: TestApp, token: string) {
  const api = caller(t, token);
  return {
    ...api,
    async conversation(title = 'Questions', systemPrompt?: string): Promise<string> {
      return (await api.mutate('createConversation', { title, systemPrompt }, 'conversation { id }')).conversation.id;
    },
    /** askAssistant's payload, failing on top-level errors. */
    async ask(conversationId: string, prompt: string) {
      const result = await t.op(AskAssistantDocument, { token, variables: { input: { conversationId, prompt } } });
      expect(result.errors, JSON.stringify(result.errors)).toBeUndefined();
      // Typed by codegen (checked against schema.graphql); the tests read nested fields freely.
      return result.data.askAssistant as any;
    },
  };
}
