import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CloudFormationCustomResourceEvent, Context } from 'aws-lambda';
import { createCatalogSeedHandler } from '../../lambdas/parks/catalog-seed-handler';
import { dynamoClient } from '../../lambdas/shared/clients';

/** A stand-in for CloudFormation's pre-signed response URL: records what the function PUTs there. */
let server: Server;
let url: string;
const answers: { method: string; contentType: string | undefined; body: Record<string, unknown> }[] = [];

beforeAll(async () => {
  server = createServer((request, response) => {
    let text = '';
    request.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
    request.on('end', () => {
      answers.push({
        method: request.method ?? '',
        contentType: request.headers['content-type'],
        body: JSON.parse(text) as Record<string, unknown>,
      });
      response.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/signed?X-Amz-Signature=abc`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => answers.splice(0));

const context = { getRemainingTimeInMillis: () => 60_000 } as unknown as Context;

function event(
  requestType: 'Create' | 'Update' | 'Delete',
  properties: Record<string, unknown>,
): CloudFormationCustomResourceEvent {
  const common = {
    ServiceToken: 'arn:aws:lambda:us-east-1:123456789012:function:seed',
    ResponseURL: url,
    StackId: 'arn:aws:cloudformation:us-east-1:123456789012:stack/Data/guid',
    RequestId: 'request-1',
    LogicalResourceId: 'ParkCatalog',
    ResourceType: 'Custom::ParkCatalog',
    ResourceProperties: { ServiceToken: 'token', ...properties },
  };
  if (requestType === 'Create') return { ...common, RequestType: 'Create' };
  if (requestType === 'Update')
    return {
      ...common,
      RequestType: 'Update',
      PhysicalResourceId: 'park-catalog',
      OldResourceProperties: { ServiceToken: 'token' },
    };
  return { ...common, RequestType: 'Delete', PhysicalResourceId: 'park-catalog' };
}

/** The seed with a client of a DynamoDB that is not there (nothing listens on port 9). */
const handler = createCatalogSeedHandler({
  db: dynamoClient({
    AWS_ENDPOINT_URL_DYNAMODB: 'http://127.0.0.1:9',
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    AWS_MAX_ATTEMPTS: '1',
  }),
});

describe('catalog seeding custom resource', () => {
  it('answers SUCCESS to a Delete without touching anything, keeping the physical id', async () => {
    await handler(event('Delete', { TableName: 'parks' }), context);
    expect(answers).toHaveLength(1);
    expect(answers[0].method).toBe('PUT');
    // The pre-signed URL is signed for an empty content type.
    expect(answers[0].contentType ?? '').toBe('');
    expect(answers[0].body).toMatchObject({
      Status: 'SUCCESS',
      PhysicalResourceId: 'park-catalog',
      StackId: 'arn:aws:cloudformation:us-east-1:123456789012:stack/Data/guid',
      RequestId: 'request-1',
      LogicalResourceId: 'ParkCatalog',
    });
  });

  it('answers FAILED with a reason (and never hangs) when it cannot seed', async () => {
    await handler(event('Create', {}), context);
    expect(answers[0].body).toMatchObject({ Status: 'FAILED', PhysicalResourceId: 'park-catalog' });
    expect(String(answers[0].body.Reason)).toMatch(/TableName/);
  });

  it('answers FAILED when DynamoDB is unreachable, on an Update too', async () => {
    await handler(event('Update', { TableName: 'parks', CatalogHash: 'x' }), context);
    expect(answers[0].body).toMatchObject({ Status: 'FAILED', PhysicalResourceId: 'park-catalog' });
    expect(String(answers[0].body.Reason)).not.toMatch(/X-Amz-Signature/);
  });
});
