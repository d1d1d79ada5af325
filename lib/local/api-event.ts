import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import type { Route } from '../../lambdas/contract/routes';

export interface RouteMatcher {
  readonly route: Route;
  readonly pattern: RegExp;
  readonly parameterNames: readonly string[];
}

/** `/api/parks/{parkId}` → a regular expression capturing `parkId`, as API Gateway matches it. */
export function compileRoute(route: Route): RouteMatcher {
  const parameterNames: string[] = [];
  const source = route.path
    .split('/')
    .map((segment) => {
      const parameter = /^\{(\w+)\}$/.exec(segment);
      if (!parameter) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      parameterNames.push(parameter[1]);
      return '([^/]+)';
    })
    .join('/');
  return { route, pattern: new RegExp(`^${source}$`), parameterNames };
}

/** Every route, compiled; like API Gateway, a literal segment wins over a path parameter (`/results/latest` over `/results/{id}`). */
export const compileRoutes = (routes: readonly Route[]): RouteMatcher[] =>
  routes.map(compileRoute).sort((a, b) => a.parameterNames.length - b.parameterNames.length);

export interface MatchedRoute {
  readonly route: Route;
  readonly pathParameters: Record<string, string> | undefined;
}

export function matchRoute(
  matchers: readonly RouteMatcher[],
  method: string,
  path: string,
): MatchedRoute | undefined {
  for (const matcher of matchers) {
    if (matcher.route.method !== method) continue;
    const match = matcher.pattern.exec(path);
    if (!match) continue;
    if (matcher.parameterNames.length === 0) return { route: matcher.route, pathParameters: undefined };
    const pathParameters: Record<string, string> = {};
    matcher.parameterNames.forEach((name, i) => {
      pathParameters[name] = safeDecode(match[i + 1]);
    });
    return { route: matcher.route, pathParameters };
  }
  return undefined;
}

const safeDecode = (value: string): string => {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
};

/**
 * API Gateway joins repeated headers and query values with commas and lower-cases header names.
 * Built through a Map and Object.fromEntries, so a name like `__proto__` is an ordinary own key.
 */
function joinValues(
  values: Iterable<[string, string | readonly string[] | undefined]>,
  lowerCase: boolean,
): Record<string, string> {
  const joined = new Map<string, string[]>();
  for (const [rawName, value] of values) {
    if (value === undefined) continue;
    const name = lowerCase ? rawName.toLowerCase() : rawName;
    const list = joined.get(name) ?? [];
    list.push(...(typeof value === 'string' ? [value] : value));
    joined.set(name, list);
  }
  return Object.fromEntries([...joined].map(([name, list]) => [name, list.join(',')]));
}

function queryParameters(rawQuery: string): Record<string, string> | undefined {
  if (rawQuery === '') return undefined;
  return joinValues(new URLSearchParams(rawQuery), false);
}

const TEXT_TYPES = /^(text\/|application\/(json|xml|x-www-form-urlencoded|javascript)|[^;]*\+json)/i;

export interface RawRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
  readonly sourceIp: string;
}

/** Builds the HTTP API payload v2 event AWS would deliver for this request. */
export function toApiEvent(request: RawRequest, matched: MatchedRoute): APIGatewayProxyEventV2 {
  const url = new URL(request.url, 'http://localhost');
  const rawQueryString = url.search.replace(/^\?/, '');
  const { cookie, ...headerValues } = request.headers;
  const headers = joinValues(Object.entries(headerValues), true);
  const now = new Date();
  const hasBody = request.body.byteLength > 0;
  const isText = TEXT_TYPES.test(headers['content-type'] ?? '');
  const routeKey = `${matched.route.method} ${matched.route.path}`;
  return {
    version: '2.0',
    routeKey,
    rawPath: url.pathname,
    rawQueryString,
    cookies: cookie ? cookie.split(';').map((c) => c.trim()) : undefined,
    headers,
    queryStringParameters: queryParameters(rawQueryString),
    pathParameters: matched.pathParameters,
    requestContext: {
      accountId: 'local',
      apiId: 'local',
      domainName: headers.host ?? 'localhost',
      domainPrefix: (headers.host ?? 'localhost').split('.')[0],
      http: {
        method: request.method,
        path: url.pathname,
        protocol: 'HTTP/1.1',
        sourceIp: request.sourceIp,
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: randomUUID(),
      routeKey,
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
    },
    body: hasBody ? request.body.toString(isText ? 'utf8' : 'base64') : undefined,
    isBase64Encoded: hasBody && !isText,
  };
}

/** Enough of the Lambda context for our handlers and Powertools. */
export function lambdaContext(functionName: string, timeoutMs: number): Context {
  const deadline = Date.now() + timeoutMs;
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:${functionName}`,
    memoryLimitInMB: '512',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}
