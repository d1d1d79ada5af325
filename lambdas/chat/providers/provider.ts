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

export interface ChatProvider {
  readonly name: 'bedrock' | 'gemini' | 'local';
  reply(request: ChatRequest): Promise<ChatReply>;
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
    if (
      controller.signal.aborted ||
      errorName(error) === 'AbortError' ||
      errorName(error) === 'TimeoutError'
    ) {
      throw new ProviderError('unavailable', `no answer within ${Math.round(timeoutMs / 1000)} s`, true);
    }
    throw error;
  } finally {
    clearTimeout(timer);
  }
}
