import type { ConsumedCapacity } from '@aws-sdk/client-dynamodb';
import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { decodeCursor, encodeCursor } from './pagination';

/** Pieces every store module needs: error inspection, back-off, capacity metering, newest-first pages. */

export const errorName = (error: unknown): string => (error instanceof Error ? error.name : '');

export const isConditionFailed = (error: unknown): boolean =>
  errorName(error) === 'ConditionalCheckFailedException';

/** The per-item reason codes of a cancelled transaction, or undefined for any other error. */
export function cancellationReasons(error: unknown): (string | undefined)[] | undefined {
  if (errorName(error) !== 'TransactionCanceledException') return undefined;
  const reasons = (error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons;
  return reasons?.map((r) => r.Code);
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

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

export interface NewestFirstQuery<T> {
  readonly table: string;
  readonly pk: string;
  /** Sort keys are `<prefix><time-ordered id>`, so descending order is newest first. */
  readonly prefix: string;
  readonly idPattern: RegExp;
  /** Binds cursors to this list, so one from another list or user is refused. */
  readonly scope: string;
  readonly cursor: string | undefined;
  readonly limit: number;
  readonly toItem: (item: Record<string, unknown>) => T;
  readonly idOf: (item: T) => string;
}

/**
 * One page of a partition's items, newest first, read consistently (a user sees what they just
 * saved). One item more than asked is read, so `nextCursor` is null exactly when nothing follows.
 */
export async function newestFirstPage<T>(
  db: DynamoDBDocumentClient,
  query: NewestFirstQuery<T>,
): Promise<{ items: T[]; nextCursor: string | null }> {
  const { pk, prefix } = query;
  const sortKey = new RegExp(`^${prefix}${query.idPattern.source.replace(/^\^|\$$/g, '')}$`);
  const start = decodeCursor(query.scope, query.cursor, { pk, sk: sortKey });
  const page = await db.send(
    new QueryCommand({
      TableName: query.table,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': pk, ':prefix': prefix },
      ScanIndexForward: false,
      ConsistentRead: true,
      Limit: query.limit + 1,
      ExclusiveStartKey: start,
    }),
  );
  const all = (page.Items ?? []).map(query.toItem);
  const items = all.slice(0, query.limit);
  const last = items[items.length - 1];
  const more = all.length > query.limit && last !== undefined;
  return {
    items,
    nextCursor: more ? encodeCursor(query.scope, { pk, sk: `${prefix}${query.idOf(last)}` }) : null,
  };
}
