import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { JwtPayload } from 'aws-jwt-verify/jwt-model';
import { authSchemas } from '../../lambdas/auth/schemas';
import { clicksSchemas } from '../../lambdas/clicks/schemas';
import { MAX_BODY_BYTES } from '../../lambdas/contract/operation';
import { routes } from '../../lambdas/contract/routes';
import { opsSchemas } from '../../lambdas/ops/schemas';
import type { TokenVerifier } from '../../lambdas/shared/auth';
import { tooManyRequests } from '../../lambdas/shared/errors';
import { createAreaHandler, reply, requireUser } from '../../lambdas/shared/http';
import { JwksUnavailableError } from '../../lambdas/shared/jwks-fetcher';
import { compileRoute, lambdaContext, matchRoute, toApiEvent } from '../../lib/local/api-event';

/**
 * The shared pipeline with injected dependencies: a fake token verifier, and implementations that
 * answer or fail on demand. No emulator, no network.
 */
const GOOD_TOKEN = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1LTEifQ.c2lnbmF0dXJlLW9mLWEtZ29vZC10b2tlbg';
const verifier: TokenVerifier = async (token) => {
  if (token === GOOD_TOKEN) return { sub: 'user-1', username: 'ranger' } as JwtPayload;
  if (token === 'pool-down') throw new JwksUnavailableError('connection refused');
  throw new Error('invalid signature');
};

const matchers = routes.map(compileRoute);

interface Call {
  readonly headers?: Record<string, string>;
  readonly body?: string | Buffer;
}

function eventFor(method: string, url: string, call: Call = {}): APIGatewayProxyEventV2 {
  const matched = matchRoute(matchers, method, new URL(url, 'http://localhost').pathname);
  if (!matched) throw new Error(`no route for ${method} ${url}`);
  const body = typeof call.body === 'string' ? Buffer.from(call.body) : (call.body ?? Buffer.alloc(0));
  return toApiEvent({ method, url, headers: call.headers ?? {}, body, sourceIp: '127.0.0.1' }, matched);
}

type Handler = (
  event: APIGatewayProxyEventV2,
  context: ReturnType<typeof lambdaContext>,
) => Promise<APIGatewayProxyStructuredResultV2>;

interface Answer {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: Record<string, unknown>;
  readonly requestId: string;
}

async function invoke(handler: Handler, event: APIGatewayProxyEventV2): Promise<Answer> {
  const context = lambdaContext('pipeline-test', 10_000);
  const result = await handler(event, context);
  const text = String(result.body ?? '');
  return {
    status: result.statusCode ?? 0,
    headers: Object.fromEntries(
      Object.entries(result.headers ?? {}).map(([name, value]) => [name.toLowerCase(), String(value)]),
    ),
    body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
    requestId: context.awsRequestId,
  };
}

/** Every JSON line written to stdout or stderr (Powertools logs and EMF) while `run` runs. */
async function printed<T>(run: () => Promise<T>): Promise<{ result: T; lines: Record<string, unknown>[] }> {
  const lines: string[] = [];
  const capture = (chunk: string | Uint8Array) => {
    lines.push(...String(chunk).split('\n').filter(Boolean));
    return true;
  };
  const spies = [
    jest.spyOn(process.stdout, 'write').mockImplementation(capture),
    jest.spyOn(process.stderr, 'write').mockImplementation(capture),
  ];
  try {
    const result = await run();
    return { result, lines: lines.map((line) => JSON.parse(line) as Record<string, unknown>) };
  } finally {
    for (const spy of spies) spy.mockRestore();
  }
}

const requestLines = (lines: Record<string, unknown>[]) => lines.filter((l) => l.message === 'request');

