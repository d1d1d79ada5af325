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
}

export const functionNeeds: Record<Area, FunctionNeeds> = {
  ops: { tables: [], userPoolAdmin: false },
  auth: { tables: [], userPoolAdmin: true },
  clicks: { tables: ['clicks'], userPoolAdmin: false },
};

export interface FunctionContext {
  readonly stage: string;
  readonly tableNames: Record<TableKey, string>;
  readonly userPoolId: string;
  readonly userPoolClientId: string;
  readonly clickShards: number;
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
  return env;
}
