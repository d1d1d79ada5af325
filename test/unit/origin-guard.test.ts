import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { toApiEvent } from '../../lib/local/api-event';
import { routes, type Route } from '../../lambdas/contract/routes';
import { lambdaContext } from '../../lib/local/api-event';
import { createHandler } from '../../lambdas/ops/handler';
import type { Environment } from '../../lambdas/shared/env';
import { ORIGIN_SECRET_HEADER, originGuard } from '../../lambdas/shared/origin-guard';

const SECRET = 'origin-secret-value-0123456789';
const health = routes.find((r) => r.operationId === 'getHealth') as Route;

/** Secrets Manager as the real SDK talks to it (JSON protocol), so the SDK itself is exercised. */
const servers: Server[] = [];
async function secretsManagerStub(handle: RequestListener): Promise<string> {
  const server = createServer(handle);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}
const answersSecret: RequestListener = (request, response) => {
  const target = request.headers['x-amz-target'];
  response.setHeader('content-type', 'application/x-amz-json-1.1');
  if (target !== 'secretsmanager.GetSecretValue') {
    response.statusCode = 400;
    response.end(JSON.stringify({ __type: 'InvalidRequestException', message: String(target) }));
    return;
  }
  response.end(JSON.stringify({ ARN: 'arn', Name: 'origin', SecretString: SECRET }));
};
const failing: RequestListener = (_, response) => {
  response.statusCode = 500;
  response.setHeader('content-type', 'application/x-amz-json-1.1');
  response.end(JSON.stringify({ __type: 'InternalServiceError', message: 'down' }));
};

/** The ops function's configuration: with a secret in a Secrets Manager stub, or none (local mode). */
let env: Environment = {};
let handler: ReturnType<typeof createHandler>;

function guardWith(endpoint: string | undefined): void {
  env = {
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    AWS_MAX_ATTEMPTS: '1',
    USER_POOL_ID: 'us-east-1_unused',
    USER_POOL_CLIENT_ID: 'unused',
    ...(endpoint === undefined
      ? {}
      : {
          ORIGIN_SECRET_ARN: 'arn:aws:secretsmanager:us-east-1:000000000000:secret:origin',
          AWS_ENDPOINT_URL_SECRETS_MANAGER: endpoint,
        }),
  };
  handler = createHandler({ env });
}
const viewerAddress = (event: APIGatewayProxyEventV2): string => originGuard(env).viewerAddress(event);

const eventWith = (headers: Record<string, string>): APIGatewayProxyEventV2 =>
  toApiEvent(
    { method: 'GET', url: health.path, headers, body: Buffer.alloc(0), sourceIp: '192.0.2.10' },
    { route: health, pathParameters: undefined },
  );
const statusOf = async (headers: Record<string, string>) =>
  (await handler(eventWith(headers), lambdaContext('ops', 5000))).statusCode;

afterAll(async () => {
  guardWith(undefined);
  for (const server of servers) await new Promise((resolve) => server.close(resolve));
});

describe('the origin guard', () => {
  it('lets every request through where no origin secret is configured (local mode)', async () => {
    guardWith(undefined);
    expect(await statusOf({})).toBe(200);
  });

  it('refuses requests without CloudFront’s secret header with 403, before the handler runs', async () => {
    guardWith(await secretsManagerStub(answersSecret));
    expect(await statusOf({})).toBe(403);
    expect(await statusOf({ [ORIGIN_SECRET_HEADER]: 'guess' })).toBe(403);
    expect(await statusOf({ [ORIGIN_SECRET_HEADER]: `${SECRET}x` })).toBe(403);
    expect(await statusOf({ [ORIGIN_SECRET_HEADER]: SECRET })).toBe(200);
  });

  it('answers 503, letting nothing through, when the secret cannot be read', async () => {
    guardWith(await secretsManagerStub(failing));
    const answer = await handler(eventWith({ [ORIGIN_SECRET_HEADER]: SECRET }), lambdaContext('ops', 5000));
    expect(answer.statusCode).toBe(503);
    expect(answer.headers?.['retry-after']).toEqual(expect.any(String));
  });
});

describe('the viewer address', () => {
  const viaCloudFront = { 'cloudfront-viewer-address': '203.0.113.7:52311', [ORIGIN_SECRET_HEADER]: SECRET };

  it('is CloudFront’s Viewer-Address where the guard proves the request came through CloudFront', async () => {
    guardWith(await secretsManagerStub(answersSecret));
    expect(viewerAddress(eventWith(viaCloudFront))).toBe('203.0.113.7');
    expect(
      viewerAddress(eventWith({ 'cloudfront-viewer-address': '2001:db8:85a3::8a2e:370:7334:443' })),
    ).toBe('2001:db8:85a3::8a2e:370:7334');
    expect(viewerAddress(eventWith({}))).toBe('192.0.2.10');
  });

  it('is the TCP peer anywhere else: a client cannot choose its address by sending the header', () => {
    guardWith(undefined);
    expect(viewerAddress(eventWith(viaCloudFront))).toBe('192.0.2.10');
  });
});
