import type { Logger } from '@aws-lambda-powertools/logger';
import type { MiddlewareObj } from '@middy/core';
import { Conflict, InvalidInput, NotFound, NotYours, TryLater } from '../domain-errors';
import { badRequest, conflict, forbidden, HttpError, notFound, serviceUnavailable } from '../errors';
import { describeError } from './describe-error';
import { jsonResult } from './json-result';
import type { ApiContext, ApiEvent, ApiResult } from './types';

/** The answer to a refusal of a store or of the domain: the one mapping of domain errors to HTTP. */
function httpErrorOf(error: unknown): unknown {
  if (error instanceof NotFound) return notFound(error.message);
  if (error instanceof NotYours) return forbidden(error.message);
  if (error instanceof Conflict) return conflict(error.message, error.code);
  if (error instanceof InvalidInput) return badRequest(error.message, error.fields);
  if (error instanceof TryLater) return serviceUnavailable(error.message, error.retryAfterSeconds);
  return error;
}

/**
 * Errors become answers here and only here: a domain error as its HTTP status, an HttpError with its
 * status, both with the API's error body; anything else is logged with the request id and answered
 * as a generic 500, so no stack trace, SDK message or table name reaches a client.
 */
export function errorResponse(logger: Logger): MiddlewareObj<ApiEvent, ApiResult, Error, ApiContext> {
  return {
    name: 'errorResponse',
    onError: (request) => {
      const error = httpErrorOf(request.error);
      if (error instanceof HttpError) {
        request.response = jsonResult(
          error.status,
          {
            ...error.details,
            message: error.message,
            code: error.code,
            ...(error.fields ? { fields: error.fields } : {}),
          },
          error.headers,
        );
        return;
      }
      logger.error('Unhandled error', { route: request.event.routeKey, error: describeError(error) });
      request.response = jsonResult(500, {
        message: 'Something went wrong on our side; try again',
        code: 'INTERNAL',
        requestId: request.context.awsRequestId,
      });
    },
  };
}
