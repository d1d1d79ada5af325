import { errorName } from '../../shared/store-support';

/** What every chat model backend offers; the chat handler knows nothing more about providers. */
export interface ChatTurn {
  readonly role: 'user' | 'assistant';
  readonly text: string;
}

export interface ChatRequest {
  readonly system: string;
  /** Earlier turns, oldest first, alternating and starting with the user (see boundHistory). */
  readonly history: readonly ChatTurn[];
  readonly message: string;
  /** Aborted when the provider timeout passes. */
  readonly signal: AbortSignal;
}

export interface ChatReply {
  readonly text: string;
  /** Model tokens the call used (input plus output), for the stage's daily budget. */
  readonly tokens: number;
}

/** A piece of a streamed reply: text as the model produces it, or the call's token use at its end. */
export type ChatChunk = { readonly text: string } | { readonly tokens: number };

export interface ChatProvider {
  readonly name: 'bedrock' | 'gemini' | 'local';
  reply(request: ChatRequest): Promise<ChatReply>;
  /** The reply as it is produced; ends when the model is done, throws a ProviderError when it fails. */
  stream(request: ChatRequest): AsyncIterable<ChatChunk>;
}

/**
 * About four characters a token in English: what a provider counts when it reports no usage, and
 * what the offline advisor reports, so that every reply is charged against the budget.
 */
export function estimateTokens(
  request: Pick<ChatRequest, 'system' | 'history' | 'message'>,
  reply: string,
): number {
  const characters =
    request.system.length +
    request.history.reduce((sum, turn) => sum + turn.text.length, 0) +
    request.message.length +
    reply.length;
  return Math.ceil(characters / 4);
}

/**
 * A provider that failed. `unavailable` (throttled, overloaded, timed out) is worth retrying soon and
 * answers 503; `failed` (rejected request, bad reply) answers 502.
 */
export class ProviderError extends Error {
  constructor(
    readonly kind: 'unavailable' | 'failed',
    message: string,
    readonly timedOut = false,
  ) {
    super(message);
    this.name = 'ProviderError';
  }
}

/** Whether an error is the deadline's abort (the SDKs name it either way). */
export const isAbort = (error: unknown, signal: AbortSignal): boolean =>
  signal.aborted || errorName(error) === 'AbortError' || errorName(error) === 'TimeoutError';

/** The ProviderError of a call that ran out of time. */
export const timedOut = (timeoutMs: number): ProviderError =>
  new ProviderError('unavailable', `no answer within ${Math.round(timeoutMs / 1000)} s`, true);

/** Runs a provider call with a deadline; an abort becomes a ProviderError the handler maps to 503. */
export async function withTimeout<T>(
  timeoutMs: number,
  call: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    return await call(controller.signal);
  } catch (error) {
    if (isAbort(error, controller.signal)) throw timedOut(timeoutMs);
    throw error;
  } finally {
    clearTimeout(timer);
  }
}
