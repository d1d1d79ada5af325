import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { createHandler } from '../../lambdas/clicks/handler';
import { isDependencyUnavailable } from '../../lambdas/shared/dependency-errors';
import { compileRoute, lambdaContext, matchRoute, toApiEvent } from '../../lib/local/api-event';
import { routes } from '../../lambdas/contract/routes';

/**
 * DynamoDB throttling, which DynamoDB Local never does, from a stub that answers as DynamoDB does when
 * busy; the real SDK and the real handler on the other side. Busy is 503 with Retry-After, never 500.
 */
let answer: { type: string; extra?: Record<string, unknown> } = { type: 'ThrottlingException' };
let requests = 0;
let stub: Server;
let endpoint: string;

beforeAll(async () => {
  stub = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      requests += 1;
      response.writeHead(400, { 'content-type': 'application/x-amz-json-1.0' });
      response.end(
        JSON.stringify({
          __type: `com.amazonaws.dynamodb.v20120810#${answer.type}`,
          message: 'busy',
          ...answer.extra,
        }),
      );
    });
  });
  await new Promise<void>((resolve) => stub.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(stub.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => stub.close(() => resolve())));

const client = () =>
  DynamoDBDocumentClient.from(
    new DynamoDBClient({
      endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'stub', secretAccessKey: 'stub' },
      maxAttempts: 2,
    }),
  );

async function transactWriteError(): Promise<unknown> {
  try {
    await client().send(
      new TransactWriteCommand({
        TransactItems: [
          { Put: { TableName: 't', Item: { pk: 'a', sk: 'b' } } },
          { Put: { TableName: 't', Item: { pk: 'c', sk: 'd' } } },
        ],
      }),
    );
  } catch (error) {
    return error;
  }
  throw new Error('the stub answered with success');
}

describe('a busy DynamoDB', () => {
  it.each([
    [['ThrottlingError', 'None']],
    [['None', 'ProvisionedThroughputExceeded']],
    [['TransactionConflict', 'None']],
  ])('is busy when a transaction is cancelled for %j', async (codes) => {
    answer = {
      type: 'TransactionCanceledException',
      extra: { CancellationReasons: codes.map((Code) => ({ Code })) },
    };
    expect(isDependencyUnavailable(await transactWriteError())).toBe(true);
  });

  it('is a real answer, not busy, when a condition failed among the reasons', async () => {
    answer = {
      type: 'TransactionCanceledException',
      extra: { CancellationReasons: [{ Code: 'ThrottlingError' }, { Code: 'ConditionalCheckFailed' }] },
    };
    expect(isDependencyUnavailable(await transactWriteError())).toBe(false);
  });

  it('answers 503 with Retry-After, not 500, when the table throttles a read', async () => {
    answer = { type: 'ThrottlingException' };
    // The handler builds its own client from the configuration it is given, as in a Lambda container.
    const handler = createHandler({
      env: {
        AWS_REGION: 'us-east-1',
        AWS_ACCESS_KEY_ID: 'stub',
        AWS_SECRET_ACCESS_KEY: 'stub',
        AWS_ENDPOINT_URL_DYNAMODB: endpoint,
        AWS_MAX_ATTEMPTS: '2',
        CLICKS_TABLE: 'clicks',
        CLICKTOTALS_TABLE: 'totals',
        CLICK_RATE_PER_SECOND: '20',
        CLICK_BURST: '40',
        USER_POOL_ID: 'us-east-1_stub',
        USER_POOL_CLIENT_ID: 'stub',
      },
    });
    const matched = matchRoute(routes.map(compileRoute), 'GET', '/api/clicks/log');
    if (!matched) throw new Error('no route');
    const before = requests;
    const result = await handler(
      toApiEvent(
        {
          method: 'GET',
          url: '/api/clicks/log?minutes=5',
          headers: {},
          body: Buffer.alloc(0),
          sourceIp: '127.0.0.1',
        },
        matched,
      ),
      lambdaContext('clicks', 10_000),
    );
    expect(requests).toBeGreaterThan(before);
    expect(result.statusCode).toBe(503);
    expect(result.headers?.['retry-after']).toBeDefined();
    expect(String(result.body)).not.toMatch(/Throttling|clicks|totals/);
  });
});
