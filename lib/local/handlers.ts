import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type { Area, StreamRoute } from '../../lambdas/contract/routes';
import { clickAggregator } from '../../lambdas/contract/functions';
import type { Environment } from '../../lambdas/shared/env';
import { lambdaContext } from './api-event';
import { installLambdaStreaming, type StreamingLambdaHandler } from './lambda-streaming';
import type { StreamEvent, StreamResponse } from './stream-poller';

type StreamOperationId = StreamRoute['operationId'];

export type LambdaHandler = (
  event: APIGatewayProxyEventV2,
  context: Context,
) => Promise<APIGatewayProxyStructuredResultV2>;

/** What local mode builds its functions from: each one's configuration, and the one client they share. */
export interface LocalFunctions {
  readonly environmentOf: (area: Area) => Environment;
  /** One DynamoDB client for every function: they share this process, as requests share its sockets. */
  readonly dynamo: DynamoDBDocumentClient;
}

/**
 * The same handler modules the CDK bundles, one per area, each built by its factory from the
 * configuration that function gets in AWS — imported on demand, as a Lambda container loads them.
 */
export async function loadHandlers({
  environmentOf,
  dynamo,
}: LocalFunctions): Promise<Record<Area, LambdaHandler>> {
  const [ops, auth, clicks, parks, quiz, locations, chat] = await Promise.all([
    import('../../lambdas/ops/handler'),
    import('../../lambdas/auth/handler'),
    import('../../lambdas/clicks/handler'),
    import('../../lambdas/parks/handler'),
    import('../../lambdas/quiz/handler'),
    import('../../lambdas/locations/handler'),
    import('../../lambdas/chat/handler'),
  ]);
  const dependencies = (area: Area) => ({ env: environmentOf(area), dynamo });
  return {
    ops: ops.createHandler(dependencies('ops')),
    auth: auth.createHandler(dependencies('auth')),
    clicks: clicks.createHandler(dependencies('clicks')),
    parks: parks.createHandler(dependencies('parks')),
    quiz: quiz.createHandler(dependencies('quiz')),
    locations: locations.createHandler(dependencies('locations')),
    chat: chat.createHandler(dependencies('chat')),
  };
}

/** The handlers of the streamed routes, by operation; local mode gives them a response stream. */
export async function loadStreamingHandlers({
  environmentOf,
  dynamo,
}: LocalFunctions): Promise<Record<StreamOperationId, StreamingLambdaHandler>> {
  installLambdaStreaming();
  const chatStream = await import('../../lambdas/chat/stream-handler');
  // The streaming chat function gets the chat function's configuration (lib/constructs/area-function.ts).
  return { streamChat: chatStream.createHandler({ env: environmentOf('chat'), dynamo }) };
}

/** The click aggregator, fed by local mode's stream poller as Lambda's event source mapping feeds it. */
export async function loadClickAggregator(
  env: Environment,
  dynamo: DynamoDBDocumentClient,
): Promise<(event: StreamEvent) => Promise<StreamResponse>> {
  const { createClickAggregator } = await import('../../lambdas/clicks/aggregator');
  const handler = createClickAggregator({ env, dynamo });
  return (event) =>
    handler(event, lambdaContext('local-click-aggregator', clickAggregator.timeoutSeconds * 1000));
}
