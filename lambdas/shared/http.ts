import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy, { type MiddlewareObj } from '@middy/core';
import httpHeaderNormalizer from '@middy/http-header-normalizer';
import httpSecurityHeaders from '@middy/http-security-headers';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type * as z from 'zod/mini';
import { type AreaSchemas, MAX_BODY_BYTES, type OperationSchema } from '../contract/operation';
import { bufferedRoutes, routeKey, type Area, type BufferedOperationId } from '../contract/routes';
import { type AuthUser, cognitoVerifier, refuseLocalVerifierInLambda, type TokenVerifier } from './auth';
import type { Environment } from './env';
import { badRequest, notFound, unauthorized } from './errors';
import { loggerFor } from './logger';
import { type FunctionMetrics, functionMetrics } from './metrics';
import { accessLog } from './middleware/access-log';
import { cognitoAuth } from './middleware/authenticate';
import { bodyLimit } from './middleware/body-limit';
import { dependencyFailure } from './middleware/dependency-failure';
import { errorResponse } from './middleware/error-response';
import { jsonBody } from './middleware/json-body';
import { jsonResult } from './middleware/json-result';
import type { ApiContext, ApiEvent, ApiResult, MatchedOperation } from './middleware/types';
import { originGuard as originGuardOf, type OriginGuard } from './origin-guard';
import { parseWith } from './validation';

type Parsed<S> = S extends z.ZodMiniType ? z.output<S> : undefined;

export interface ApiRequest<S extends OperationSchema = OperationSchema> {
  readonly body: Parsed<S['body']>;
  readonly query: Parsed<S['query']>;
  readonly params: Parsed<S['params']>;
  /** Lower-case names, as API Gateway delivers them. */
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly user: AuthUser | undefined;
  readonly requestId: string;
  /** The viewer's IP address (behind CloudFront, the viewer's rather than CloudFront's). */
  readonly sourceAddress: string;
  /** Milliseconds until Lambda ends this invocation, read when called. */
  readonly remainingTimeMs: () => number;
}

