import type { Area } from './routes';
import type { TableKey } from './tables';

/**
 * What each function may touch. Grants in AWS and the environment in both AWS and local mode are
 * derived from this, so a function never sees a table it has no grant for.
 */
export interface FunctionNeeds {
  readonly tables: readonly TableKey[];
  /** `admin`: may create users and read them (the auth function). Every function verifies tokens. */
  readonly userPoolAdmin: boolean;
  /** The function's timeout; the chat function waits for a language model. */
  readonly timeoutSeconds: number;
}

export const functionNeeds: Record<Area, FunctionNeeds> = {
  ops: { tables: [], userPoolAdmin: false, timeoutSeconds: 10 },
  auth: { tables: ['auth'], userPoolAdmin: true, timeoutSeconds: 10 },
  clicks: { tables: ['clicks', 'clickTotals'], userPoolAdmin: false, timeoutSeconds: 10 },
  parks: { tables: ['parks'], userPoolAdmin: false, timeoutSeconds: 10 },
  quiz: { tables: ['quiz'], userPoolAdmin: false, timeoutSeconds: 10 },
  locations: { tables: ['locations'], userPoolAdmin: false, timeoutSeconds: 10 },
  chat: { tables: ['chat'], userPoolAdmin: false, timeoutSeconds: 30 },
};

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

/** The stage's limits fill what is given; local mode and tests give only what they change. */
export interface ChatSettings extends Partial<ChatLimits> {
  readonly provider: 'bedrock' | 'gemini' | 'local';
  readonly modelId: string;
  /** ARN of the Secrets Manager secret holding the Gemini API key (only with `gemini`). */
  readonly geminiSecretId?: string;
  /**
   * Only tests set this: an upper bound on the wait for the model. Otherwise the wait is what the
   * invocation has left, less the time needed to save the reply (lambdas/chat/deadline.ts).
   */
  readonly providerTimeoutMs?: number;
}

export interface ClickSettings {
  readonly ratePerSecond: number;
  readonly burst: number;
  /** The aggregator's batching window (0: a batch as soon as records arrive). */
  readonly aggregationWindowSeconds: number;
}

export interface FunctionContext {
  readonly stage: string;
  readonly tableNames: Record<TableKey, string>;
  readonly userPoolId: string;
  readonly userPoolClientId: string;
  readonly clicks: ClickSettings;
  readonly chat: ChatSettings;
}

export const tableEnvName = (table: TableKey): string => `${table.toUpperCase()}_TABLE`;

/**
 * The environment variables a function gets, the same in AWS and in local mode. Local mode runs
 * every function in one process, so a variable must mean the same thing for every function that has it.
 */
export function functionEnvironment(area: Area, ctx: FunctionContext): Record<string, string> {
  const env: Record<string, string> = {
    STAGE: ctx.stage,
    USER_POOL_ID: ctx.userPoolId,
    USER_POOL_CLIENT_ID: ctx.userPoolClientId,
  };
  for (const table of functionNeeds[area].tables) env[tableEnvName(table)] = ctx.tableNames[table];
  if (area === 'clicks') {
    env.CLICK_RATE_PER_SECOND = String(ctx.clicks.ratePerSecond);
    env.CLICK_BURST = String(ctx.clicks.burst);
  }
  if (area === 'chat') {
    env.CHAT_PROVIDER = ctx.chat.provider;
    env.CHAT_MODEL_ID = ctx.chat.modelId;
    if (ctx.chat.providerTimeoutMs !== undefined)
      env.CHAT_PROVIDER_TIMEOUT_MS = String(ctx.chat.providerTimeoutMs);
    for (const [limit, name] of Object.entries(CHAT_LIMIT_ENV) as [keyof ChatLimits, string][])
      env[name] = String(ctx.chat[limit] ?? DEFAULT_CHAT_LIMITS[limit]);
    if (ctx.chat.geminiSecretId) env.GEMINI_SECRET_ID = ctx.chat.geminiSecretId;
  }
  return env;
}

/**
 * The click aggregator: not an API area but a consumer of the clicks table's stream. The CDK app
 * builds its function and event source mapping from this, and local mode its stream poller, so the
 * two run the same handler with the same settings.
 */
export const clickAggregator = {
  entry: 'lambdas/clicks/aggregator.ts',
  source: 'clicks',
  tables: ['clickTotals'],
  timeoutSeconds: 30,
} as const satisfies { entry: string; source: TableKey; tables: readonly TableKey[]; timeoutSeconds: number };

export interface StreamSourceSettings {
  readonly batchSize: number;
  readonly maxBatchingWindowSeconds: number;
  /** Retries of a failing batch before it goes to the on-failure destination. */
  readonly retryAttempts: number;
  /** Only so that Lambda names the shard in each event (the aggregator's checkpoints are per shard). */
  readonly tumblingWindowSeconds: number;
  readonly reportBatchItemFailures: true;
  readonly startingPosition: 'TRIM_HORIZON';
}

export const clickStreamSettings = (clicks: ClickSettings): StreamSourceSettings => ({
  batchSize: 1000,
  maxBatchingWindowSeconds: clicks.aggregationWindowSeconds,
  retryAttempts: 10,
  // The longest window: its only cost is one extra, empty invocation per shard per window.
  tumblingWindowSeconds: 900,
  reportBatchItemFailures: true,
  // A new mapping (or a redeploy that replaces it) starts at the oldest record: the checkpoints
  // skip what was counted already, so nothing is lost and nothing counted twice.
  startingPosition: 'TRIM_HORIZON',
});

export function aggregatorEnvironment(ctx: FunctionContext): Record<string, string> {
  const env: Record<string, string> = { STAGE: ctx.stage };
  for (const table of clickAggregator.tables) env[tableEnvName(table)] = ctx.tableNames[table];
  return env;
}
