import type { EntityManager } from '@mikro-orm/sql';
import DataLoader from 'dataloader';
import { groupBy } from '../core/core.loaders.js';
import { AssistantMessage } from './conversation.entity.js';

/** Largest page of a conversation's messages (the connection's page-size cap). */
export const MESSAGE_LIMIT = 100;

/** A page of a conversation's messages: how many, and before which position (newest first). */
export type MessagePageKey = { id: string; limit: number; before: number | null };

/**
 * Per-request loaders of the assistant module: one statement per loader per tick, whatever the
 * number of conversations. The SQL names the organization; row-level security (tenant and own-user
 * policies) holds the same boundary.
 */
export function createAssistantLoaders(em: EntityManager, organizationId: string | null) {
  return {
    /**
     * A page of each conversation's messages, newest first: the `limit + 1` before the cursor's
     * position (the largest limit of the batch; one more tells whether a page follows), cut per
     * conversation in SQL. One statement per distinct cursor in the batch (the operation fixes those).
     */
    messagePageByConversationId: new DataLoader<MessagePageKey, AssistantMessage[], string>(
      async (keys) => {
        const groups = new Map<number | null, MessagePageKey[]>();
        for (const key of keys) groups.set(key.before, [...(groups.get(key.before) ?? []), key]);
        const pages = new Map<string, AssistantMessage[]>();
        await Promise.all(
          [...groups].map(async ([before, group]) => {
            const ids = [...new Set(group.map((k) => k.id))];
            const cut = Math.min(MESSAGE_LIMIT, Math.max(...group.map((k) => k.limit))) + 1;
            const rows = await em.execute<Record<string, unknown>[]>(
              `select * from (
                 select m.*, row_number() over (partition by m.conversation_id order by m.position desc) as recency
                 from assistant_messages m where m.organization_id = ? and m.conversation_id in (${ids.map(() => '?').join(', ')})
                 ${before == null ? '' : 'and m.position < ?'}
               ) t where recency <= ? order by conversation_id, position desc`,
              [organizationId, ...ids, ...(before == null ? [] : [before]), cut],
            );
            const messages = rows.map(({ recency: _recency, ...row }) => em.map(AssistantMessage, row as never));
            for (const [i, page] of groupBy(ids, messages, (message) => message.conversation.id).entries()) pages.set(`${before}:${ids[i]}`, page);
          }),
        );
        return keys.map((k) => pages.get(`${k.before}:${k.id}`) ?? []);
      },
      { cacheKeyFn: (k) => `${k.limit}:${k.before}:${k.id}` },
    ),
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
