import { streamRoutes } from '../contract/routes';
import { requireUser } from '../shared/http';
import { createStreamingHandler } from '../shared/streaming-http';
import { providerDeadlineMs } from './deadline';
import { providerTimeoutCapMs } from './dependencies';
import { chatSchemas } from './schemas';
import { streamTurn } from './stream-turn';
import { openTurn } from './turn';

const route = streamRoutes.find((r) => r.operationId === 'streamChat');
if (!route) throw new Error('The route table has no streamChat');

/**
 * POST /api/chat/stream, behind a Lambda function URL that streams its answer: the same turn as
 * POST /api/chat (lambdas/chat/turn.ts), delivered as NDJSON lines while the model writes.
 */
export const handler = createStreamingHandler(route, chatSchemas.streamChat, async (request) => {
  const turn = await openTurn(requireUser(request).userId, request.body);
  return streamTurn(turn, providerDeadlineMs(request.remainingTimeMs(), providerTimeoutCapMs()));
});
