import { CHAT_LIMIT_ENV, type ChatLimits } from '../contract/chat-limits';
import { type Environment, requiredEnv } from '../shared/env';

/** The stage's chat limits, from the function's configuration (see lib/functions.ts). */
export function chatLimitsFromEnvironment(env: Environment): ChatLimits {
  const read = (limit: keyof ChatLimits): number => Number(requiredEnv(env, CHAT_LIMIT_ENV[limit]));
  return {
    dailyMessagesPerUser: read('dailyMessagesPerUser'),
    dailyTokenBudget: read('dailyTokenBudget'),
    conversationsPerUser: read('conversationsPerUser'),
    messagesPerConversation: read('messagesPerConversation'),
    historyTurns: read('historyTurns'),
  };
}
