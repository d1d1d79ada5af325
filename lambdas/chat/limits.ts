import { CHAT_LIMIT_ENV, type ChatLimits } from '../contract/chat-limits';
import { requiredEnv } from '../shared/env';

/** The stage's chat limits, from the function's environment (see lib/functions.ts). */
export function chatLimitsFromEnvironment(): ChatLimits {
  const read = (limit: keyof ChatLimits): number => Number(requiredEnv(CHAT_LIMIT_ENV[limit]));
  return {
    dailyMessagesPerUser: read('dailyMessagesPerUser'),
    dailyTokenBudget: read('dailyTokenBudget'),
    conversationsPerUser: read('conversationsPerUser'),
    messagesPerConversation: read('messagesPerConversation'),
    historyTurns: read('historyTurns'),
  };
}
