import type { Logger } from '@aws-lambda-powertools/logger';
import type { MiddlewareObj } from '@middy/core';
import { HttpError } from '../errors';
import { describeError } from './describe-error';
import { jsonResult } from './json-result';
import type { ApiContext, ApiEvent, ApiResult } from './types';

/**
 * Errors become answers here and only here: an HttpError with its status and the API's error body;
 * anything else is logged with the request id and answered as a generic 500, so no stack trace, SDK
 * message or table name reaches a client.
 */
export function errorResponse(logger: Logger): MiddlewareObj<ApiEvent, ApiResult, Error, ApiContext> {
  return {
    name: 'errorResponse',
    onError: (request) => {
      const { error } = request;
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
