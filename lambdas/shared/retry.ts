import { cancellationReasons, errorName } from './store-support';

/**
 * The one back-off of every store for a write that lost a race with another one: up to `attempts`
 * tries, each pause random between 0 and `baseDelayMs · 2^attempt` ("full jitter", so racing writers
 * spread out), the exponent capped so one pause stays under a second.
 */
export const RETRY = { attempts: 12, baseDelayMs: 10, maxExponent: 6 } as const;

export interface RetryPolicy {
  readonly attempts: number;
  readonly baseDelayMs: number;
  readonly maxExponent: number;
}

/** The pause before the try after `attempt` (counted from 0). */
export const backoffMs = (attempt: number, policy: RetryPolicy = RETRY, random = Math.random): number =>
  random() * policy.baseDelayMs * 2 ** Math.min(attempt, policy.maxExponent);

/** A transaction that lost to another one on the same items: trying again is expected to work. */
export const isTransactionConflict = (error: unknown): boolean =>
  cancellationReasons(error)?.includes('TransactionConflict') === true ||
  errorName(error) === 'TransactionConflictException';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs `work` (given the attempt, from 0) until it succeeds, trying again after a back-off while
 * `retryable` says so of its error. Any other error, or the last one when the tries run out, is thrown
 * as it came: the caller decides what running out means.
 */
export async function withRetries<T>(
  work: (attempt: number) => Promise<T>,
  retryable: (error: unknown) => boolean,
  policy: RetryPolicy = RETRY,
  pause: (ms: number) => Promise<void> = sleep,
): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await work(attempt);
    } catch (error) {
      if (!retryable(error) || attempt + 1 >= policy.attempts) throw error;
      await pause(backoffMs(attempt, policy));
    }
  }
}
