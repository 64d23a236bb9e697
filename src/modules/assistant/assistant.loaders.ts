import type { EntityManager } from '@mikro-orm/sql';
import DataLoader from 'dataloader';
import { groupBy } from '../core/core.loaders.js';
import { AssistantMessage } from './conversation.entity.js';

/** Most messages a conversation's `messages` field returns (its latest ones). */
export const MESSAGE_LIMIT = 100;

/**
 * Per-request loaders of the assistant module: one statement per loader per tick, whatever the
 * number of conversations. The SQL names the organization; row-level security (tenant and own-user
 * policies) holds the same boundary.
 */
export function createAssistantLoaders(em: EntityManager, organizationId: string | null) {
  return {
    /** The latest MESSAGE_LIMIT messages of each conversation, oldest first (cut per conversation in SQL). */
    recentMessagesByConversationId: new DataLoader<string, AssistantMessage[]>(async (ids) => {
      const rows = await em.execute<Record<string, unknown>[]>(
        `select * from (
           select m.*, row_number() over (partition by m.conversation_id order by m.position desc) as recency
           from assistant_messages m where m.organization_id = ? and m.conversation_id in (${ids.map(() => '?').join(', ')})
         ) t where recency <= ? order by conversation_id, position`,
        [organizationId, ...ids, MESSAGE_LIMIT],
      );
      const messages = rows.map(({ recency: _recency, ...row }) => em.map(AssistantMessage, row as never));
      return groupBy(ids, messages, (message) => message.conversation.id);
    }),
    messageCountByConversationId: new DataLoader<string, number>(async (ids) => {
      const rows = await em.execute<{ conversation_id: string; messages: number }[]>(
        `select conversation_id, count(*)::int as messages from assistant_messages
         where organization_id = ? and conversation_id in (${ids.map(() => '?').join(', ')}) group by conversation_id`,
        [organizationId, ...ids],
      );
      const counts = new Map(rows.map((row) => [row.conversation_id, row.messages]));
      return ids.map((id) => counts.get(id) ?? 0);
    }),
  };
}

export type AssistantLoaders = ReturnType<typeof createAssistantLoaders>;
