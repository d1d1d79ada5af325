import { CHAT_LIMIT_ENV } from '../contract/chat-limits';
import { dynamo } from '../shared/clients';
import { requiredEnv } from '../shared/env';
import { badGateway, notFound, serviceUnavailable, tooManyRequests } from '../shared/errors';
import { createAreaHandler, reply, requireUser } from '../shared/http';
import { loggerFor } from '../shared/logger';
import { countMetric, recordDuration } from '../shared/metrics';
import { DEFAULT_PAGE_SIZE, decodeCursor, encodeCursor } from '../shared/pagination';
import { perConfiguration } from '../shared/per-configuration';
import { chatRefusal } from './chat-refusals';
import { providerDeadlineMs } from './deadline';
import { SYSTEM_PROMPT, prepareTurns, titleFrom } from './domain';
import { chatLimitsFromEnvironment } from './limits';
import { providerFromEnvironment } from './provider-config';
import { ProviderError, withTimeout, type ChatReply } from './providers/provider';
import { QuotaStore } from './quota-store';
import { chatSchemas } from './schemas';
import { admitChatMessage, recordTokenUse } from './spend-ceiling';
import { ChatStore } from './store';

const RATE_LIMIT = { messages: 10, windowSeconds: 60 };

const limits = perConfiguration(Object.values(CHAT_LIMIT_ENV), chatLimitsFromEnvironment);
const chatStore = perConfiguration(
  ['CHAT_TABLE', 'AWS_ENDPOINT_URL_DYNAMODB', ...Object.values(CHAT_LIMIT_ENV)],
  () => new ChatStore(dynamo(), requiredEnv('CHAT_TABLE'), limits()),
);
const quotaStore = perConfiguration(
  ['CHAT_TABLE', 'AWS_ENDPOINT_URL_DYNAMODB'],
  () => new QuotaStore(dynamo(), requiredEnv('CHAT_TABLE')),
);
const provider = perConfiguration(
  ['CHAT_PROVIDER', 'CHAT_MODEL_ID', 'GEMINI_SECRET_ID', 'GEMINI_BASE_URL'],
  providerFromEnvironment,
);
/** Set only by tests that want a shorter wait than the invocation allows. */
const providerTimeoutCapMs = (): number | undefined =>
  process.env.CHAT_PROVIDER_TIMEOUT_MS ? Number(process.env.CHAT_PROVIDER_TIMEOUT_MS) : undefined;
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
    const existing = conversationId ? await store.getConversation(user.userId, conversationId) : undefined;
    if (conversationId && !existing) throw notFound('No such conversation');
    const { historyTurns, ...ceiling } = limits();
    await admitChatMessage(quotaStore(), user.userId, now, ceiling);

    let conversationIdUsed: string;
    let turns: ReturnType<typeof prepareTurns>;
    try {
      const conversation = existing ?? (await store.createConversation(user.userId, titleFrom(message), now));
      conversationIdUsed = conversation.id;
      const earlier = existing ? await store.recentMessages(user.userId, conversation.id, historyTurns) : [];
      // The user's message is kept before the model is asked, so a failure loses nothing.
      await store.addMessage(user.userId, conversation.id, 'user', message, now);
      turns = prepareTurns(earlier, message, historyTurns);
    } catch (error) {
      throw chatRefusal(error);
    }
    const chat = await provider();
    const started = Date.now();
    countMetric('chatRequests');
    let answer: ChatReply;
    try {
      answer = await withTimeout(
        providerDeadlineMs(request.remainingTimeMs(), providerTimeoutCapMs()),
        (signal) => chat.reply({ system: SYSTEM_PROMPT, ...turns, signal }),
      );
    } catch (error) {
      const kept = { conversationId: conversationIdUsed };
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
    logger.info('chat provider answered', {
      provider: chat.name,
      durationMs: Date.now() - started,
      tokens: answer.tokens,
    });
    const answeredAt = new Date();
    await recordTokenUse(quotaStore(), answeredAt, answer.tokens);
    let saved;
    try {
      saved = await store.addMessage(user.userId, conversationIdUsed, 'assistant', answer.text, answeredAt);
    } catch (error) {
      // Deleted while the model was answering: the reply has nowhere to go.
      throw chatRefusal(error);
    }
    return reply(200, { conversationId: conversationIdUsed, reply: saved, provider: chat.name });
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
