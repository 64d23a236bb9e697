import type { EntityManager } from '@mikro-orm/sql';
import { InputCheck } from '../../shared/input-check.js';
import { findRecord } from '../../shared/find-record.js';
import { type Connection, type ConnectionArgs, paginate } from '../../shared/pagination.js';
import { inTransaction } from '../../shared/transaction.js';
import { Conversation } from './conversation.entity.js';
import { type CreateConversationInput, MAX_SYSTEM_PROMPT, MAX_TITLE, type UpdateConversationInput } from './dto/assistant.dto.js';

/** Who acts: conversations are the member's own. */
export type ChatActor = { organizationId: string; userId: string };

const LABEL = 'Conversation';

/**
 * One of the caller's conversations, or NOT_FOUND: another member's (same organization or not)
 * looks the same as a missing one. The tenant filter and row-level security also enforce this.
 */
export function findConversation(em: EntityManager, actor: ChatActor, id: string, lock = false): Promise<Conversation> {
  return findRecord(em, Conversation, LABEL, id, { lock, live: () => ({ user: actor.userId }) });
}

function checkTexts(check: InputCheck, input: { title?: string | null; systemPrompt?: string | null }, creating: boolean): void {
  if (creating || (input.title !== undefined && input.title !== null)) check.text('title', input.title, { max: MAX_TITLE });
  if (input.systemPrompt && input.systemPrompt.length > MAX_SYSTEM_PROMPT) {
    check.text('systemPrompt', input.systemPrompt, { min: 0, max: MAX_SYSTEM_PROMPT });
  }
}

export function createConversation(em: EntityManager, actor: ChatActor, input: CreateConversationInput): Promise<Conversation> {
  const check = new InputCheck();
  checkTexts(check, input, true);
  check.done();
  return inTransaction(em, async (tx) => {
    const conversation = tx.create(Conversation, {
      organization: actor.organizationId,
      user: actor.userId,
      title: input.title.trim(),
      systemPrompt: input.systemPrompt?.trim() ?? '',
    });
    await tx.flush();
    return conversation;
  });
}

export function updateConversation(em: EntityManager, actor: ChatActor, input: UpdateConversationInput): Promise<Conversation> {
  return inTransaction(em, async (tx) => {
    const conversation = await findConversation(tx, actor, input.id, true);
    const check = new InputCheck();
    checkTexts(check, input, false);
    check.done();
    if (input.title !== undefined && input.title !== null) conversation.title = input.title.trim();
    if (input.systemPrompt !== undefined) conversation.systemPrompt = input.systemPrompt?.trim() ?? '';
    await tx.flush();
    return conversation;
  });
}

/** Deletes a conversation and its messages; the organization's usage totals keep its tokens. */
export function deleteConversation(em: EntityManager, actor: ChatActor, id: string): Promise<string> {
  return inTransaction(em, async (tx) => {
    const conversation = await findConversation(tx, actor, id, true);
    tx.remove(conversation);
    await tx.flush();
    return id;
  });
}

/** The caller's conversations, most recently active first. */
export function listConversations(em: EntityManager, actor: ChatActor, args: ConnectionArgs): Promise<Connection<Conversation>> {
  return paginate(em, Conversation, { user: actor.userId }, args, { updatedAt: 'desc', id: 'desc' });
}
