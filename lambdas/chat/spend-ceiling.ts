import { serviceUnavailable, tooManyRequests } from '../shared/errors';
import type { BusinessMetrics } from '../shared/metrics';
import type { ChatLimits } from '../contract/chat-limits';
import type { QuotaStore } from './quota-store';

/**
 * The ceiling on chat spend, for every handler that sends messages to a model: a per-user daily
 * message quota and a stage-wide daily token budget, both reset at midnight UTC.
 */

const DAY_SECONDS = 24 * 60 * 60;

/** The UTC day of `at`, as the counters' keys name it (yyyy-mm-dd). */
export const utcDay = (at: Date): string => at.toISOString().slice(0, 10);

/** Whole seconds until the next UTC midnight, at least 1: when the day's counters start afresh. */
export function secondsUntilUtcMidnight(at: Date): number {
  const seconds = Math.floor(at.getTime() / 1000);
  return DAY_SECONDS - (seconds % DAY_SECONDS);
}

/** A day's counter is kept one more day, then DynamoDB's TTL removes it. */
const expiresAt = (at: Date): number =>
  Math.floor(at.getTime() / 1000) + secondsUntilUtcMidnight(at) + DAY_SECONDS;

/**
 * Lets a message go to the model, counted against the user's day, or throws: 429 when the user has
 * sent their daily quota, 503 when the stage's token budget for the day is spent. Both carry
 * Retry-After: the seconds until the day ends.
 */
export async function admitChatMessage(
  store: QuotaStore,
  metrics: Pick<BusinessMetrics, 'count'>,
  userId: string,
  at: Date,
  limits: Pick<ChatLimits, 'dailyMessagesPerUser' | 'dailyTokenBudget'>,
): Promise<void> {
  const admission = await store.admit(
    userId,
    utcDay(at),
    { messagesPerUser: limits.dailyMessagesPerUser, tokens: limits.dailyTokenBudget },
    expiresAt(at),
  );
  const retryAfter = secondsUntilUtcMidnight(at);
  if (admission === 'quota') {
    throw tooManyRequests(
      `RangerAI takes ${limits.dailyMessagesPerUser} messages a day from each user; try again after midnight UTC, in ${retryAfter} s`,
      retryAfter,
    );
  }
  if (admission === 'budget') {
    metrics.count('chatBudgetRefusals');
    throw serviceUnavailable(
      `RangerAI has used today's budget and takes no more messages until midnight UTC, in ${retryAfter} s`,
      retryAfter,
    );
  }
}

/** Gives back a message admitChatMessage() counted at `at`, when a cap refused it after all. */
export async function releaseChatMessage(store: QuotaStore, userId: string, at: Date): Promise<void> {
  await store.release(userId, utcDay(at));
}

/** Charges a reply's tokens to the stage's day (the provider's count, or an estimate). */
export async function recordTokenUse(
  store: QuotaStore,
  metrics: Pick<BusinessMetrics, 'count'>,
  at: Date,
  tokens: number,
): Promise<void> {
  metrics.count('chatTokens', tokens);
  await store.addTokens(utcDay(at), tokens, expiresAt(at));
}
