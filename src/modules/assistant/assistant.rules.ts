import { allowAll, and, hasFeature, isMember, type RuleMap } from '../../shared/permissions.js';

/** Every member whose plan includes the co-pilot; what it gathers follows the member's own rules. */
const CHAT = and(isMember, hasFeature('assistant.chat'));

export const assistantRules: RuleMap = {
  Query: {
    conversation: CHAT,
    conversations: CHAT,
    assistantUsage: CHAT,
  },
  Mutation: {
    createConversation: CHAT,
    updateConversation: CHAT,
    deleteConversation: CHAT,
    askAssistant: CHAT,
  },
  ...allowAll(
    'Conversation',
    'ConversationConnection',
    'ConversationEdge',
    'AssistantMessage',
    'AssistantMessageConnection',
    'AssistantMessageEdge',
    'AssistantContext',
    'ContextPart',
    'ToolCallRecord',
    'AssistantDiagnostic',
    'TokenUsage',
    'ConversationPayload',
    'DeleteConversationPayload',
    'AskAssistantPayload',
    'AssistantUsageReport',
    'AssistantUsageDayRow',
  ),
};
