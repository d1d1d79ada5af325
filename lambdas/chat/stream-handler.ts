import { streamRoutes } from '../contract/routes';
import { deployedHandler } from '../shared/env';
import { requireUser, type StoreDependencies } from '../shared/http';
import { createStreamingHandler } from '../shared/streaming-http';
import { providerDeadlineMs } from './deadline';
import { chatParts } from './dependencies';
import { chatSchemas } from './schemas';
import { streamTurn } from './stream-turn';
import { openTurn } from './turn';

function streamChatRoute() {
  const route = streamRoutes.find((r) => r.operationId === 'streamChat');
  if (!route) throw new Error('The route table has no streamChat');
  return route;
}

/**
 * POST /api/chat/stream, behind a Lambda function URL that streams its answer: the same turn as
 * POST /api/chat (lambdas/chat/turn.ts), delivered as NDJSON lines while the model writes.
 */
export function createHandler(dependencies: StoreDependencies) {
  const parts = chatParts(dependencies);
  return createStreamingHandler(
    streamChatRoute(),
    chatSchemas.streamChat,
    async (request) => {
      const turn = await openTurn(parts, requireUser(request).userId, request.body);
      return streamTurn(turn, providerDeadlineMs(request.remainingTimeMs(), parts.providerTimeoutCapMs));
    },
    dependencies,
  );
}

// Last: Lambda builds it at load, after everything it uses is defined.
export const handler = deployedHandler(() => createHandler({ env: process.env }));
