import { AskResolver } from './ask.resolver.js';
import { assistantRules } from './assistant.rules.js';
import { AssistantMessageResolver, ConversationResolver } from './conversation.resolver.js';

export const assistantModule = {
  resolvers: [ConversationResolver, AssistantMessageResolver, AskResolver] as const,
  rules: assistantRules,
};
