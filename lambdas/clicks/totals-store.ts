import {
  GetCommand,
  TransactWriteCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { queryAll } from '../shared/paged-query';
import { isTransactionConflict, withRetries } from '../shared/retry';
import {
  CapacityMeter,
  cancellationReasons,
  isConditionFailed,
  type Capacity,
} from '../shared/store-support';
import { after, batchParts, type BatchPart, type ClickChange, sequenceKey } from './aggregation';

/**
 * The click totals table, written only by the stream aggregator:
 * - `TOTAL` / `#`: every click ever counted;
 * - `MINUTE` / `<yyyy-mm-ddThh:mm>`: the clicks of one minute;
 * - `CHECKPOINT` / `<stream shard id>`: the last sequence number of that shard already counted
 *   (expiring long after the stream's 24-hour retention, when no replay can come any more).
 * Each part of a batch changes all three in one transaction, conditional on the checkpoint being
 * before the part: a replayed batch changes nothing, and a replay with new records counts only those.
 */
export const TOTAL_KEY = { pk: 'TOTAL', sk: '#' };
const MINUTE_PK = 'MINUTE';
export const minuteKeyOf = (minute: string) => ({ pk: MINUTE_PK, sk: minute });
const CHECKPOINT_PK = 'CHECKPOINT';
/** The last live publish slot claimed (lambdas/clicks/publish-window.ts). */
const PUBLISH_KEY = { pk: 'PUBLISH', sk: '#' };
const STALE_SLOTS = 40;
const CHECKPOINT_TTL_S = 2 * 24 * 3600;
/** 100 items a transaction, less the checkpoint and the total. */
const MAX_MINUTES_PER_PART = 98;

export class BatchPartFailed extends Error {
  override readonly name = 'BatchPartFailed';
  constructor(
    /** The first record not counted: Lambda retries the batch from it. */
    readonly firstSequence: string,
    readonly reason: unknown,
  ) {
    super(`Could not count the records from ${firstSequence}`);
  }
}

export class TotalsStore {
  private readonly meter: CapacityMeter;

  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
    capacity?: Capacity,
  ) {
    this.meter = new CapacityMeter(capacity);
  }

  /** The global total; eventually consistent (half the read cost), as every reader can take. */
  async total(): Promise<number> {
    const answer = await this.db.send(
      new GetCommand({
        TableName: this.table,
        Key: TOTAL_KEY,
        ProjectionExpression: 'clicks',
        ReturnConsumedCapacity: this.meter.request,
      }),
    );
    this.meter.record('read', answer.ConsumedCapacity);
    return Number(answer.Item?.clicks ?? 0);
  }

  /**
   * The total and two minutes' clicks right after a write, as the live push carries them: strongly
   * consistent, so a push never shows less than the batch just counted.
   */
  async totalAndMinutes(
    minute: string,
    previousMinute: string,
  ): Promise<{ total: number; minuteClicks: number; previousMinuteClicks: number }> {
    const read = async (key: { pk: string; sk: string }): Promise<number> => {
      const answer = await this.db.send(
        new GetCommand({
          TableName: this.table,
          Key: key,
          ProjectionExpression: 'clicks',
          ConsistentRead: true,
          ReturnConsumedCapacity: this.meter.request,
        }),
      );
      this.meter.record('read', answer.ConsumedCapacity);
      return Number(answer.Item?.clicks ?? 0);
    };
    const [total, minuteClicks, previousMinuteClicks] = await Promise.all([
      read(TOTAL_KEY),
      read(minuteKeyOf(minute)),
      read(minuteKeyOf(previousMinute)),
    ]);
    return { total, minuteClicks, previousMinuteClicks };
  }

  /**
   * Claims a live publish slot for this aggregator: true for the first claim of the slot, false if
   * another batch (of any shard) has it or a later one (up to STALE_SLOTS later). One write unit
   * either way.
   */
  async claimPublishSlot(slot: number): Promise<boolean> {
    try {
      const answer = await this.db.send(
        new UpdateCommand({
          TableName: this.table,
          Key: PUBLISH_KEY,
          UpdateExpression: 'SET slot = :slot',
          // A slot far ahead was claimed by a clock that ran fast (or before the clock was set
          // back): it must not silence the pushes until that time comes.
          ConditionExpression: 'attribute_not_exists(slot) OR slot < :slot OR slot > :stale',
          ExpressionAttributeValues: { ':slot': slot, ':stale': slot + STALE_SLOTS },
          ReturnConsumedCapacity: this.meter.request,
        }),
      );
      this.meter.record('write', answer.ConsumedCapacity);
      return true;
    } catch (error) {
      if (isConditionFailed(error)) return false;
      throw error;
    }
  }

  /** Clicks per minute key between `first` and `last` (inclusive). */
  async minuteCounts(first: string, last: string): Promise<Map<string, number>> {
    const items = await queryAll(
      this.db,
      {
        TableName: this.table,
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :first AND :last',
        ExpressionAttributeValues: { ':pk': MINUTE_PK, ':first': first, ':last': last },
        ProjectionExpression: 'sk, clicks',
      },
      this.meter,
    );
    return new Map(items.map((item) => [String(item.sk), Number(item.clicks ?? 0)]));
  }

  /**
   * Adds one stream shard's changes (in stream order) to the total and the minutes, exactly once.
   * Returns the clicks newly counted. Throws BatchPartFailed naming the first change not counted.
   */
  async addChanges(shardId: string, changes: readonly ClickChange[], now: Date): Promise<number> {
    let remaining = changes;
    let counted = 0;
    while (remaining.length > 0) {
      const [part] = batchParts(remaining, MAX_MINUTES_PER_PART);
      const outcome = await this.applyPart(shardId, part, now);
      if (outcome.kind === 'applied') {
        counted += part.total;
        remaining = after(remaining, sequenceKey(part.lastSequence));
      } else {
        // Already counted up to the stored checkpoint (a replay): go on after it.
        remaining = after(remaining, outcome.checkpoint);
      }
    }
    return counted;
  }

  private async applyPart(
    shardId: string,
    part: BatchPart,
    now: Date,
  ): Promise<{ kind: 'applied' } | { kind: 'seen'; checkpoint: string }> {
    const nowS = Math.floor(now.getTime() / 1000);
    // Other shards' batches write the same total and minute: conflicts are expected, and brief.
    const apply = async (): Promise<{ kind: 'applied' } | { kind: 'seen'; checkpoint: string }> => {
      try {
        const result = await this.db.send(
          new TransactWriteCommand({
            ReturnConsumedCapacity: this.meter.request,
            TransactItems: [
              {
                Update: {
                  TableName: this.table,
                  Key: { pk: CHECKPOINT_PK, sk: shardId },
                  UpdateExpression: 'SET seq = :last, expiresAt = :expires',
                  ConditionExpression: 'attribute_not_exists(seq) OR seq < :first',
                  ExpressionAttributeValues: {
                    ':first': sequenceKey(part.firstSequence),
                    ':last': sequenceKey(part.lastSequence),
                    ':expires': nowS + CHECKPOINT_TTL_S,
                  },
                  ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
                },
              },
              ...(part.total > 0 ? [{ Update: this.add(TOTAL_KEY, part.total) }] : []),
              ...[...part.minutes].map(([minute, clicks]) => ({
                Update: this.add(minuteKeyOf(minute), clicks),
              })),
            ],
          }),
        );
        this.meter.record('write', result.ConsumedCapacity);
        return { kind: 'applied' };
      } catch (error) {
        const checkpoint = storedCheckpoint(error);
        if (checkpoint !== undefined) return { kind: 'seen', checkpoint };
        throw error;
      }
    };
    try {
      return await withRetries(apply, isTransactionConflict);
    } catch (error) {
      throw new BatchPartFailed(part.firstSequence, error);
    }
  }

  private add(key: { pk: string; sk: string }, clicks: number) {
    return {
      TableName: this.table,
      Key: key,
      UpdateExpression: 'ADD clicks :n',
      ExpressionAttributeValues: { ':n': clicks },
    };
  }
}

/** The checkpoint a refused part found (the part, or its start, was counted before). */
function storedCheckpoint(error: unknown): string | undefined {
  if (cancellationReasons(error)?.[0] !== 'ConditionalCheckFailed') return undefined;
  const reasons = (error as { CancellationReasons?: { Item?: Record<string, AttributeValue> }[] })
    .CancellationReasons;
  const item = reasons?.[0]?.Item;
  return item ? String(unmarshall(item).seq) : undefined;
}
