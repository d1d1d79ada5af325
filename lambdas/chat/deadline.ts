/**
 * Time kept back from the model for what follows its answer: saving the reply and the tokens it used
 * (DynamoDB writes, with the SDK's retries) and answering, so the user gets our 503, never a timeout.
 */
export const REPLY_MARGIN_MS = 3000;

/**
 * How long the model may take: what the invocation has left, less the margin. It is read when the
 * model is called, so time spent before (a cold start, a slow read) shortens the wait instead of
 * running the function out of time. `capMs` is a test's shorter bound.
 */
export function providerDeadlineMs(remainingMs: number, capMs?: number): number {
  const left = Math.max(0, remainingMs - REPLY_MARGIN_MS);
  return capMs === undefined ? left : Math.min(left, capMs);
}
