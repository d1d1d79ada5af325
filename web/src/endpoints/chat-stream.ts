/**
 * POST /api/chat/stream: the reply as NDJSON lines while the model writes it. The token goes in
 * x-cloudclicker-token (CloudFront signs the request to the function in Authorization), and the body's
 * SHA-256 in x-amz-content-sha256, which that signature covers.
 */
import { ApiError, authHeaders, errorFrom, OFFLINE_MESSAGE, sendToSignIn } from '../api';
import type { operations } from '../api-schema';

/** One line of the answer: `start`, `delta`s, then `done` or `error` (with what arrived, incomplete). */
export type StreamLine = operations['streamChat']['responses'][200]['content']['application/x-ndjson'];

async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** Splits the body into lines as they arrive and hands each, parsed, to `onLine`. */
async function readLines(
  body: ReadableStream<Uint8Array>,
  onLine: (line: StreamLine) => void,
): Promise<void> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let pending = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    pending += decoder.decode(value, { stream: true });
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) if (line.trim() !== '') onLine(JSON.parse(line) as StreamLine);
  }
}

/**
 * Sends a message and calls `onLine` for each line of the reply. Throws an ApiError when the server
 * refused the message before the reply began (its status and message), or status 0 when nothing
 * answered or the answer broke off; an abort through `signal` (the stop button) just ends it.
 */
export async function streamChatMessage(
  message: string,
  conversationId: string | null,
  onLine: (line: StreamLine) => void,
  signal: AbortSignal,
): Promise<void> {
  const auth = authHeaders('required');
  if (auth instanceof Promise) return auth;
  const body = JSON.stringify(conversationId ? { message, conversationId } : { message });
  let response: Response;
  try {
    response = await fetch('/api/chat/stream', {
      method: 'POST',
      cache: 'no-store',
      headers: {
        'content-type': 'application/json',
        'x-cloudclicker-token': auth.Authorization,
        'x-amz-content-sha256': await sha256Hex(body),
      },
      body,
      signal,
    });
  } catch (err) {
    if (signal.aborted) return;
    throw new ApiError(OFFLINE_MESSAGE, 0, {}, undefined, undefined, { cause: String(err) });
  }
  if (response.status === 401) return sendToSignIn(true);
  if (!response.ok || !response.body) {
    throw errorFrom(response, await response.json().catch(() => ({})));
  }
  try {
    await readLines(response.body, onLine);
  } catch (err) {
    if (signal.aborted) return;
    throw new ApiError(OFFLINE_MESSAGE, 0, {}, undefined, undefined, { cause: String(err) });
  }
}
