import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type { Area, StreamRoute } from '../../lambdas/contract/routes';

type StreamOperationId = StreamRoute['operationId'];
import { clickAggregator } from '../../lambdas/contract/functions';
import { lambdaContext } from './api-event';
import { installLambdaStreaming, type StreamingLambdaHandler } from './lambda-streaming';
import type { StreamEvent, StreamResponse } from './stream-poller';

export type LambdaHandler = (
  event: APIGatewayProxyEventV2,
  context: Context,
) => Promise<APIGatewayProxyStructuredResultV2>;

/**
 * The same handler modules the CDK bundles, one per area. Imported only after local mode has set the
 * functions' environment, exactly as a Lambda container would start them.
 */
export async function loadHandlers(): Promise<Record<Area, LambdaHandler>> {
  const [ops, auth, clicks, parks, quiz, locations, chat] = await Promise.all([
    import('../../lambdas/ops/handler'),
    import('../../lambdas/auth/handler'),
    import('../../lambdas/clicks/handler'),
    import('../../lambdas/parks/handler'),
    import('../../lambdas/quiz/handler'),
    import('../../lambdas/locations/handler'),
    import('../../lambdas/chat/handler'),
  ]);
  return {
    ops: ops.handler,
    auth: auth.handler,
    clicks: clicks.handler,
    parks: parks.handler,
    quiz: quiz.handler,
    locations: locations.handler,
    chat: chat.handler,
  };
}

/** The handlers of the streamed routes, by operation; local mode gives them a response stream. */
export async function loadStreamingHandlers(): Promise<Record<StreamOperationId, StreamingLambdaHandler>> {
  installLambdaStreaming();
  const chatStream = await import('../../lambdas/chat/stream-handler');
  return { streamChat: chatStream.handler };
}

/** The click aggregator, fed by local mode's stream poller as Lambda's event source mapping feeds it. */
export async function loadClickAggregator(): Promise<(event: StreamEvent) => Promise<StreamResponse>> {
  const { handler } = await import('../../lambdas/clicks/aggregator');
  return (event) =>
    handler(event, lambdaContext('local-click-aggregator', clickAggregator.timeoutSeconds * 1000));
}
