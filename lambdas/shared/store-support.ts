import type { ConsumedCapacity } from '@aws-sdk/client-dynamodb';

/**
 * Pieces every store module needs: error inspection and capacity metering (paging is in
 * paged-query.ts, the back-off in retry.ts).
 */

export const errorName = (error: unknown): string => (error instanceof Error ? error.name : '');

export const isConditionFailed = (error: unknown): boolean =>
  errorName(error) === 'ConditionalCheckFailedException';

/** The per-item reason codes of a cancelled transaction, or undefined for any other error. */
export function cancellationReasons(error: unknown): (string | undefined)[] | undefined {
  if (errorName(error) !== 'TransactionCanceledException') return undefined;
  const reasons = (error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons;
  return reasons?.map((r) => r.Code);
}

/** Capacity units consumed, for the bench and tests that ask (ReturnConsumedCapacity). */
export interface Capacity {
  read: number;
  write: number;
}

export class CapacityMeter {
  constructor(private readonly sink?: Capacity) {}

  /** The ReturnConsumedCapacity value to send: only when someone is counting. */
  get request(): 'TOTAL' | undefined {
    return this.sink ? 'TOTAL' : undefined;
  }

  /** Reads come back as CapacityUnits only, so the caller says which kind the units are. */
  record(kind: keyof Capacity, consumed: ConsumedCapacity[] | ConsumedCapacity | undefined): void {
    if (!this.sink || !consumed) return;
    for (const c of Array.isArray(consumed) ? consumed : [consumed]) this.sink[kind] += c.CapacityUnits ?? 0;
  }
}
