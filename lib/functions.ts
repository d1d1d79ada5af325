import { clickAggregator, ENV, functionNeeds, tableEnvName, tablesOf } from '../lambdas/contract/functions';
import type { Area } from '../lambdas/contract/routes';
import type { TableKey } from '../lambdas/contract/tables';
import { CHAT_LIMIT_ENV, type ChatLimits, DEFAULT_CHAT_LIMITS } from '../lambdas/contract/chat-limits';

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
  /** Where the aggregator publishes the live totals (`https://…/event`); none, no live push. */
  readonly liveEventsUrl?: string;
}

/**
 * The environment variables a function gets, the same in AWS and in local mode (where they are the
 * configuration its handler factory is given, not the process's environment).
 */
export function functionEnvironment(area: Area, ctx: FunctionContext): Record<string, string> {
  const env: Record<string, string> = {
    [ENV.stage]: ctx.stage,
    [ENV.userPoolId]: ctx.userPoolId,
    [ENV.userPoolClientId]: ctx.userPoolClientId,
  };
  for (const table of tablesOf(functionNeeds[area].tables)) env[tableEnvName(table)] = ctx.tableNames[table];
  if (area === 'clicks') {
    env[ENV.clickRatePerSecond] = String(ctx.clicks.ratePerSecond);
    env[ENV.clickBurst] = String(ctx.clicks.burst);
  }
  if (area === 'chat') {
    env[ENV.chatProvider] = ctx.chat.provider;
    env[ENV.chatModelId] = ctx.chat.modelId;
    if (ctx.chat.providerTimeoutMs !== undefined)
      env[ENV.chatProviderTimeoutMs] = String(ctx.chat.providerTimeoutMs);
    for (const [limit, name] of Object.entries(CHAT_LIMIT_ENV) as [keyof ChatLimits, string][])
      env[name] = String(ctx.chat[limit] ?? DEFAULT_CHAT_LIMITS[limit]);
    if (ctx.chat.geminiSecretId) env[ENV.geminiSecretId] = ctx.chat.geminiSecretId;
  }
  return env;
}

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
  const env: Record<string, string> = { [ENV.stage]: ctx.stage };
  for (const table of tablesOf(clickAggregator.tables)) env[tableEnvName(table)] = ctx.tableNames[table];
  if (ctx.liveEventsUrl) env[ENV.liveEventsUrl] = ctx.liveEventsUrl;
  return env;
}
