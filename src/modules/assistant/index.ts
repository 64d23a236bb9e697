import type { NodeSpec } from '../../shared/node.js';
import { AssistantMessage, AssistantUsageDay, Conversation } from './conversation.entity.js';
import { AskResolver } from './ask.resolver.js';
import { createAssistantLoaders } from './assistant.loaders.js';
import { assistantRules } from './assistant.rules.js';
import { AssistantMessageResolver, ConversationResolver } from './conversation.resolver.js';

export const assistantModule = {
  resolvers: [ConversationResolver, AssistantMessageResolver, AskResolver] as const,
  rules: assistantRules,
  loaders: createAssistantLoaders,
  /** Its entities, for the ORM (src/db/entities.ts). */
  entities: [Conversation, AssistantMessage, AssistantUsageDay],
  /** Conversations and their messages are private to their author, through `node` as through `conversation`. */
  nodes: [
    { entity: Conversation, query: 'conversation', ownedByUser: true },
    { entity: AssistantMessage, query: 'conversation', ownedByUser: true },
  ] satisfies NodeSpec[],
  handlers: [],
  schedules: [],
  tasks: [],
};
