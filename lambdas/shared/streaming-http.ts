import { Readable } from 'node:stream';
import middy from '@middy/core';
import type { StreamifyHandler } from 'aws-lambda';
import { executionModeStreamifyResponse } from '@middy/core/executionModeStreamifyResponse';
import type { OperationSchema } from '../contract/operation';
import { routeKey, STREAM_TOKEN_HEADER, type StreamRoute } from '../contract/routes';
import { notFound } from './errors';
import {
  type ApiRequest,
  apiRequestOf,
  type Pipeline,
  pipelineMiddlewares,
  pipelineOf,
  type PipelineDependencies,
} from './http';
import type { ApiContext, ApiEvent, ApiResult } from './middleware/types';

/** What a streamed operation answers: the lines to send, each one JSON object. */
export type StreamImplementation<S extends OperationSchema> = (
  request: ApiRequest<S>,
) => Promise<AsyncIterable<unknown>>;

/** The lines as NDJSON: one JSON object and a newline each, sent as soon as it is produced. */
const ndjson = (pipeline: Pipeline, lines: AsyncIterable<unknown>): Readable =>
  Readable.from(
    (async function* () {
      try {
        for await (const line of lines) yield `${JSON.stringify(line)}\n`;
      } finally {
        // The chain's logMetrics published when the answer began; what the stream recorded goes now.
        for (const metrics of pipeline.metrics.published) metrics.publishStoredMetrics();
      }
    })(),
    { objectMode: false },
  );

/**
 * The Lambda handler of one streamed route (a function URL in RESPONSE_STREAM mode): the same chain
 * as every API function (origin guard, body cap, JSON body, token, schemas, error bodies), with the
 * token read from `x-cloudclicker-token`, then an answer whose body streams. Refusals before the first
 * line are ordinary JSON errors with their status.
 */
export function createStreamingHandler<S extends OperationSchema>(
  route: StreamRoute,
  schema: S,
  implementation: StreamImplementation<S>,
  dependencies: PipelineDependencies,
): StreamifyHandler<ApiEvent, void> {
  const pipeline = pipelineOf(route.area, dependencies);
  const operation = { routeKey: routeKey(route), auth: route.auth, schema };
  const handle = async (event: ApiEvent, context: ApiContext): Promise<ApiResult> => {
    const lines = await implementation(apiRequestOf(event, context, schema, pipeline.guard) as ApiRequest<S>);
    return {
      statusCode: 200,
      headers: { 'content-type': 'application/x-ndjson; charset=utf-8', 'cache-control': 'no-store' },
      // middy pipes a readable body into Lambda's response stream.
      body: ndjson(pipeline, lines) as unknown as string,
    };
  };
  return middy<ApiEvent, ApiResult, Error, ApiContext>({ executionMode: executionModeStreamifyResponse })
    .use(
      pipelineMiddlewares(
        pipeline,
        {
          name: 'route',
          before: ({ event, context }) => {
            // A function URL takes any method and path; this one serves one route.
            if (event.requestContext.http.method !== route.method || event.rawPath !== route.path)
              throw notFound('No such route');
            // Function URLs name every request `$default`; logs and checks name the route.
            event.routeKey = operation.routeKey;
            context.operation = operation;
          },
        },
        [
          {
            name: 'streamToken',
            before: ({ event }) => {
              // Authorization carries CloudFront's signature for the function URL, never a user's token.
              event.headers = { ...event.headers, authorization: event.headers[STREAM_TOKEN_HEADER] };
            },
          },
        ],
      ),
    )
    .handler(handle) as unknown as StreamifyHandler<ApiEvent, void>;
}
