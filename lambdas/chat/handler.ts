import type { ChatLimits } from '../contract/chat-limits';
import { ENV, tableEnvName } from '../contract/functions';
import { dynamoClient } from '../shared/clients';
import { deployedHandler, requiredEnv } from '../shared/env';
import { badGateway, notFound, serviceUnavailable, tooManyRequests } from '../shared/errors';
import {
  createAreaHandler,
  type Implementations,
  reply,
  requireUser,
  type StoreDependencies,
} from '../shared/http';
import { loggerFor } from '../shared/logger';
import { type BusinessMetrics, businessMetrics } from '../shared/metrics';
import { DEFAULT_PAGE_SIZE } from '../shared/pagination';
import { chatRefusal } from './chat-refusals';
import { providerDeadlineMs } from './deadline';
import { SYSTEM_PROMPT, prepareTurns, titleFrom } from './domain';
import { chatLimitsFromEnvironment } from './limits';
import { providerFromEnvironment } from './provider-config';
import { type ChatProvider, ProviderError, withTimeout, type ChatReply } from './providers/provider';
import { QuotaStore } from './quota-store';
import { chatSchemas } from './schemas';
import { admitChatMessage, recordTokenUse } from './spend-ceiling';
import { ChatStore } from './store';

const RATE_LIMIT = { messages: 10, windowSeconds: 60 };

const logger = loggerFor('chat');

/** What the chat operations work with, built once per container. */
interface ChatParts {
  readonly limits: ChatLimits;
  readonly chatStore: ChatStore;
  readonly quotaStore: QuotaStore;
  /** The configured provider, its module imported on first use. */
  readonly provider: () => Promise<ChatProvider>;
  /** Set only by tests that want a shorter wait than the invocation allows. */
  readonly providerTimeoutCapMs: number | undefined;
  readonly metrics: BusinessMetrics;
}

/** The chat function, its stores and provider built once from the configuration given. */
export function createHandler(dependencies: StoreDependencies) {
  const { env } = dependencies;
  const db = dependencies.dynamo ?? dynamoClient(env);
  const table = requiredEnv(env, tableEnvName('chat'));
  const limits = chatLimitsFromEnvironment(env);
  let provider: Promise<ChatProvider> | undefined;
  const parts: ChatParts = {
    limits,
    chatStore: new ChatStore(db, table, limits),
    quotaStore: new QuotaStore(db, table),
    provider: () => (provider ??= providerFromEnvironment(env)),
    providerTimeoutCapMs: env[ENV.chatProviderTimeoutMs] ? Number(env[ENV.chatProviderTimeoutMs]) : undefined,
    metrics: businessMetrics(env),
  };
  return createAreaHandler('chat', chatSchemas, operations(parts), dependencies);
}

const operations = ({
  limits,
  chatStore,
  quotaStore,
  provider,
  providerTimeoutCapMs,
  metrics,
}: ChatParts): Implementations<'chat', typeof chatSchemas> => ({
  postChat: async (request) => {
    const user = requireUser(request);
    const store = chatStore;
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
    const { historyTurns, ...ceiling } = limits;
    await admitChatMessage(quotaStore, metrics, user.userId, now, ceiling);

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
    metrics.count('chatRequests');
    let answer: ChatReply;
    try {
      answer = await withTimeout(
        providerDeadlineMs(request.remainingTimeMs(), providerTimeoutCapMs),
        (signal) => chat.reply({ system: SYSTEM_PROMPT, ...turns, signal }),
      );
    } catch (error) {
      const kept = { conversationId: conversationIdUsed };
      metrics.count('chatProviderErrors');
      metrics.duration('chatProviderLatency', Date.now() - started);
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
    metrics.duration('chatProviderLatency', Date.now() - started);
    logger.info('chat provider answered', {
      provider: chat.name,
      durationMs: Date.now() - started,
      tokens: answer.tokens,
    });
    const answeredAt = new Date();
    await recordTokenUse(quotaStore, metrics, answeredAt, answer.tokens);
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
    const page = await chatStore.listConversations(
      user.userId,
      request.query.limit ?? DEFAULT_PAGE_SIZE,
      request.query.cursor,
    );
    return reply(200, {
      conversations: page.items,
      next_cursor: page.nextCursor,
      provider: (await provider()).name,
    });
  },

  getConversation: async (request) => {
    const user = requireUser(request);
    const conversation = await chatStore.getConversation(user.userId, request.params.id);
    if (!conversation) throw notFound('No such conversation');
    const page = await chatStore.messagePage(
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
    if (!(await chatStore.deleteConversation(user.userId, request.params.id)))
      throw notFound('No such conversation');
    return reply(204);
  },
});

// Last: Lambda builds it at load, after everything it uses is defined.
export const handler = deployedHandler(() => createHandler({ env: process.env }));
