import type { Request } from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type { AuthMode } from '../../contract/routes';
import type { OperationSchema } from '../../contract/operation';
import type { AuthUser } from '../auth';

export type ApiEvent = APIGatewayProxyEventV2;
export type ApiResult = APIGatewayProxyStructuredResultV2;

/** The route the router matched: how it is authenticated, its schemas and its implementation. */
export interface MatchedOperation {
  readonly routeKey: string;
  readonly auth: AuthMode;
  readonly schema: OperationSchema;
}

/** What the pipeline's middlewares learn about a request, for the ones after them. */
export interface ApiContext extends Context {
  operation?: MatchedOperation;
  /** The JSON body, parsed (undefined when the request has none). */
  body?: unknown;
  user?: AuthUser;
}

export type ApiRequestState = Request<ApiEvent, ApiResult, Error, ApiContext>;
