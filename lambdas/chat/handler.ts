import { notFound } from '../shared/errors';
import { createAreaHandler, reply, requireUser } from '../shared/http';
import { DEFAULT_PAGE_SIZE, decodeCursor, encodeCursor } from '../shared/pagination';
import { providerDeadlineMs } from './deadline';
import { chatStore, provider, providerTimeoutCapMs } from './dependencies';
import { withTimeout, type ChatReply } from './providers/provider';
import { chatSchemas } from './schemas';
import { closeTurn, openTurn, providerAnswered, providerFailure } from './turn';

export const handler = createAreaHandler('chat', chatSchemas, {
  postChat: async (request) => {
    const turn = await openTurn(requireUser(request).userId, request.body);
    let answer: ChatReply;
    try {
      answer = await withTimeout(
        providerDeadlineMs(request.remainingTimeMs(), providerTimeoutCapMs()),
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
    const scope = `conversations:${user.userId}`;
    const start = decodeCursor(scope, request.query.cursor, { pk: `USER#${user.userId}`, sk: /^CONV#/ });
    const page = await chatStore().listConversations(
      user.userId,
      request.query.limit ?? DEFAULT_PAGE_SIZE,
      start,
    );
    return reply(200, {
      conversations: page.items,
      next_cursor: encodeCursor(scope, page.lastKey),
      provider: (await provider()).name,
    });
  },

  getConversation: async (request) => {
    const user = requireUser(request);
    const conversation = await chatStore().getConversation(user.userId, request.params.id);
    if (!conversation) throw notFound('No such conversation');
    const page = await chatStore().messagePage(
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
    if (!(await chatStore().deleteConversation(user.userId, request.params.id)))
      throw notFound('No such conversation');
    return reply(204);
  },
});
