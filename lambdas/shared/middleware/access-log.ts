import type { Logger } from '@aws-lambda-powertools/logger';
import type { MiddlewareObj } from '@middy/core';
import type { FunctionMetrics } from '../metrics';
import type { ApiContext, ApiEvent, ApiResult } from './types';

/**
 * One line per request — route, status and duration, never headers or body — and the 5xx count
 * the alarms watch. Lambda's own Errors metric sees only crashes: every failure here is an answer.
 */
export function accessLog(
  logger: Logger,
  metrics: Pick<FunctionMetrics, 'serverError'>,
): MiddlewareObj<ApiEvent, ApiResult, Error, ApiContext> {
  const started = new WeakMap<object, number>();
  const done = ({ event, response }: { event: ApiEvent; response: ApiResult | null | undefined }): void => {
    const status = response?.statusCode ?? 500;
    logger.info('request', {
      route: event.routeKey,
      status,
      durationMs: Date.now() - (started.get(event) ?? Date.now()),
    });
    if (status >= 500) metrics.serverError();
  };
  return {
    name: 'accessLog',
    before: ({ event }) => {
      started.set(event, Date.now());
    },
    after: done,
    onError: done,
  };
}
