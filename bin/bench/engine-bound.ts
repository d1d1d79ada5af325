import {
  CreateTableCommand,
  DeleteTableCommand,
  DynamoDBClient,
  waitUntilTableExists,
} from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { ClickRateLimit } from '../../lambdas/clicks/rate-limit';
import { ClickStore } from '../../lambdas/clicks/store';
import { localAwsClientConfig } from '../../lib/local/dynamodb-local';
import { tables } from '../../lambdas/contract/tables';
import type { EngineWorkload, LoadResult } from './load-protocol';
import { percentile } from './output';

/**
 * The engine bound: what DynamoDB Local itself does with the click's kind of request, measured with
 * the SDK straight against it, at the same connection counts and in the same minute as the HTTP runs.
 * Its items live in a table of their own, defined like the clicks table (same keys, same stream), so
 * that the aggregator never counts them and the write costs the engine the same stream record.
 * Beside it, the click's own write (ClickStore.recordClick) straight to the clicks table, aggregator
 * running: what is left between that and POST /api/clicks is HTTP, the gateway and the handler.
 * Like the handlers' requests under load, none asks for its consumed capacity.
 */

export const ENGINE_TABLE = 'cloud-clicker-bench-engine';

const engineKey = (i: number) => ({ pk: `USER#engine-${i}`, sk: '#' });
const BATCH = 25;

/** Creates the table (dropping one a previous run left) with `items` user-like items of 0 clicks. */
export async function createEngineTable(endpoint: string, items: number): Promise<() => Promise<void>> {
  const client = new DynamoDBClient(localAwsClientConfig(endpoint));
  const db = DynamoDBDocumentClient.from(client);
  const definition = tables.clicks;
  await client.send(new DeleteTableCommand({ TableName: ENGINE_TABLE })).catch(() => undefined);
  await client.send(
    new CreateTableCommand({
      TableName: ENGINE_TABLE,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [
        { AttributeName: definition.partitionKey, AttributeType: 'S' },
        { AttributeName: definition.sortKey, AttributeType: 'S' },
      ],
      KeySchema: [
        { AttributeName: definition.partitionKey, KeyType: 'HASH' },
        { AttributeName: definition.sortKey, KeyType: 'RANGE' },
      ],
      StreamSpecification: { StreamEnabled: true, StreamViewType: definition.stream },
    }),
  );
  await waitUntilTableExists({ client, maxWaitTime: 30 }, { TableName: ENGINE_TABLE });
  for (let start = 0; start < items; start += BATCH) {
    const keys = Array.from({ length: Math.min(BATCH, items - start) }, (_, i) => engineKey(start + i));
    await db.send(
      new BatchWriteCommand({
        RequestItems: {
          [ENGINE_TABLE]: keys.map((key) => ({
            PutRequest: { Item: { ...key, clicks: 0, clickedAt: Date.now() } },
          })),
        },
      }),
    );
  }
  return async () => {
    await client.send(new DeleteTableCommand({ TableName: ENGINE_TABLE })).catch(() => undefined);
    client.destroy();
  };
}

/**
 * One client per endpoint, and one ClickStore per configuration, for the whole bench: their
 * connections and remembered items stay, as a container's do.
 */
const clients = new Map<string, DynamoDBDocumentClient>();
const stores = new Map<string, ClickStore>();

function clientFor(endpoint: string): DynamoDBDocumentClient {
  let client = clients.get(endpoint);
  if (!client) {
    client = DynamoDBDocumentClient.from(new DynamoDBClient(localAwsClientConfig(endpoint)), {
      marshallOptions: { removeUndefinedValues: true },
    });
    clients.set(endpoint, client);
  }
  return client;
}

function storeFor(workload: EngineWorkload, limit: ClickRateLimit): ClickStore {
  const id = JSON.stringify([workload.endpoint, workload.table, limit]);
  let store = stores.get(id);
  if (!store) {
    store = new ClickStore(clientFor(workload.endpoint), workload.table, limit);
    stores.set(id, store);
  }
  return store;
}

/** Sends request `i`; resolves with why it did not succeed, or undefined when it did. */
function sender(workload: EngineWorkload): (i: number) => Promise<string | undefined> {
  const client = clientFor(workload.endpoint);
  const { operation, table } = workload;
  switch (operation.name) {
    case 'UpdateItem':
      return async (i) => {
        await client.send(
          new UpdateCommand({
            TableName: table,
            Key: engineKey(i),
            UpdateExpression: 'ADD clicks :one',
            ExpressionAttributeValues: { ':one': 1 },
          }),
        );
        return undefined;
      };
    case 'GetItem':
      return async (i) => {
        await client.send(new GetCommand({ TableName: table, Key: engineKey(i) }));
        return undefined;
      };
    case 'recordClick': {
      const store = storeFor(workload, operation.limit);
      return async (i) => {
        const outcome = await store.recordClick(`engine-${i}`, new Date(), 0);
        return outcome.kind === 'counted' ? undefined : outcome.kind;
      };
    }
  }
}

/**
 * Runs the workload for `seconds` from `connections` loops sharing one client, built as the handlers
 * build theirs (a document client over the default HTTP handler), so that the only difference from
 * the HTTP runs is the server and the handler in front.
 */
export async function driveEngine(
  workload: EngineWorkload,
  connections: number,
  seconds: number,
): Promise<LoadResult> {
  const send = sender(workload);
  const ms: number[] = [];
  const statuses: Record<string, number> = {};
  let next = 0;
  let ok = 0;
  const started = process.hrtime.bigint();
  const deadline = Date.now() + seconds * 1000;
  const loop = async (): Promise<void> => {
    while (Date.now() < deadline) {
      const sent = process.hrtime.bigint();
      let failure: string | undefined;
      try {
        failure = await send(next++ % workload.items);
      } catch (error) {
        failure = error instanceof Error ? error.name : 'Error';
      }
      if (failure === undefined) ok++;
      else statuses[failure] = (statuses[failure] ?? 0) + 1;
      ms.push(Number(process.hrtime.bigint() - sent) / 1e6);
    }
  };
  await Promise.all(Array.from({ length: connections }, loop));
  const elapsed = Number(process.hrtime.bigint() - started) / 1e9;
  return {
    requests: ms.length,
    seconds: elapsed,
    requestsPerSecond: ms.length / elapsed,
    okPerSecond: ok / elapsed,
    p50Ms: percentile(ms, 0.5),
    p99Ms: percentile(ms, 0.99),
    errors: ms.length - ok,
    non2xx: 0,
    statuses,
  };
}
