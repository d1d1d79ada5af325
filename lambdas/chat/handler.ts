import { dynamo } from '../shared/clients';
import { requiredEnv } from '../shared/env';
import { badGateway, notFound, serviceUnavailable, tooManyRequests } from '../shared/errors';
import { createAreaHandler, reply, requireUser } from '../shared/http';
import { loggerFor } from '../shared/logger';
import { countMetric, recordDuration } from '../shared/metrics';
import { DEFAULT_PAGE_SIZE, decodeCursor, encodeCursor } from '../shared/pagination';
import { perConfiguration } from '../shared/per-configuration';
import { SYSTEM_PROMPT, prepareTurns, titleFrom } from './domain';
import { providerFromEnvironment } from './provider-config';
import { ProviderError, withTimeout } from './providers/provider';
import { chatSchemas } from './schemas';
import { ChatStore } from './store';

const RATE_LIMIT = { messages: 10, windowSeconds: 60 };

const chatStore = perConfiguration(
  ['CHAT_TABLE', 'AWS_ENDPOINT_URL_DYNAMODB'],
  () => new ChatStore(dynamo(), requiredEnv('CHAT_TABLE')),
);
const provider = perConfiguration(
  ['CHAT_PROVIDER', 'CHAT_MODEL_ID', 'GEMINI_SECRET_ID', 'GEMINI_BASE_URL'],
  providerFromEnvironment,
);
const providerTimeoutMs = (): number => Number(requiredEnv('CHAT_PROVIDER_TIMEOUT_MS'));
const logger = loggerFor('chat');

export const handler = createAreaHandler('chat', chatSchemas, {
  postChat: async (request) => {
    const user = requireUser(request);
    const store = chatStore();
    const now = new Date();
    const wait = await store.takeRateToken(user.userId, now, RATE_LIMIT.messages, RATE_LIMIT.windowSeconds);
    if (wait > 0) {
      throw tooManyRequests(
        `RangerAI takes ${RATE_LIMIT.messages} messages a minute; try again in ${wait} s`,
        wait,
      );
    }
    const { message, conversationId } = request.body;
    const conversation = conversationId
      ? await store.getConversation(user.userId, conversationId)
      : await store.createConversation(user.userId, titleFrom(message), now);
    if (!conversation) throw notFound('No such conversation');

    const earlier = await store.messages(user.userId, conversation.id);
    // The user's message is kept before the model is asked, so a failure loses nothing.
    await store.addMessage(user.userId, conversation.id, 'user', message, now);
    const turns = prepareTurns(earlier, message);
    const chat = await provider();
    const started = Date.now();
    countMetric('chatRequests');
    let text: string;
    try {
      text = await withTimeout(providerTimeoutMs(), (signal) =>
        chat.reply({ system: SYSTEM_PROMPT, ...turns, signal }),
      );
    } catch (error) {
      const kept = { conversationId: conversation.id };
      countMetric('chatProviderErrors');
      recordDuration('chatProviderLatency', Date.now() - started);
      logger.warn('chat provider failed', {
        provider: chat.name,
        durationMs: Date.now() - started,
        error: error instanceof Error ? error.message : String(error),
      });
      if (error instanceof ProviderError && error.kind === 'unavailable') {
        throw serviceUnavailable(
          `RangerAI is not answering right now (${error.message}); your message is saved, try again`,
          5,
          kept,
        );
      }
      throw badGateway('RangerAI could not answer that; your message is saved, try again', kept);
    }
    recordDuration('chatProviderLatency', Date.now() - started);
    logger.info('chat provider answered', { provider: chat.name, durationMs: Date.now() - started });
    const answer = await store.addMessage(user.userId, conversation.id, 'assistant', text, new Date());
    return reply(200, { conversationId: conversation.id, reply: answer, provider: chat.name });
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
    const messages = await chatStore().messages(user.userId, conversation.id);
    return reply(200, { id: conversation.id, title: conversation.title, messages });
  },

  deleteConversation: async (request) => {
    const user = requireUser(request);
    if (!(await chatStore().deleteConversation(user.userId, request.params.id)))
      throw notFound('No such conversation');
    return reply(204);
  },
});
