import {
  badGateway,
  type HttpError,
  notFound,
  serviceUnavailable,
  tooManyRequests,
  messageOf,
} from '../shared/errors';
import { loggerFor } from '../shared/logger';
import { LimitReached } from '../shared/domain-errors';
import type { ChatParts } from './dependencies';
import { SYSTEM_PROMPT, prepareTurns, titleFrom } from './domain';
import { ProviderError, type ChatProvider, type ChatRequest } from './providers/provider';
import { admitChatMessage, recordTokenUse, releaseChatMessage } from './spend-ceiling';
import type { StoredMessage } from './store';

/**
 * One message to RangerAI and its reply, the same whether the reply comes whole (POST /api/chat) or
 * streamed (POST /api/chat/stream): every check and every write is here, the handlers only deliver.
 */
const RATE_LIMIT = { messages: 10, windowSeconds: 60 };
const logger = loggerFor('chat');

/** A message admitted and stored, ready for the model. */
export interface OpenTurn {
  /** What the turn works with. */
  readonly parts: ChatParts;
  readonly userId: string;
  readonly conversationId: string;
  readonly provider: ChatProvider;
  /** What the model is asked, without the deadline's signal. */
  readonly request: Omit<ChatRequest, 'signal'>;
  /** When the model was asked (Date.now()), for its latency. */
  readonly startedMs: number;
}

/**
 * Applies the per-minute rate, the conversation's existence, the daily quota and token budget and
 * the caps, then stores the user's message (so a failure of the model loses nothing) and reads the
 * bounded history the model gets. Throws what to answer when any of them refuses: an HttpError, or
 * the chat store's domain errors (404 for a conversation gone, 409 at a cap).
 */
export async function openTurn(
  parts: ChatParts,
  userId: string,
  body: { message: string; conversationId?: string },
): Promise<OpenTurn> {
  const { chatStore: store, quotaStore, metrics } = parts;
  const now = new Date();
  const wait = await store.takeRateToken(userId, now, RATE_LIMIT.messages, RATE_LIMIT.windowSeconds);
  if (wait > 0) {
    throw tooManyRequests(
      `RangerAI takes ${RATE_LIMIT.messages} messages a minute; try again in ${wait} s`,
      wait,
    );
  }
  const { message, conversationId } = body;
  const existing = conversationId ? await store.getConversation(userId, conversationId) : undefined;
  if (conversationId && !existing) throw notFound('No such conversation');
  const { historyTurns, ...ceiling } = parts.limits;
  await admitChatMessage(quotaStore, metrics, userId, now, ceiling);
  try {
    const conversation = existing ?? (await store.createConversation(userId, titleFrom(message), now));
    const earlier = existing ? await store.recentMessages(userId, conversation.id, historyTurns) : [];
    await store.addMessage(userId, conversation.id, 'user', message, now);
    const turns = prepareTurns(earlier, message, historyTurns);
    metrics.count('chatRequests');
    return {
      parts,
      userId,
      conversationId: conversation.id,
      provider: await parts.provider(),
      request: { system: SYSTEM_PROMPT, ...turns },
      startedMs: Date.now(),
    };
  } catch (error) {
    // Refused at a cap (409): the message goes nowhere, so it does not count against the day either.
    if (error instanceof LimitReached) await releaseChatMessage(quotaStore, userId, now);
    throw error;
  }
}

/** The answer to a model that failed (503 when worth retrying soon, else 502), logged and counted. */
export function providerFailure(turn: OpenTurn, error: unknown): HttpError {
  const durationMs = Date.now() - turn.startedMs;
  turn.parts.metrics.count('chatProviderErrors');
  turn.parts.metrics.duration('chatProviderLatency', durationMs);
  logger.warn('chat provider failed', {
    provider: turn.provider.name,
    durationMs,
    error: messageOf(error),
  });
  const kept = { conversationId: turn.conversationId };
  if (error instanceof ProviderError && error.kind === 'unavailable') {
    return serviceUnavailable(
      `RangerAI is not answering right now (${error.message}); your message is saved, try again`,
      5,
      kept,
    );
  }
  return badGateway('RangerAI could not answer that; your message is saved, try again', kept);
}

/** Logs and times a model that answered. */
export function providerAnswered(turn: OpenTurn, tokens: number): void {
  const durationMs = Date.now() - turn.startedMs;
  turn.parts.metrics.duration('chatProviderLatency', durationMs);
  logger.info('chat provider answered', { provider: turn.provider.name, durationMs, tokens });
}

/**
 * Charges the reply's tokens to the day and stores the reply; `incomplete` marks one the model did
 * not finish (it failed, ran out of time or the user stopped it). Throws ConversationGoneError (404)
 * when the conversation was deleted while the model was answering: the reply has nowhere to go.
 */
export async function closeTurn(
  turn: OpenTurn,
  reply: { text: string; tokens: number; incomplete?: boolean },
): Promise<StoredMessage & { readonly role: 'assistant' }> {
  const answeredAt = new Date();
  const { chatStore, quotaStore, metrics } = turn.parts;
  await recordTokenUse(quotaStore, metrics, answeredAt, reply.tokens);
  return chatStore.addMessage(turn.userId, turn.conversationId, 'assistant', reply.text, answeredAt, {
    incomplete: reply.incomplete,
  });
}
