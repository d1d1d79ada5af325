import { deployedHandler } from '../shared/env';
import { notFound } from '../shared/errors';
import {
  createAreaHandler,
  type Implementations,
  reply,
  requireUser,
  type StoreDependencies,
} from '../shared/http';
import { DEFAULT_PAGE_SIZE } from '../shared/pagination';
import { providerDeadlineMs } from './deadline';
import { type ChatParts, chatParts } from './dependencies';
import { withTimeout, type ChatReply } from './providers/provider';
import { chatSchemas } from './schemas';
import { closeTurn, openTurn, providerAnswered, providerFailure } from './turn';

/** The chat function (whole replies), its stores and provider built once from the configuration given. */
export function createHandler(dependencies: StoreDependencies) {
  return createAreaHandler('chat', chatSchemas, operations(chatParts(dependencies)), dependencies);
}

const operations = (parts: ChatParts): Implementations<'chat', typeof chatSchemas> => ({
  postChat: async (request) => {
    const turn = await openTurn(parts, requireUser(request).userId, request.body);
    let answer: ChatReply;
    try {
      answer = await withTimeout(
        providerDeadlineMs(request.remainingTimeMs(), parts.providerTimeoutCapMs),
        (signal) => turn.provider.reply({ ...turn.request, signal }),
      );
    } catch (error) {
      throw providerFailure(turn, error);
    }
    providerAnswered(turn, answer.tokens);
    const saved = await closeTurn(turn, answer);
    return reply(200, { conversationId: turn.conversationId, reply: saved, provider: turn.provider.name });
  },

  listConversations: async (request) => {
    const user = requireUser(request);
    const page = await parts.chatStore.listConversations(
      user.userId,
      request.query.limit ?? DEFAULT_PAGE_SIZE,
      request.query.cursor,
    );
    return reply(200, {
      conversations: page.items,
      next_cursor: page.nextCursor,
      provider: (await parts.provider()).name,
    });
  },

  getConversation: async (request) => {
    const user = requireUser(request);
    const conversation = await parts.chatStore.getConversation(user.userId, request.params.id);
    if (!conversation) throw notFound('No such conversation');
    const page = await parts.chatStore.messagePage(
      user.userId,
      conversation.id,
      request.query.limit ?? DEFAULT_PAGE_SIZE,
      request.query.cursor,
    );
    return reply(200, {
      id: conversation.id,
      title: conversation.title,
      messages: page.messages,
      next_cursor: page.nextCursor,
    });
  },

  deleteConversation: async (request) => {
    const user = requireUser(request);
    if (!(await parts.chatStore.deleteConversation(user.userId, request.params.id)))
      throw notFound('No such conversation');
    return reply(204);
  },
});

// Last: Lambda builds it at load, after everything it uses is defined.
export const handler = deployedHandler(() => createHandler({ env: process.env }));
