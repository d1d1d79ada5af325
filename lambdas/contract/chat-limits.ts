/** The ceiling on RangerAI's use and spend: per user, per conversation and for the whole stage. */
export interface ChatLimits {
  /** Messages one user may send in a UTC day. */
  readonly dailyMessagesPerUser: number;
  /** Model tokens (input plus output) the stage may use in a UTC day, all users together. */
  readonly dailyTokenBudget: number;
  readonly conversationsPerUser: number;
  /** Messages the user may send in one conversation (each has at most one reply). */
  readonly messagesPerConversation: number;
  /** Earlier messages read and sent to the model with each new one. */
  readonly historyTurns: number;
}

export const DEFAULT_CHAT_LIMITS: ChatLimits = {
  dailyMessagesPerUser: 100,
  dailyTokenBudget: 2_000_000,
  conversationsPerUser: 100,
  messagesPerConversation: 100,
  historyTurns: 20,
};

/** How each limit reaches the chat function. */
export const CHAT_LIMIT_ENV: Record<keyof ChatLimits, string> = {
  dailyMessagesPerUser: 'CHAT_DAILY_MESSAGES_PER_USER',
  dailyTokenBudget: 'CHAT_DAILY_TOKEN_BUDGET',
  conversationsPerUser: 'CHAT_CONVERSATIONS_PER_USER',
  messagesPerConversation: 'CHAT_MESSAGES_PER_CONVERSATION',
  historyTurns: 'CHAT_HISTORY_TURNS',
};
