import type { Context } from 'aws-lambda';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type * as z from 'zod/mini';
import { routeKey, routesOf, type Area, type AuthMode, type OperationId } from '../../lib/routes';
import { authenticate, type AuthUser } from './auth';
import { isDependencyUnavailable } from './dependency-errors';
import {
  HttpError,
  badRequest,
  notFound,
  payloadTooLarge,
  serviceUnavailable,
  unauthorized,
  unsupportedMediaType,
} from './errors';
import { loggerFor } from './logger';
import { countServerError, flushMetrics } from './metrics';
import { parseWith } from './validation';

export const MAX_BODY_BYTES = 16 * 1024;

/** What an operation accepts and answers; the router validates with it and the OpenAPI document describes it. */
export interface OperationSchema {
  readonly body?: z.ZodMiniType;
  readonly query?: z.ZodMiniType;
  readonly params?: z.ZodMiniType;
  readonly response?: z.ZodMiniType;
  readonly successStatus?: number;
  /** Error statuses this operation can answer besides the ones every operation can (400, 413, 415, 500). */
  readonly errors?: readonly number[];
  readonly headers?: Readonly<Record<string, { description: string; maxLength: number }>>;
}

export type AreaSchemas<A extends Area> = Record<OperationId<A>, OperationSchema>;

type Parsed<S> = S extends z.ZodMiniType ? z.output<S> : undefined;

export interface ApiRequest<S extends OperationSchema = OperationSchema> {
  readonly body: Parsed<S['body']>;
  readonly query: Parsed<S['query']>;
  readonly params: Parsed<S['params']>;
  /** Lower-case names, as API Gateway delivers them. */
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly user: AuthUser | undefined;
  readonly requestId: string;
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

/** For operations whose route requires auth: the router has already answered 401 when there is no user. */
export function requireUser(request: ApiRequest): AuthUser {
  if (!request.user) throw unauthorized();
  return request.user;
}

export type Implementations<A extends Area, S extends AreaSchemas<A>> = {
  readonly [K in OperationId<A>]: (request: ApiRequest<S[K & keyof S]>) => Promise<ApiReply>;
};

type Event = APIGatewayProxyEventV2;
type Result = APIGatewayProxyStructuredResultV2;

const BASE_HEADERS = {
  'content-type': 'application/json; charset=utf-8',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

function readBody(event: Event): string | undefined {
  if (event.body === undefined || event.body === null || event.body === '') return undefined;
  const raw = event.isBase64Encoded ? Buffer.from(event.body, 'base64') : Buffer.from(event.body, 'utf8');
  if (raw.byteLength > MAX_BODY_BYTES) throw payloadTooLarge(MAX_BODY_BYTES);
  return raw.toString('utf8');
}

const isJsonContentType = (value: string | undefined): boolean =>
  value !== undefined && /^application\/json\s*(;|$)/i.test(value.trim());

/** Any body must be JSON with a JSON content type, whatever the route; an empty body parses as undefined. */
function parseJsonBody(event: Event): unknown {
  const text = readBody(event);
  if (text === undefined) return undefined;
  if (!isJsonContentType(event.headers['content-type'])) throw unsupportedMediaType();
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw badRequest('Request body is not valid JSON', { body: 'malformed JSON' });
  }
}

interface Dispatch {
  readonly auth: AuthMode;
  readonly schema: OperationSchema;
  readonly run: (request: ApiRequest) => Promise<ApiReply>;
}

function toResult(status: number, body: unknown, headers: Readonly<Record<string, string>> = {}): Result {
  return {
    statusCode: status,
    headers: { ...BASE_HEADERS, 'cache-control': 'no-store', ...headers },
    body: body === undefined ? '' : JSON.stringify(body),
  };
}

/**
 * One Lambda per area: routes the API Gateway v2 event by its routeKey to the area's operation,
 * after the checks every route shares (body size and type, JSON, schemas, token). Errors are mapped
 * to statuses here and only here; an unknown error is logged with the request id and answered as a
 * generic 500, so no stack trace, SDK message or table name reaches a client.
 */
export function createAreaHandler<A extends Area, S extends AreaSchemas<A>>(
  area: A,
  schemas: S,
  implementations: Implementations<A, S>,
): (event: Event, context: Context) => Promise<Result> {
  const logger = loggerFor(area);
  const table = new Map<string, Dispatch>();
  for (const route of routesOf(area)) {
    const id = route.operationId as OperationId<A>;
    table.set(routeKey(route), {
      auth: route.auth,
      schema: schemas[id as keyof S] as OperationSchema,
      run: implementations[id] as (request: ApiRequest) => Promise<ApiReply>,
    });
  }

  return async (event, context) => {
    const started = Date.now();
    const requestId = context.awsRequestId;
    let result: Result;
    try {
      const operation = table.get(event.routeKey);
      if (!operation) throw notFound('No such route');
      const rawBody = parseJsonBody(event);
      const { schema } = operation;
      const user = await authenticate(event.headers.authorization);
      if (operation.auth === 'required' && !user) throw unauthorized();
      const request: ApiRequest = {
        body: schema.body ? parseWith(schema.body, rawBody, 'body') : undefined,
        query: schema.query ? parseWith(schema.query, event.queryStringParameters ?? {}, 'query') : undefined,
        params: schema.params ? parseWith(schema.params, event.pathParameters ?? {}, 'path') : undefined,
        headers: event.headers,
        user,
        requestId,
        remainingTimeMs: () => context.getRemainingTimeInMillis(),
      };
      if (!schema.body && rawBody !== undefined && !isEmptyObject(rawBody)) {
        throw badRequest('This request takes no body', { body: 'must be empty' });
      }
      const answer = await operation.run(request);
      result = toResult(answer.status, answer.body, answer.headers);
    } catch (caught) {
      const error = isDependencyUnavailable(caught)
        ? serviceUnavailable(
            'A service behind the API is unavailable right now; try again in a few seconds',
            2,
          )
        : caught;
      if (error !== caught)
        logger.warn('Dependency unavailable', { requestId, route: event.routeKey, error: describe(caught) });
      if (error instanceof HttpError) {
        result = toResult(
          error.status,
          {
            ...error.details,
            message: error.message,
            code: error.code,
            ...(error.fields ? { fields: error.fields } : {}),
          },
          error.headers,
        );
      } else {
        logger.error('Unhandled error', { requestId, route: event.routeKey, error: describe(error) });
        result = toResult(500, {
          message: 'Something went wrong on our side; try again',
          code: 'INTERNAL',
          requestId,
        });
      }
    }
    logger.info('request', {
      requestId,
      route: event.routeKey,
      status: result.statusCode,
      durationMs: Date.now() - started,
    });
    // Metrics recorded while handling this request go out as one EMF line, here and only here.
    if ((result.statusCode ?? 200) >= 500) countServerError(area);
    flushMetrics();
    return result;
  };
}

const isEmptyObject = (value: unknown): boolean =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && Object.keys(value).length === 0;

/** Error name and message only: SDK errors can carry request metadata we do not want in logs. */
function describe(error: unknown): { name: string; message: string; stack?: string } {
  if (error instanceof Error) return { name: error.name, message: error.message, stack: error.stack };
  return { name: 'NonError', message: String(error) };
}
