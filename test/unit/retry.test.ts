import { backoffMs, isTransactionConflict, RETRY, withRetries } from '../../lambdas/shared/retry';

/** The stores' one retry helper, with a pause that records instead of waiting. */
const conflict = () =>
  Object.assign(new Error('conflict'), {
    name: 'TransactionCanceledException',
    CancellationReasons: [{ Code: 'None' }, { Code: 'TransactionConflict' }],
  });

describe('withRetries', () => {
  it('tries again after a pause while the error is retryable, and answers the first success', async () => {
    const pauses: number[] = [];
    let tries = 0;
    const answer = await withRetries(
      async (attempt) => {
        tries += 1;
        if (attempt < 3) throw conflict();
        return 'done';
      },
      isTransactionConflict,
      RETRY,
      async (ms) => {
        pauses.push(ms);
      },
    );
    expect(answer).toBe('done');
    expect(tries).toBe(4);
    expect(pauses).toHaveLength(3);
    pauses.forEach((ms, attempt) => expect(ms).toBeLessThanOrEqual(RETRY.baseDelayMs * 2 ** attempt));
  });

  it('throws any other error at once, untouched', async () => {
    const refused = Object.assign(new Error('condition'), { name: 'ConditionalCheckFailedException' });
    let tries = 0;
    const run = withRetries(
      async () => {
        tries += 1;
        throw refused;
      },
      isTransactionConflict,
      RETRY,
      async () => undefined,
    );
    await expect(run).rejects.toBe(refused);
    expect(tries).toBe(1);
  });

  it('gives up after the policy’s attempts with the last error, for the caller to name', async () => {
    let tries = 0;
    const run = withRetries(
      async () => {
        tries += 1;
        throw conflict();
      },
      isTransactionConflict,
      { attempts: 4, baseDelayMs: 1, maxExponent: 2 },
      async () => undefined,
    );
    await expect(run).rejects.toThrow('conflict');
    expect(tries).toBe(4);
  });
});

describe('backoffMs', () => {
  it('is random up to base · 2^attempt, the exponent capped', () => {
    expect(backoffMs(0, RETRY, () => 1)).toBe(RETRY.baseDelayMs);
    expect(backoffMs(3, RETRY, () => 0.5)).toBe(RETRY.baseDelayMs * 4);
    expect(backoffMs(50, RETRY, () => 1)).toBe(RETRY.baseDelayMs * 2 ** RETRY.maxExponent);
    expect(backoffMs(5, RETRY, () => 0)).toBe(0);
  });
});
