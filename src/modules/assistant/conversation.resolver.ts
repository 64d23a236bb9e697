import { Arg, Args, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context.js';
import { actorOf } from '../../shared/context-access.js';
import { type Connection, ConnectionArgs, connectionType, decodeKeyCursor, encodeKeyCursor, invalidCursor } from '../../shared/pagination.js';
import { inputArg, toPayload } from '../../shared/user-error.js';
import { MessageRole } from './assistant-enums.js';
import { MESSAGE_LIMIT } from './assistant.loaders.js';
import { AssistantMessage, Conversation } from './conversation.entity.js';
import { createConversation, deleteConversation, findConversation, listConversations, updateConversation } from './conversation.service.js';
import { AssistantContext, AssistantDiagnostic, TokenUsage } from './dto/assistant-context.dto.js';
import {
  ConversationPayload,
  CreateConversationInput,
  DeleteConversationInput,
  DeleteConversationPayload,
  UpdateConversationInput,
} from './dto/assistant.dto.js';

export const ConversationConnection = connectionType(Conversation);
export const AssistantMessageConnection = connectionType(AssistantMessage);

/** The position a messages cursor points at (a cursor holds the message's position in its conversation). */
function positionOf(after: string | null | undefined): number | null {
  if (!after) return null;
  const [position] = decodeKeyCursor(after, ['number']) as number[];
  if (!Number.isSafeInteger(position) || position < 0) throw invalidCursor();
  return position;
}

@Resolver(() => Conversation)
export class ConversationResolver {
  @Query(() => Conversation, { description: "One of your conversations, with its messages (NOT_FOUND for anyone else's). Needs `assistant.chat`." })
  conversation(@Arg('id', () => ID, { description: 'ID of the conversation.' }) id: string, @Ctx() ctx: Context): Promise<Conversation> {
    return findConversation(ctx.em, actorOf(ctx), id);
  }

  @Query(() => ConversationConnection, { description: 'Your conversations, most recently active first. Needs `assistant.chat`.' })
  conversations(@Args(() => ConnectionArgs) args: ConnectionArgs, @Ctx() ctx: Context): Promise<Connection<Conversation>> {
    return listConversations(ctx.em, actorOf(ctx), args);
  }

  @Mutation(() => ConversationPayload, { nullable: true, description: 'Starts a conversation with the co-pilot. Needs `assistant.chat`.' })
  createConversation(@inputArg(CreateConversationInput) input: CreateConversationInput, @Ctx() ctx: Context): Promise<ConversationPayload> {
    return toPayload(async () => ({ conversation: await createConversation(ctx.em, actorOf(ctx), input) }));
  }

  @Mutation(() => ConversationPayload, { nullable: true, description: 'Renames a conversation or changes its instructions. Needs `assistant.chat`.' })
  updateConversation(@inputArg(UpdateConversationInput) input: UpdateConversationInput, @Ctx() ctx: Context): Promise<ConversationPayload> {
    return toPayload(async () => ({ conversation: await updateConversation(ctx.em, actorOf(ctx), input) }));
  }

  @Mutation(() => DeleteConversationPayload, {
    nullable: true,
    description: "Deletes a conversation and its messages (the organization's usage totals keep its tokens). Needs `assistant.chat`.",
  })
  deleteConversation(@inputArg(DeleteConversationInput) input: DeleteConversationInput, @Ctx() ctx: Context): Promise<DeleteConversationPayload> {
    return toPayload(async () => ({ deletedConversationId: await deleteConversation(ctx.em, actorOf(ctx), input.id) }));
  }

  @FieldResolver(() => AssistantMessageConnection, {
    description: `The messages, newest first (a Relay connection of at most ${MESSAGE_LIMIT} a page): the first page is the latest exchange, \`after\` goes back in time.`,
  })
  async messages(
    @Root() conversation: Conversation,
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Ctx() ctx: Context,
  ): Promise<Connection<AssistantMessage>> {
    const before = positionOf(args.after);
    const rows = await ctx.loaders.messagePageByConversationId.load({ id: conversation.id, limit: args.first, before });
    const edges = rows.slice(0, args.first).map((node) => ({ node, cursor: encodeKeyCursor([node.position]) }));
    return {
      edges,
      pageInfo: {
        hasNextPage: rows.length > args.first,
        hasPreviousPage: before != null,
        startCursor: edges[0]?.cursor ?? null,
        endCursor: edges.at(-1)?.cursor ?? null,
      },
      // A getter: the field's resolver reads it only when totalCount is selected, so the count runs only then.
      get totalCount() {
        return ctx.loaders.messageCountByConversationId.load(conversation.id) as unknown as number;
      },
    };
  }

  @FieldResolver(() => Int, { description: 'Number of messages (questions and answers).' })
  messageCount(@Root() conversation: Conversation, @Ctx() ctx: Context): Promise<number> {
    return ctx.loaders.messageCountByConversationId.load(conversation.id);
  }
}

@Resolver(() => AssistantMessage)
export class AssistantMessageResolver {
  @FieldResolver(() => TokenUsage, { nullable: true, description: 'For answers: model usage (zero when the answer is a summary).' })
  usage(@Root() message: AssistantMessage): TokenUsage | null {
    if (message.role !== MessageRole.ASSISTANT) return null;
    return {
      model: message.model,
      promptTokens: message.promptTokens,
      completionTokens: message.completionTokens,
      totalTokens: message.totalTokens,
      latencyMs: message.latencyMs,
      modelCalls: message.modelCalls,
      estimated: message.usageEstimated,
    };
  }

  @FieldResolver(() => AssistantContext, { nullable: true, description: 'For answers: what was gathered and which tools ran.' })
  context(@Root() message: AssistantMessage): AssistantContext | null {
    return message.context;
  }

  @FieldResolver(() => [AssistantDiagnostic], { description: 'For answers: what failed or what to configure.' })
  diagnostics(@Root() message: AssistantMessage): AssistantDiagnostic[] {
    return message.diagnostics;
  }
}