export interface ApiReply {
  readonly status: number;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

export const reply = (status: number, body?: unknown, headers?: Record<string, string>): ApiReply => ({
  status,
  body,
  headers,
});

/** For operations whose route requires auth: the pipeline has already answered 401 when there is no user. */
export function requireUser(request: ApiRequest): AuthUser {
  if (!request.user) throw unauthorized();
  return request.user;
}

export type Implementations<A extends Area, S extends AreaSchemas<A>> = {
  readonly [K in BufferedOperationId<A>]: (request: ApiRequest<S[K & keyof S]>) => Promise<ApiReply>;
};

/**
 * What a function is built from: its configuration, and clients a test or local mode may give instead
 * of the ones built from it. Each area's factory adds the clients of its own stores.
 */
export interface PipelineDependencies {
  readonly env: Environment;
  /** Verifies access tokens; by default the function's Cognito user pool (or cognito-local). */
  readonly verifier?: TokenVerifier;
  /** By default the guard of the function's ORIGIN_SECRET_ARN (none configured: every request passes). */
  readonly originGuard?: OriginGuard;
}

/** A function whose stores use DynamoDB: by default a client built from its configuration. */
export interface StoreDependencies extends PipelineDependencies {
  readonly dynamo?: DynamoDBDocumentClient;
}

type Middleware = MiddlewareObj<ApiEvent, ApiResult, Error, ApiContext>;

interface Operation extends MatchedOperation {
  readonly run: (request: ApiRequest) => Promise<ApiReply>;
}

/** The headers of every answer: a JSON API is never framed, sniffed or shown as a document. */
const SECURITY_HEADERS = {
  contentSecurityPolicy: { 'default-src': "'none'", 'report-to': '' },
  permissionsPolicy: false,
  reportTo: false,
  reportingEndpoints: false,
} as const;

const isEmptyObject = (value: unknown): boolean =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && Object.keys(value).length === 0;

/** The request an implementation sees: everything validated against its operation's schemas. */
export function apiRequestOf(
  event: ApiEvent,
  context: ApiContext,
  schema: OperationSchema,
  guard: OriginGuard,
): ApiRequest {
  const { body } = context;
  if (!schema.body && body !== undefined && !isEmptyObject(body)) {
    throw badRequest('This request takes no body', { body: 'must be empty' });
  }
  return {
    body: schema.body ? parseWith(schema.body, body, 'body') : undefined,
    query: schema.query ? parseWith(schema.query, event.queryStringParameters ?? {}, 'query') : undefined,
    params: schema.params ? parseWith(schema.params, event.pathParameters ?? {}, 'path') : undefined,
    headers: event.headers,
    user: context.user,
    requestId: context.awsRequestId,
    sourceAddress: guard.viewerAddress(event),
    remainingTimeMs: () => context.getRemainingTimeInMillis(),
  };
}

/** What every API function's chain is built from, once per container. */
export interface Pipeline {
  readonly area: Area;
  readonly guard: OriginGuard;
  readonly verifier: TokenVerifier;
  readonly metrics: FunctionMetrics;
}

export function pipelineOf(area: Area, dependencies: PipelineDependencies): Pipeline {
  // Built on the first token, so a request without one never needs the user pool's settings; a
  // local verifier's configuration inside Lambda still fails the cold start.
  refuseLocalVerifierInLambda(dependencies.env);
  let configured: TokenVerifier | undefined;
  return {
    area,
    guard: dependencies.originGuard ?? originGuardOf(dependencies.env),
    verifier: dependencies.verifier ?? ((token) => (configured ??= cognitoVerifier(dependencies.env))(token)),
    metrics: functionMetrics(dependencies.env, area),
  };
}

/**
 * One Lambda per area: a middy chain that routes the API Gateway v2 event by its routeKey to the
 * area's operation, after the checks every route shares — body size and type, JSON, token, schemas.
 * Stock middlewares do the generic parts (headers, JSON parsing, security headers, Powertools logs
 * with the request id and cold start, EMF metrics); ours only what is this product's (the Cognito
 * verifier, the 16 KiB cap, 503 for an unavailable dependency, the error body).
 */
export function createAreaHandler<A extends Area, S extends AreaSchemas<A>>(
  area: A,
  schemas: S,
  implementations: Implementations<A, S>,
  dependencies: PipelineDependencies,
) {
  const pipeline = pipelineOf(area, dependencies);
  const operations = new Map<string, Operation>();
  for (const route of bufferedRoutes.filter((r) => r.area === area)) {
    const id = route.operationId as BufferedOperationId<A>;
    if (typeof implementations[id] !== 'function') {
      throw new Error(`The ${area} handler does not implement ${route.operationId} (${routeKey(route)})`);
    }
    operations.set(routeKey(route), {
      routeKey: routeKey(route),
      auth: route.auth,
      schema: (schemas as Record<string, OperationSchema | undefined>)[id] ?? {},
      run: implementations[id] as (request: ApiRequest) => Promise<ApiReply>,
    });
  }

  const handle = async (event: ApiEvent, context: ApiContext): Promise<ApiResult> => {
    const operation = operations.get(event.routeKey) as Operation;
    const answer = await operation.run(apiRequestOf(event, context, operation.schema, pipeline.guard));
    return jsonResult(answer.status, answer.body, answer.headers);
  };

  return middy<ApiEvent, ApiResult, Error, ApiContext>()
    .use(
      pipelineMiddlewares(pipeline, {
        name: 'route',
        before: ({ event, context }) => {
          context.operation = operations.get(event.routeKey);
          if (!context.operation) throw notFound('No such route');
        },
      }),
    )
    .handler(handle);
}

/**
 * The chain every API function shares, around the step that finds the request's operation (`route`).
 * Order matters: `before` runs top-down, `after` and `onError` bottom-up, so the error body is built
 * first and the access log, metrics and logger context see the final answer.
 */
export function pipelineMiddlewares(
  pipeline: Pipeline,
  route: Middleware,
  beforeAuth: Middleware[] = [],
): Middleware[] {
  const { guard, metrics } = pipeline;
  const logger = loggerFor(pipeline.area);
  return [
    injectLambdaContext(logger, { resetKeys: true }),
    logMetrics(metrics.published),
    accessLog(logger, metrics),
    httpSecurityHeaders(SECURITY_HEADERS),
    httpHeaderNormalizer(),
    {
      // Before any other work: the execute-api address must not be a way around CloudFront.
      name: 'origin-guard',
      before: ({ event }) => guard.refuseUnlessThroughCloudFront(event.headers),
    },
    route,
    bodyLimit(MAX_BODY_BYTES),
    jsonBody(),
    ...beforeAuth,
    cognitoAuth(pipeline.verifier),
    errorResponse(logger),
    dependencyFailure(logger),
  ] as Middleware[];
}