/** Makes the click operations fail as a test asks, through the `x-fail` header. */
function failAsAsked(headers: Readonly<Record<string, string | undefined>>): void {
  switch (headers['x-fail']) {
    case 'http':
      throw tooManyRequests('Slow down', 7);
    case 'throttled':
      throw Object.assign(new Error('Rate exceeded for table clicks-secret-table'), {
        name: 'ThrottlingException',
      });
    case 'network':
      throw Object.assign(new Error('connect ECONNREFUSED 10.0.0.1:443'), { code: 'ECONNREFUSED' });
    case 'bug':
      throw new TypeError('Cannot read properties of undefined (reading "clicks-secret-table")');
    default:
  }
}

const clicks = createAreaHandler(
  'clicks',
  clicksSchemas,
  {
    postClick: async (request) => {
      failAsAsked(request.headers);
      const user = requireUser(request);
      return reply(200, { total_clicks: 1, user_clicks: user.username.length });
    },
    getClicks: async ({ user, headers }) => {
      failAsAsked(headers);
      return reply(200, user ? { total_clicks: 5, user_clicks: 2 } : { total_clicks: 5 });
    },
    getClickLog: async ({ query }) =>
      reply(200, { minutes: [], clicks_per_minute: query.minutes ?? 0, total_clicks: 0 }),
  },
  { env: {}, verifier },
) as Handler;

describe('the pipeline: authentication', () => {
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

  it('auth none: answers without a token, and still refuses an invalid one', async () => {
    expect((await invoke(clicks, eventFor('GET', '/api/clicks/log?minutes=5'))).status).toBe(200);
    const invalid = await invoke(clicks, eventFor('GET', '/api/clicks/log', { headers: bearer('forged') }));
    expect(invalid.status).toBe(401);
    expect(invalid.body.code).toBe('UNAUTHORIZED');
  });

  it('auth optional: anonymous without a token, the user with one, 401 with a bad one', async () => {
    expect((await invoke(clicks, eventFor('GET', '/api/clicks'))).body).toEqual({ total_clicks: 5 });
    const signedIn = await invoke(clicks, eventFor('GET', '/api/clicks', { headers: bearer(GOOD_TOKEN) }));
    expect(signedIn.body).toEqual({ total_clicks: 5, user_clicks: 2 });
    expect((await invoke(clicks, eventFor('GET', '/api/clicks', { headers: bearer('forged') }))).status).toBe(
      401,
    );
  });

  it('auth required: 401 with WWW-Authenticate without a token, the user with one', async () => {
    const anonymous = await invoke(clicks, eventFor('POST', '/api/clicks'));
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers['www-authenticate']).toBe('Bearer');
    const signedIn = await invoke(clicks, eventFor('POST', '/api/clicks', { headers: bearer(GOOD_TOKEN) }));
    expect(signedIn).toMatchObject({ status: 200, body: { total_clicks: 1, user_clicks: 6 } });
  });

  it('a header that is not "Bearer <token>" is 401, and an unreachable pool 503', async () => {
    const basic = await invoke(
      clicks,
      eventFor('POST', '/api/clicks', { headers: { authorization: 'Basic x' } }),
    );
    expect(basic.status).toBe(401);
    const down = await invoke(clicks, eventFor('POST', '/api/clicks', { headers: bearer('pool-down') }));
    expect(down.status).toBe(503);
  });
});

