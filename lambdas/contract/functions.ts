import type { Area } from './routes';
import type { TableKey } from './tables';

/**
 * What each function may touch, and under which environment variable it finds it. The CDK app
 * derives grants and environments from this, local mode the environment, and the handlers read the
 * same names, so a function never sees a table it has no grant for, nor looks for a variable that
 * nobody sets.
 */

/** The DynamoDB actions a function can be granted (IAM names without the `dynamodb:` prefix). */
export type DynamoAction =
  | 'GetItem'
  | 'BatchGetItem'
  | 'Query'
  | 'PutItem'
  | 'UpdateItem'
  | 'DeleteItem'
  | 'BatchWriteItem'
  | 'ConditionCheckItem';

/**
 * Per table, exactly the actions the function's code uses (a transaction needs the action of each of
 * its item writes). Query on a table also allows Query on its indexes.
 */
export type TableAccess = Partial<Readonly<Record<TableKey, readonly DynamoAction[]>>>;

export interface FunctionNeeds {
  readonly tables: TableAccess;
  /** `admin`: may create users and read them (the auth function). Every function verifies tokens. */
  readonly userPoolAdmin: boolean;
  /** The function's timeout; the chat function waits for a language model. */
  readonly timeoutSeconds: number;
}

export const functionNeeds: Readonly<Record<Area, FunctionNeeds>> = {
  ops: { tables: {}, userPoolAdmin: false, timeoutSeconds: 10 },
  auth: { tables: { auth: ['UpdateItem'] }, userPoolAdmin: true, timeoutSeconds: 10 },
  clicks: {
    tables: { clicks: ['GetItem', 'UpdateItem'], clickTotals: ['GetItem', 'Query'] },
    userPoolAdmin: false,
    timeoutSeconds: 10,
  },
  parks: {
    tables: { parks: ['GetItem', 'Query', 'PutItem', 'UpdateItem', 'DeleteItem'] },
    userPoolAdmin: false,
    timeoutSeconds: 10,
  },
  quiz: { tables: { quiz: ['Query', 'PutItem', 'DeleteItem'] }, userPoolAdmin: false, timeoutSeconds: 10 },
  locations: {
    tables: { locations: ['GetItem', 'PutItem', 'UpdateItem', 'DeleteItem'] },
    userPoolAdmin: false,
    timeoutSeconds: 10,
  },
  chat: {
    tables: {
      chat: [
        'GetItem',
        'Query',
        'PutItem',
        'UpdateItem',
        'DeleteItem',
        'BatchWriteItem',
        'ConditionCheckItem',
      ],
    },
    userPoolAdmin: false,
    timeoutSeconds: 30,
  },
};

/** The tables a function has access to, in a stable order. */
export const tablesOf = (access: TableAccess): TableKey[] => Object.keys(access).sort() as TableKey[];

/**
 * The click aggregator: not an API area but a consumer of the clicks table's stream. The CDK app
 * builds its function and event source mapping from this, and local mode its stream poller, so the
 * two run the same handler with the same settings.
 */
export const clickAggregator = {
  entry: 'lambdas/clicks/aggregator.ts',
  source: 'clicks',
  // GetItem: the total and the minute it pushes to viewers after a batch.
  tables: { clickTotals: ['UpdateItem', 'GetItem'] },
  timeoutSeconds: 30,
} as const satisfies { entry: string; source: TableKey; tables: TableAccess; timeoutSeconds: number };

/** The park catalog seed (a CloudFormation custom resource): it only upserts catalog items. */
export const parkCatalogSeed = {
  entry: 'lambdas/parks/catalog-seed-handler.ts',
  tables: { parks: ['UpdateItem'] },
} as const satisfies { entry: string; tables: TableAccess };

/** The environment variables the functions read; lib/functions.ts sets them, in AWS and locally. */
export const ENV = {
  stage: 'STAGE',
  userPoolId: 'USER_POOL_ID',
  userPoolClientId: 'USER_POOL_CLIENT_ID',
  /** Local mode only: cognito-local's issuer and signing keys (refused inside Lambda). */
  authIssuer: 'AUTH_ISSUER',
  authJwksUrl: 'AUTH_JWKS_URL',
  clickRatePerSecond: 'CLICK_RATE_PER_SECOND',
  clickBurst: 'CLICK_BURST',
  chatProvider: 'CHAT_PROVIDER',
  chatModelId: 'CHAT_MODEL_ID',
  chatProviderTimeoutMs: 'CHAT_PROVIDER_TIMEOUT_MS',
  geminiSecretId: 'GEMINI_SECRET_ID',
  /** The aggregator only: the Events API's publish endpoint (`https://…/event`), when the stage has one. */
  liveEventsUrl: 'LIVE_EVENTS_URL',
} as const;

/** The variable naming a table, e.g. `CLICKTOTALS_TABLE`. */
export const tableEnvName = (table: TableKey): string => `${table.toUpperCase()}_TABLE`;
