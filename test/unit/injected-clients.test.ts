import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { JwtPayload } from 'aws-jwt-verify/jwt-model';
import { routes } from '../../lambdas/contract/routes';
import { createHandler } from '../../lambdas/quiz/handler';
import { questionBank } from '../../lambdas/quiz/question-bank';
import type { TokenVerifier } from '../../lambdas/shared/auth';
import { compileRoute, lambdaContext, matchRoute, toApiEvent } from '../../lib/local/api-event';
import { fakeDynamo } from '../support/fake-dynamo';
import { testConfiguration } from '../support/function-configuration';

/**
 * A handler built by its factory with injected clients: a DynamoDB client that records what it is
 * sent and answers from the test, and a token verifier; no emulator, no process environment.
 */
const verifier: TokenVerifier = async (token) => {
  if (token === 'good') return { sub: 'user-1', username: 'ranger' } as JwtPayload;
  throw new Error('invalid signature');
};

const matchers = routes.map(compileRoute);
function eventFor(method: string, url: string, body?: unknown): APIGatewayProxyEventV2 {
  const matched = matchRoute(matchers, method, url);
  if (!matched) throw new Error(`no route for ${method} ${url}`);
  const headers = { authorization: 'Bearer good', 'content-type': 'application/json' };
  const raw = Buffer.from(body === undefined ? '' : JSON.stringify(body));
  return toApiEvent({ method, url, headers, body: raw, sourceIp: '127.0.0.1' }, matched);
}

const answers = Object.fromEntries(questionBank.map((q) => [q.id, q.options[0].id]));

describe('a handler built with injected clients', () => {
  it('sends its store writes to the configured table on the injected client', async () => {
    const dynamo = fakeDynamo(() => ({}));
    const handler = createHandler({ env: testConfiguration('quiz'), dynamo: dynamo.client, verifier });
    const answer = await handler(
      eventFor('POST', '/api/quiz/results', { answers }),
      lambdaContext('quiz', 5000),
    );
    expect(answer.statusCode).toBe(201);
    expect(dynamo.sent).toHaveLength(1);
    expect(dynamo.sent[0].command).toBe('PutCommand');
    expect(dynamo.sent[0].input).toMatchObject({ TableName: 'test-quiz', Item: { pk: 'USER#user-1' } });
  });

  it('answers 503 when the injected client says the table is busy, 401 without a valid token', async () => {
    const dynamo = fakeDynamo(() => {
      throw Object.assign(new Error('busy'), { name: 'ThrottlingException' });
    });
    const handler = createHandler({ env: testConfiguration('quiz'), dynamo: dynamo.client, verifier });
    const busy = await handler(eventFor('GET', '/api/quiz/results'), lambdaContext('quiz', 5000));
    expect(busy.statusCode).toBe(503);
    const anonymous = eventFor('GET', '/api/quiz/results');
    anonymous.headers.authorization = 'Bearer forged';
    expect((await handler(anonymous, lambdaContext('quiz', 5000))).statusCode).toBe(401);
    expect(dynamo.sent).toHaveLength(1);
  });
});