describe('the pipeline: bodies and content types', () => {
  const post = (body: string | Buffer, headers: Record<string, string> = {}) =>
    invoke(clicks, eventFor('POST', '/api/clicks', { body, headers: { ...bearerGood, ...headers } }));
  const bearerGood = { authorization: `Bearer ${GOOD_TOKEN}` };
  const json = { 'content-type': 'application/json' };

  it(`refuses a body over ${MAX_BODY_BYTES / 1024} KiB with 413, before parsing or authenticating`, async () => {
    const big = `{"a":"${'x'.repeat(MAX_BODY_BYTES)}"}`;
    const answer = await invoke(
      clicks,
      eventFor('POST', '/api/clicks', { body: big, headers: { ...json, authorization: 'Bearer forged' } }),
    );
    expect(answer).toMatchObject({ status: 413, body: { code: 'PAYLOAD_TOO_LARGE' } });
  });

  it('counts the decoded bytes of a base64 body', async () => {
    // A binary body arrives base64-encoded: 16 KiB of bytes are about 21.8 KiB of text, and pass the cap.
    const binary = Buffer.alloc(MAX_BODY_BYTES, 0xff);
    expect((await post(binary, { 'content-type': 'application/octet-stream' })).status).toBe(415);
    expect((await post(Buffer.alloc(MAX_BODY_BYTES + 1, 0xff))).status).toBe(413);
  });

  it('a body must be sent as application/json: 415 otherwise', async () => {
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'application/jsonx']) {
      const answer = await post('{}', { 'content-type': type });
      expect([type, answer.status, answer.body.code]).toEqual([type, 415, 'UNSUPPORTED_MEDIA_TYPE']);
    }
    expect((await post('{}')).status).toBe(415);
  });

  it('accepts application/json with parameters, and an empty body without any content type', async () => {
    expect((await post('{}', { 'content-type': 'application/json; charset=utf-8' })).status).toBe(200);
    expect((await post('')).status).toBe(200);
  });

  it('malformed JSON and prototype keys are 400, naming the body', async () => {
    for (const raw of ['{"a":', '{"__proto__":{"admin":true}}']) {
      const answer = await post(raw, json);
      expect(answer).toMatchObject({
        status: 400,
        body: { code: 'BAD_REQUEST', fields: { body: 'malformed JSON' } },
      });
    }
  });

  it('a body on a route that takes none is 400; invalid query parameters are 400 with fields', async () => {
    expect((await post('{"clicks":100}', json)).body).toMatchObject({
      code: 'BAD_REQUEST',
      fields: { body: 'must be empty' },
    });
    const query = await invoke(clicks, eventFor('GET', '/api/clicks/log?minutes=1e3'));
    expect(query).toMatchObject({ status: 400, body: { fields: { minutes: expect.any(String) } } });
  });
});

describe('the pipeline: error mapping', () => {
  const failing = (fail: string) =>
    invoke(clicks, eventFor('GET', '/api/clicks', { headers: { 'x-fail': fail } }));

  it('an HttpError is answered with its status, headers and the API error body', async () => {
    const answer = await failing('http');
    expect(answer.status).toBe(429);
    expect(answer.headers['retry-after']).toBe('7');
    expect(answer.body).toEqual({ message: 'Slow down', code: 'TOO_MANY_REQUESTS' });
  });

  it.each(['throttled', 'network'])(
    'an unavailable dependency (%s) is 503 with Retry-After',
    async (fail) => {
      const { result: answer, lines } = await printed(() => failing(fail));
      expect(answer.status).toBe(503);
      expect(answer.headers['retry-after']).toBe('2');
      expect(answer.body.code).toBe('SERVICE_UNAVAILABLE');
      expect(JSON.stringify(answer.body)).not.toMatch(/secret-table|ECONNREFUSED|Throttling/);
      expect(lines.some((l) => l.level === 'WARN' && l.message === 'Dependency unavailable')).toBe(true);
    },
  );

  it('any other error is a generic 500 with the request id; the details go to the log only', async () => {
    const { result: answer, lines } = await printed(() => failing('bug'));
    expect(answer.status).toBe(500);
    expect(answer.body).toEqual({
      message: 'Something went wrong on our side; try again',
      code: 'INTERNAL',
      requestId: answer.requestId,
    });
    const error = lines.find((l) => l.level === 'ERROR');
    expect(JSON.stringify(error)).toContain('clicks-secret-table');
    expect(error?.function_request_id).toBe(answer.requestId);
  });

  it('counts 5xx answers in the ServerErrors metric, published with the request', async () => {
    const { lines } = await printed(() => failing('bug'));
    const emf = lines.find((l) => l._aws !== undefined);
    expect(emf).toMatchObject({ area: 'clicks', ServerErrors: 1 });
    const { lines: quiet } = await printed(() => invoke(clicks, eventFor('GET', '/api/clicks')));
    expect(quiet.filter((l) => l._aws !== undefined)).toEqual([]);
  });

  it('every answer is JSON, not cacheable by default, with the security headers', async () => {
    for (const answer of [await failing('http'), await invoke(clicks, eventFor('GET', '/api/clicks'))]) {
      expect(answer.headers).toMatchObject({
        'content-type': 'application/json; charset=utf-8',
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
        'referrer-policy': 'no-referrer',
        'x-frame-options': 'DENY',
      });
      expect(answer.headers['content-security-policy']).toMatch(/default-src 'none'/);
    }
  });
});

