import { compileRoute, matchRoute, toApiEvent } from '../../lib/local/api-event';
import { routes, type Route } from '../../lambdas/contract/routes';

const matchers = routes.map(compileRoute);
const withParam: Route = {
  method: 'GET',
  path: '/api/parks/{parkId}/posts/{postId}',
  area: 'ops',
  auth: 'none',
  operationId: 'x',
  summary: '',
};

describe('route matching', () => {
  it('matches method and exact path of the route table', () => {
    expect(matchRoute(matchers, 'POST', '/api/clicks')?.route.operationId).toBe('postClick');
    expect(matchRoute(matchers, 'GET', '/api/clicks')?.route.operationId).toBe('getClicks');
    expect(matchRoute(matchers, 'GET', '/api/clicks/log')?.route.operationId).toBe('getClickLog');
    expect(matchRoute(matchers, 'DELETE', '/api/clicks')).toBeUndefined();
    expect(matchRoute(matchers, 'GET', '/api/clicks/')).toBeUndefined();
    expect(matchRoute(matchers, 'GET', '/api/clicksX')).toBeUndefined();
  });

  it('captures and decodes path parameters, one segment each', () => {
    const matched = matchRoute([compileRoute(withParam)], 'GET', '/api/parks/grand%20canyon/posts/42');
    expect(matched?.pathParameters).toEqual({ parkId: 'grand canyon', postId: '42' });
    expect(matchRoute([compileRoute(withParam)], 'GET', '/api/parks/a/b/posts/42')).toBeUndefined();
  });
});

describe('toApiEvent', () => {
  const route = routes.find((r) => r.operationId === 'getClickLog') as Route;

  it('builds an HTTP API v2 event as AWS does', () => {
    const event = toApiEvent(
      {
        method: 'GET',
        url: '/api/clicks/log?minutes=5&x=1&x=2',
        headers: {
          'X-Custom': 'a',
          'set-thing': ['1', '2'],
          cookie: 'a=1; b=2',
          host: 'localhost:3000',
          'user-agent': 'jest',
        },
        body: Buffer.alloc(0),
        sourceIp: '127.0.0.1',
      },
      { route, pathParameters: undefined },
    );
    expect(event).toMatchObject({
      version: '2.0',
      routeKey: 'GET /api/clicks/log',
      rawPath: '/api/clicks/log',
      rawQueryString: 'minutes=5&x=1&x=2',
      queryStringParameters: { minutes: '5', x: '1,2' },
      headers: { 'x-custom': 'a', 'set-thing': '1,2', host: 'localhost:3000' },
      cookies: ['a=1', 'b=2'],
      isBase64Encoded: false,
      requestContext: {
        http: {
          method: 'GET',
          path: '/api/clicks/log',
          sourceIp: '127.0.0.1',
          userAgent: 'jest',
          protocol: 'HTTP/1.1',
        },
        routeKey: 'GET /api/clicks/log',
        stage: '$default',
      },
    });
    expect(event.body).toBeUndefined();
    expect(event.headers.cookie).toBeUndefined();
    expect(event.requestContext.requestId).toEqual(expect.any(String));
  });

  it('passes JSON bodies as text and binary bodies as base64', () => {
    const json = toApiEvent(
      {
        method: 'POST',
        url: '/api/clicks',
        headers: { 'content-type': 'application/json' },
        body: Buffer.from('{"a":1}'),
        sourceIp: '',
      },
      { route, pathParameters: undefined },
    );
    expect(json).toMatchObject({ body: '{"a":1}', isBase64Encoded: false });
    const binary = toApiEvent(
      {
        method: 'POST',
        url: '/api/clicks',
        headers: { 'content-type': 'image/png' },
        body: Buffer.from([0, 255]),
        sourceIp: '',
      },
      { route, pathParameters: undefined },
    );
    expect(binary).toMatchObject({ body: 'AP8=', isBase64Encoded: true });
  });
});
