import { clickAggregator, ENV, functionNeeds, tableEnvName, tablesOf } from '../lambdas/contract/functions';
import type { Area } from '../lambdas/contract/routes';
import type { TableKey } from '../lambdas/contract/tables';

/** The model call must end well before the function does, so the user gets a clear 503, not a gateway timeout. */
export const CHAT_PROVIDER_MARGIN_SECONDS = 8;

export interface ChatSettings {
  readonly provider: 'bedrock' | 'gemini' | 'local';
  readonly modelId: string;
  /** ARN of the Secrets Manager secret holding the Gemini API key (only with `gemini`). */
  readonly geminiSecretId?: string;
  /** Only tests shorten this; everywhere else it follows from the function timeout. */
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

/**
 * The environment variables a function gets, the same in AWS and in local mode. Local mode runs
 * every function in one process, so a variable must mean the same thing for every function that has it.
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
    env[ENV.chatProviderTimeoutMs] = String(
      ctx.chat.providerTimeoutMs ?? (functionNeeds.chat.timeoutSeconds - CHAT_PROVIDER_MARGIN_SECONDS) * 1000,
    );
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
  return env;
}
