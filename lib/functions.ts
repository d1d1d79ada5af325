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
  clicks: { tables: ['clicks'], userPoolAdmin: false, timeoutSeconds: 10 },
  parks: { tables: ['parks'], userPoolAdmin: false, timeoutSeconds: 10 },
  quiz: { tables: ['quiz'], userPoolAdmin: false, timeoutSeconds: 10 },
  locations: { tables: ['locations'], userPoolAdmin: false, timeoutSeconds: 10 },
  chat: { tables: ['chat'], userPoolAdmin: false, timeoutSeconds: 30 },
};

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

export interface FunctionContext {
  readonly stage: string;
  readonly tableNames: Record<TableKey, string>;
  readonly userPoolId: string;
  readonly userPoolClientId: string;
  readonly clickShards: number;
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
  if (area === 'clicks') env.CLICK_SHARDS = String(ctx.clickShards);
  if (area === 'chat') {
    env.CHAT_PROVIDER = ctx.chat.provider;
    env.CHAT_MODEL_ID = ctx.chat.modelId;
    env.CHAT_PROVIDER_TIMEOUT_MS = String(
      ctx.chat.providerTimeoutMs ?? (functionNeeds.chat.timeoutSeconds - CHAT_PROVIDER_MARGIN_SECONDS) * 1000,
    );
    if (ctx.chat.geminiSecretId) env.GEMINI_SECRET_ID = ctx.chat.geminiSecretId;
  }
  return env;
}