describe('the pipeline: logs', () => {
  const PASSWORD = 'correct-horse-battery-staple';
  const auth = createAreaHandler(
    'auth',
    authSchemas,
    {
      register: async () => reply(201, { message: 'Account created' }),
      login: async () => {
        throw Object.assign(new Error('User pool is throttled'), { name: 'TooManyRequestsException' });
      },
      getMe: async (request) => {
        const user = requireUser(request);
        return reply(200, { username: user.username, user_id: user.userId });
      },
    },
    { env: {}, verifier },
  ) as Handler;

  it('no line carries a token, a password or a request body; each carries the request id', async () => {
    const body = JSON.stringify({ username: 'body_marker_user', password: PASSWORD });
    const json = { 'content-type': 'application/json' };
    const { result: answers, lines } = await printed(async () => [
      await invoke(auth, eventFor('POST', '/api/register', { body, headers: json })),
      await invoke(auth, eventFor('POST', '/api/login', { body, headers: json })),
      await invoke(auth, eventFor('GET', '/api/me', { headers: { authorization: `Bearer ${GOOD_TOKEN}` } })),
      await invoke(auth, eventFor('GET', '/api/me', { headers: { authorization: `Bearer ${GOOD_TOKEN}x` } })),
    ]);
    expect(answers.map((a) => a.status)).toEqual([201, 503, 200, 401]);
    expect(requestLines(lines)).toHaveLength(4);
    const text = lines.map((l) => JSON.stringify(l)).join('\n');
    for (const secret of [PASSWORD, GOOD_TOKEN, GOOD_TOKEN.split('.')[2], 'body_marker_user', body]) {
      expect(text).not.toContain(secret);
    }
    expect(text).not.toMatch(/authorization|bearer/i);
    const logLines = lines.filter((l) => l._aws === undefined);
    expect(logLines.every((l) => answers.some((a) => a.requestId === l.function_request_id))).toBe(true);
    expect(requestLines(lines).map((l) => [l.route, l.status])).toEqual([
      ['POST /api/register', 201],
      ['POST /api/login', 503],
      ['GET /api/me', 200],
      ['GET /api/me', 401],
    ]);
  });

  it('cold_start is true on the first request of a function only', async () => {
    // Lambda sets this in every on-demand container (local mode too); Powertools reads it when the
    // logger is built. A function no other test here has built, so its logger is new.
    process.env.AWS_LAMBDA_INITIALIZATION_TYPE = 'on-demand';
    const ops = createAreaHandler(
      'ops',
      opsSchemas,
      { getHealth: async () => reply(200, { status: 'ok' }), getOpenApi: async () => reply(200, {}) },
      { env: {}, verifier },
    ) as Handler;
    const { lines } = await printed(async () => {
      await invoke(ops, eventFor('GET', '/api/health'));
      await invoke(ops, eventFor('GET', '/api/health'));
      await invoke(ops, eventFor('GET', '/api/health'));
    });
    expect(requestLines(lines).map((l) => l.cold_start)).toEqual([true, false, false]);
  });
});
