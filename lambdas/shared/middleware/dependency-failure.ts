import type { Logger } from '@aws-lambda-powertools/logger';
import type { MiddlewareObj } from '@middy/core';
import { isDependencyUnavailable } from '../dependency-errors';
import { serviceUnavailable } from '../errors';
import { describeError } from './describe-error';
import type { ApiContext, ApiEvent, ApiResult } from './types';

/** Seconds a client is told to wait when a dependency is busy or briefly down. */
export const DEPENDENCY_RETRY_AFTER_SECONDS = 2;

/** A database or user pool that is busy or unreachable is a 503 with Retry-After, not a 500. */
export function dependencyFailure(logger: Logger): MiddlewareObj<ApiEvent, ApiResult, Error, ApiContext> {
  return {
    name: 'dependencyFailure',
    onError: (request) => {
      if (!isDependencyUnavailable(request.error)) return;
      logger.warn('Dependency unavailable', {
        route: request.event.routeKey,
        error: describeError(request.error),
      });
      request.error = serviceUnavailable(
        'A service behind the API is unavailable right now; try again in a few seconds',
        DEPENDENCY_RETRY_AFTER_SECONDS,
      );
    },
  };
}
