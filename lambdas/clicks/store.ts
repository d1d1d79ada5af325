import { createHash, randomUUID } from 'node:crypto';
import { CapacityMeter, cancellationReasons, errorName, sleep, type Capacity } from '../shared/store-support';
import {
  BatchGetCommand,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import { minuteKey, pickShard, sum } from './domain';

/**
 * All DynamoDB access of the clicks area. Item layout (every item has `pk` and `sk`):
 * - `TOTAL#<shard>` / `#`: one shard of the global total;
 * - `MINUTE#<shard>` / `<yyyy-mm-ddThh:mm>`: one shard of one minute's clicks;
 * - `USER#<userId>` / `#`: that user's clicks;
 * - `IDEMPOTENCY#<userId>#<sha256 of key>` / `#`: a click already counted for an Idempotency-Key.
 * The hot counters are sharded so that no item takes a write for every click.
 */
const ONE = '#';
const IDEMPOTENCY_WINDOW_S = 600;
const CONFLICT_RETRIES = 10;

export interface ClickCounts {
  readonly total: number;
  readonly user: number;
}

export type { Capacity };

const REPLAY_WAIT_MS = 3000;

export class ClickStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
    private readonly shards: number,
    /** Bench and tests pass a sink to learn what each call costs. */
    capacity?: Capacity,
  ) {
    this.meter = new CapacityMeter(capacity);
  }

  private readonly meter: CapacityMeter;

  /**
   * Counts one click for the user in the global total, the user's total and the current minute, all in
   * one transaction so that a click is either in all three or in none. With an idempotency key, the
   * same transaction claims the key, so a retry cannot count twice.
   */
  async recordClick(userId: string, at: Date, idempotencyKey?: string): Promise<ClickCounts> {
    const idempotencyPk =
      idempotencyKey === undefined ? undefined : idempotencyItemKey(userId, idempotencyKey);
    for (let attempt = 0; ; attempt++) {
      const now = attempt === 0 ? at : new Date();
      try {
        const result = await this.db.send(
          new TransactWriteCommand({
            // Makes an SDK-level retry of this very request a no-op instead of a second click.
            ClientRequestToken: randomUUID(),
            ReturnConsumedCapacity: this.meter.request,
            TransactItems: [
              ...(idempotencyPk ? [{ Put: this.claimKey(idempotencyPk, now) }] : []),
              { Update: this.increment(`USER#${userId}`, ONE) },
              { Update: this.increment(`TOTAL#${pickShard(this.shards)}`, ONE) },
              { Update: this.increment(`MINUTE#${pickShard(this.shards)}`, minuteKey(now)) },
            ],
          }),
        );
        this.meter.record('write', result.ConsumedCapacity);
        break;
      } catch (error) {
        const reasons = cancellationReasons(error);
        if (idempotencyPk && reasons?.[0] === 'ConditionalCheckFailed')
          return this.replay(idempotencyPk, userId);
        const conflicted =
          reasons?.includes('TransactionConflict') || errorName(error) === 'TransactionConflictException';
        if (!conflicted || attempt >= CONFLICT_RETRIES) throw error;
        await sleep(Math.random() * 10 * 2 ** Math.min(attempt, 5));
      }
    }
    const counts = await this.counts(userId);
    if (idempotencyPk) await this.rememberAnswer(idempotencyPk, counts);
    return counts;
  }

  async counts(userId: string): Promise<ClickCounts> {
    const [total, user] = await Promise.all([this.total(true), this.userClicks(userId)]);
    return { total, user };
  }

  async total(consistent = false): Promise<number> {
    let keys: Record<string, string>[] = Array.from({ length: this.shards }, (_, s) => ({
      pk: `TOTAL#${s}`,
      sk: ONE,
    }));
    let total = 0;
    while (keys.length > 0) {
      const answer = await this.db.send(
        new BatchGetCommand({
          RequestItems: {
            [this.table]: { Keys: keys, ConsistentRead: consistent, ProjectionExpression: 'clicks' },
          },
          ReturnConsumedCapacity: this.meter.request,
        }),
      );
      this.meter.record('read', answer.ConsumedCapacity);
      total += sum((answer.Responses?.[this.table] ?? []).map((item) => Number(item.clicks ?? 0)));
      keys = (answer.UnprocessedKeys?.[this.table]?.Keys as Record<string, string>[] | undefined) ?? [];
      if (keys.length > 0) await sleep(20);
    }
    return total;
  }

  async userClicks(userId: string): Promise<number> {
    const answer = await this.db.send(
      new GetCommand({
        TableName: this.table,
        Key: { pk: `USER#${userId}`, sk: ONE },
        ConsistentRead: true,
        ProjectionExpression: 'clicks',
        ReturnConsumedCapacity: this.meter.request,
      }),
    );
    this.meter.record('read', answer.ConsumedCapacity);
    return Number(answer.Item?.clicks ?? 0);
  }

  /** Clicks per minute key between `first` and `last` (inclusive), summed over the shards. */
  async minuteCounts(first: string, last: string): Promise<Map<string, number>> {
    const counts = new Map<string, number>();
    await Promise.all(
      Array.from({ length: this.shards }, async (_, shard) => {
        let start: Record<string, unknown> | undefined;
        do {
          const page = await this.db.send(
            new QueryCommand({
              TableName: this.table,
              KeyConditionExpression: 'pk = :pk AND sk BETWEEN :first AND :last',
              ExpressionAttributeValues: { ':pk': `MINUTE#${shard}`, ':first': first, ':last': last },
              ProjectionExpression: 'sk, clicks',
              ExclusiveStartKey: start,
              ReturnConsumedCapacity: this.meter.request,
            }),
          );
          this.meter.record('read', page.ConsumedCapacity);
          for (const item of page.Items ?? []) {
            const minute = String(item.sk);
            counts.set(minute, (counts.get(minute) ?? 0) + Number(item.clicks ?? 0));
          }
          start = page.LastEvaluatedKey;
        } while (start);
      }),
    );
    return counts;
  }

  private increment(pk: string, sk: string) {
    return {
      TableName: this.table,
      Key: { pk, sk },
      UpdateExpression: 'ADD clicks :one',
      ExpressionAttributeValues: { ':one': 1 },
    };
  }

  private claimKey(pk: string, now: Date) {
    const nowS = Math.floor(now.getTime() / 1000);
    return {
      TableName: this.table,
      Item: { pk, sk: ONE, expiresAt: nowS + IDEMPOTENCY_WINDOW_S },
      // DynamoDB deletes expired items late (and DynamoDB Local never), so an expired claim counts as absent.
      ConditionExpression: 'attribute_not_exists(pk) OR expiresAt < :now',
      ExpressionAttributeValues: { ':now': nowS },
    };
  }

  private async rememberAnswer(pk: string, counts: ClickCounts): Promise<void> {
    const answer = await this.db.send(
      new UpdateCommand({
        TableName: this.table,
        Key: { pk, sk: ONE },
        UpdateExpression: 'SET answerTotal = :t, answerUser = :u',
        ExpressionAttributeValues: { ':t': counts.total, ':u': counts.user },
        ReturnConsumedCapacity: this.meter.request,
      }),
    );
    this.meter.record('write', answer.ConsumedCapacity);
  }

  /**
   * The answer of the click that first claimed the key. If that click is still finishing, wait for it;
   * if it never recorded its answer (its function died after counting), the current counts are the
   * honest answer: the click is counted exactly once either way.
   */
  private async replay(pk: string, userId: string): Promise<ClickCounts> {
    const deadline = Date.now() + REPLAY_WAIT_MS;
    for (;;) {
      const answer = await this.db.send(
        new GetCommand({
          TableName: this.table,
          Key: { pk, sk: ONE },
          ConsistentRead: true,
          ReturnConsumedCapacity: this.meter.request,
        }),
      );
      this.meter.record('read', answer.ConsumedCapacity);
      const item = answer.Item;
      if (item && typeof item.answerTotal === 'number' && typeof item.answerUser === 'number') {
        return { total: item.answerTotal, user: item.answerUser };
      }
      if (Date.now() > deadline) {
        const counts = await this.counts(userId);
        await this.rememberAnswer(pk, counts);
        return counts;
      }
      await sleep(100);
    }
  }
}

function idempotencyItemKey(userId: string, key: string): string {
  return `IDEMPOTENCY#${userId}#${createHash('sha256').update(key).digest('base64url')}`;
}
