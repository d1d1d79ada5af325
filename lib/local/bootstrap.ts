import {
  CognitoIdentityProviderClient,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  ListUserPoolClientsCommand,
  ListUserPoolsCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ListTablesCommand,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { userPoolDefinition } from '../../lambdas/contract/identity';
import { tableKeys, tables, type TableDefinition, type TableKey } from '../../lambdas/contract/tables';

export const localTableName = (table: TableKey): string => `cloud-clicker-local-${table}`;
const POOL_NAME = 'cloud-clicker-local';
const CLIENT_NAME = 'cloud-clicker-web';

/** Creates every table of lambdas/contract/tables.ts that is not there yet; existing data is left alone. */
export async function ensureTables(client: DynamoDBClient): Promise<Record<TableKey, string>> {
  const existing = new Set<string>();
  let start: string | undefined;
  do {
    const page = await client.send(new ListTablesCommand({ ExclusiveStartTableName: start }));
    for (const name of page.TableNames ?? []) existing.add(name);
    start = page.LastEvaluatedTableName;
  } while (start);

  const names = {} as Record<TableKey, string>;
  for (const key of tableKeys) {
    const name = localTableName(key);
    names[key] = name;
    const definition: TableDefinition = tables[key];
    if (existing.has(name)) {
      await ensureStream(client, name, definition);
      continue;
    }
    const indexes = Object.entries(definition.indexes ?? {});
    const keyAttributes = new Set([
      definition.partitionKey,
      definition.sortKey,
      ...indexes.flatMap(([, index]) => [index.partitionKey, index.sortKey]),
    ]);
    await client.send(
      new CreateTableCommand({
        TableName: name,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [...keyAttributes].map((attribute) => ({
          AttributeName: attribute,
          AttributeType: 'S',
        })),
        KeySchema: [
          { AttributeName: definition.partitionKey, KeyType: 'HASH' },
          { AttributeName: definition.sortKey, KeyType: 'RANGE' },
        ],
        GlobalSecondaryIndexes:
          indexes.length === 0
            ? undefined
            : indexes.map(([indexName, index]) => ({
                IndexName: indexName,
                KeySchema: [
                  { AttributeName: index.partitionKey, KeyType: 'HASH' },
                  { AttributeName: index.sortKey, KeyType: 'RANGE' },
                ],
                Projection: { ProjectionType: 'ALL' },
              })),
        StreamSpecification: definition.stream
          ? { StreamEnabled: true, StreamViewType: definition.stream }
          : undefined,
      }),
    );
    if (definition.timeToLiveAttribute) {
      await client.send(
        new UpdateTimeToLiveCommand({
          TableName: name,
          TimeToLiveSpecification: { AttributeName: definition.timeToLiveAttribute, Enabled: true },
        }),
      );
    }
  }
  return names;
}

/** A data directory from before a table had its stream gets the stream on the next start. */
async function ensureStream(
  client: DynamoDBClient,
  name: string,
  definition: TableDefinition,
): Promise<void> {
  if (!definition.stream) return;
  const { Table } = await client.send(new DescribeTableCommand({ TableName: name }));
  if (Table?.StreamSpecification?.StreamEnabled) return;
  await client.send(
    new UpdateTableCommand({
      TableName: name,
      StreamSpecification: { StreamEnabled: true, StreamViewType: definition.stream },
    }),
  );
}

/** The ARN of a table's stream, which its local event source reads. */
export async function streamArnOf(client: DynamoDBClient, name: string): Promise<string> {
  const { Table } = await client.send(new DescribeTableCommand({ TableName: name }));
  if (!Table?.LatestStreamArn) throw new Error(`Table ${name} has no stream`);
  return Table.LatestStreamArn;
}

export interface LocalUserPool {
  readonly userPoolId: string;
  readonly clientId: string;
}

/** Finds the local user pool and its client by name, creating them on the first start. */
export async function ensureUserPool(client: CognitoIdentityProviderClient): Promise<LocalUserPool> {
  const pools = await client.send(new ListUserPoolsCommand({ MaxResults: 60 }));
  let userPoolId = pools.UserPools?.find((p) => p.Name === POOL_NAME)?.Id;
  if (!userPoolId) {
    const created = await client.send(
      new CreateUserPoolCommand({
        PoolName: POOL_NAME,
        Policies: {
          PasswordPolicy: {
            MinimumLength: userPoolDefinition.passwordMinLength,
            RequireLowercase: false,
            RequireUppercase: false,
            RequireNumbers: false,
            RequireSymbols: false,
          },
        },
        UsernameConfiguration: { CaseSensitive: false },
      }),
    );
    userPoolId = created.UserPool?.Id;
    if (!userPoolId) throw new Error('cognito-local created a user pool without an id');
  }
  const clients = await client.send(
    new ListUserPoolClientsCommand({ UserPoolId: userPoolId, MaxResults: 60 }),
  );
  let clientId = clients.UserPoolClients?.find((c) => c.ClientName === CLIENT_NAME)?.ClientId;
  if (!clientId) {
    const created = await client.send(
      new CreateUserPoolClientCommand({
        UserPoolId: userPoolId,
        ClientName: CLIENT_NAME,
        ExplicitAuthFlows: ['ALLOW_ADMIN_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
        AccessTokenValidity: userPoolDefinition.accessTokenValidityMinutes,
        IdTokenValidity: userPoolDefinition.idTokenValidityMinutes,
        RefreshTokenValidity: userPoolDefinition.refreshTokenValidityDays,
        TokenValidityUnits: { AccessToken: 'minutes', IdToken: 'minutes', RefreshToken: 'days' },
        PreventUserExistenceErrors: 'ENABLED',
      }),
    );
    clientId = created.UserPoolClient?.ClientId;
    if (!clientId) throw new Error('cognito-local created a client without an id');
  }
  return { userPoolId, clientId };
}
