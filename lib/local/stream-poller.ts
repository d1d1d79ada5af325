import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import {
  DescribeStreamCommand,
  type DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type _Record as SdkRecord,
  type Shard,
} from '@aws-sdk/client-dynamodb-streams';
import type { StreamRecord } from '../../lambdas/clicks/aggregation';
import type { StreamSourceSettings } from '../functions';

/**
 * Lambda's event source mapping for a DynamoDB stream, for local mode: one poller per shard (a child
 * shard only once its parent is read to the end), batches of up to `batchSize` records gathered for
 * up to the batching window, the handler's partial batch failures retried from the failed record,
 * `retryAttempts` retries before the batch goes to the on-failure destination, and the shard's
 * position kept across restarts (in a file of the data directory, as Lambda keeps it on its side).
 * Events carry the tumbling-window fields Lambda adds, `shardId` among them.
 */
export interface StreamEvent {
  readonly Records: readonly StreamRecord[];
  readonly shardId: string;
  readonly eventSourceARN: string;
  readonly window: { readonly start: string; readonly end: string };
  readonly state: Record<string, never>;
  readonly isFinalInvokeForWindow: boolean;
  readonly isWindowTerminatedEarly: boolean;
}

export interface StreamResponse {
  readonly batchItemFailures?: readonly { readonly itemIdentifier: string }[];
}

export interface FailedBatch {
  readonly shardId: string;
  readonly startSequenceNumber: string;
  readonly endSequenceNumber: string;
  readonly batchSize: number;
  readonly reason: string;
}

export interface StreamPollerOptions {
  readonly client: DynamoDBStreamsClient;
  readonly streamArn: string;
  readonly settings: StreamSourceSettings;
  readonly handler: (event: StreamEvent) => Promise<StreamResponse>;
  /** Where shard positions survive a restart. */
  readonly positionsFile: string;
  /** The on-failure destination: a batch that failed every retry. */
  readonly onFailedBatch: (batch: FailedBatch) => void;
  readonly log: (line: string) => void;
}

/** Lambda polls each shard four times a second (more often only while full pages keep coming). */
const POLL_INTERVAL_MS = 250;
const ERROR_BACKOFF_MS = 500;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export class StreamPoller {
  private stopped = false;
  private readonly workers = new Map<string, Promise<void>>();
  private readonly finished = new Set<string>();
  private readonly positions: Record<string, string>;
  private discovery: Promise<void> | undefined;

  constructor(private readonly options: StreamPollerOptions) {
    this.positions = readPositions(options.positionsFile);
  }

  start(): void {
    this.discovery = this.discover();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.discovery;
    await Promise.all(this.workers.values());
  }

  /** Finds new shards as the stream splits, and starts a worker for each that may be read. */
  private async discover(): Promise<void> {
    while (!this.stopped) {
      try {
        const shards = await this.listShards();
        const known = new Set(shards.map((s) => s.ShardId));
        for (const shard of shards) {
          const id = shard.ShardId;
          if (!id || this.workers.has(id)) continue;
          const parent = shard.ParentShardId;
          // Records of one key stay in order only if a parent is read to the end before its children.
          if (parent && known.has(parent) && !this.finished.has(parent)) continue;
          this.workers.set(id, this.runShard(id));
        }
      } catch (error) {
        if (!this.stopped) this.options.log(`Click stream: ${describe(error)}; retrying`);
      }
      await sleep(POLL_INTERVAL_MS * 4);
    }
  }

  private async listShards(): Promise<Shard[]> {
    const shards: Shard[] = [];
    let start: string | undefined;
    do {
      const page = await this.options.client.send(
        new DescribeStreamCommand({ StreamArn: this.options.streamArn, ExclusiveStartShardId: start }),
      );
      shards.push(...(page.StreamDescription?.Shards ?? []));
      start = page.StreamDescription?.LastEvaluatedShardId;
    } while (start);
    return shards;
  }

  private async runShard(shardId: string): Promise<void> {
    const { settings } = this.options;
    let iterator: string | undefined;
    let buffer: SdkRecord[] = [];
    let firstBufferedAt = 0;
    while (!this.stopped) {
      try {
        iterator ??= await this.iteratorFor(shardId);
        const readAt = Date.now();
        const limit = settings.batchSize - buffer.length;
        const page =
          limit > 0
            ? await this.options.client.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: limit }))
            : { Records: [], NextShardIterator: iterator };
        const records = page.Records ?? [];
        if (records.length > 0 && buffer.length === 0) firstBufferedAt = Date.now();
        buffer = buffer.concat(records);
        iterator = page.NextShardIterator;
        const closed = iterator === undefined;
        const windowOver = Date.now() - firstBufferedAt >= settings.maxBatchingWindowSeconds * 1000;
        if (buffer.length > 0 && (buffer.length >= settings.batchSize || windowOver || closed)) {
          await this.deliver(shardId, buffer);
          buffer = [];
        }
        if (closed) {
          this.finished.add(shardId);
          return;
        }
        // A full page means more records are waiting: read again at once. Otherwise keep Lambda's
        // cadence, also while clicks trickle in: reading again after every small page would turn each
        // click into a batch and one more transaction.
        if (records.length < limit) await sleep(Math.max(0, POLL_INTERVAL_MS - (Date.now() - readAt)));
      } catch (error) {
        if (this.stopped) return;
        // A position older than the stream keeps (24 hours): read from the oldest record instead; the
        // handler's checkpoints skip whatever it counted before.
        const trimmed = error instanceof Error && error.name === 'TrimmedDataAccessException';
        const hadPosition = this.positions[shardId] !== undefined;
        if (trimmed) delete this.positions[shardId];
        // DynamoDB Local restarting, or an expired iterator: start again after the last delivered record.
        // DynamoDB Local also answers a fresh shard's first read as trimmed: nothing to report then.
        if (!trimmed || hadPosition)
          this.options.log(`Click stream shard ${shardId}: ${describe(error)}; resuming`);
        iterator = undefined;
        buffer = [];
        await sleep(ERROR_BACKOFF_MS);
      }
    }
  }

  private async iteratorFor(shardId: string): Promise<string> {
    const position = this.positions[shardId];
    const answer = await this.options.client.send(
      new GetShardIteratorCommand({
        StreamArn: this.options.streamArn,
        ShardId: shardId,
        ...(position
          ? { ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', SequenceNumber: position }
          : { ShardIteratorType: this.options.settings.startingPosition }),
      }),
    );
    if (!answer.ShardIterator) throw new Error('no shard iterator');
    return answer.ShardIterator;
  }

  /**
   * Hands the batch to the handler until it has taken all of it, retrying from the first record it
   * reports failed (or the whole batch if it throws), at most `retryAttempts` times.
   */
  private async deliver(shardId: string, batch: readonly SdkRecord[]): Promise<void> {
    let pending = batch;
    for (let retries = 0; pending.length > 0; retries++) {
      let failedAt: number;
      let reason: string;
      try {
        const response = await this.options.handler(this.eventFor(shardId, pending));
        const failures = response.batchItemFailures ?? [];
        failedAt =
          failures.length === 0
            ? pending.length
            : Math.min(
                ...failures.map((f) =>
                  pending.findIndex((r) => r.dynamodb?.SequenceNumber === f.itemIdentifier),
                ),
              );
        // An identifier that names no record of the batch fails the whole batch, as in Lambda.
        if (failedAt < 0) failedAt = 0;
        reason = 'the handler reported a failed record';
      } catch (error) {
        failedAt = 0;
        reason = describe(error);
      }
      if (failedAt > 0) this.advance(shardId, pending[failedAt - 1]);
      pending = pending.slice(failedAt);
      if (pending.length === 0) return;
      if (this.stopped) return;
      if (retries >= this.options.settings.retryAttempts) {
        this.options.onFailedBatch({
          shardId,
          startSequenceNumber: pending[0].dynamodb?.SequenceNumber ?? '',
          endSequenceNumber: pending[pending.length - 1].dynamodb?.SequenceNumber ?? '',
          batchSize: pending.length,
          reason,
        });
        this.advance(shardId, pending[pending.length - 1]);
        return;
      }
      await sleep(Math.min(2000, 100 * 2 ** retries));
    }
  }

  private eventFor(shardId: string, records: readonly SdkRecord[]): StreamEvent {
    const windowMs = this.options.settings.tumblingWindowSeconds * 1000;
    const start = Math.floor(Date.now() / windowMs) * windowMs;
    return {
      Records: records.map((record) => toLambdaRecord(record, this.options.streamArn)),
      shardId,
      eventSourceARN: this.options.streamArn,
      window: { start: new Date(start).toISOString(), end: new Date(start + windowMs).toISOString() },
      state: {},
      isFinalInvokeForWindow: false,
      isWindowTerminatedEarly: false,
    };
  }

  private advance(shardId: string, record: SdkRecord): void {
    const sequence = record.dynamodb?.SequenceNumber;
    if (!sequence) return;
    this.positions[shardId] = sequence;
    // Written whole and renamed, so a kill mid-write leaves the previous positions, never half a file.
    const temporary = `${this.options.positionsFile}.tmp`;
    writeFileSync(temporary, JSON.stringify(this.positions));
    renameSync(temporary, this.options.positionsFile);
  }
}

/** A record as Lambda's event carries it: times in epoch seconds, the stream's ARN on each record. */
function toLambdaRecord(record: SdkRecord, streamArn: string): StreamRecord {
  const created = record.dynamodb?.ApproximateCreationDateTime;
  return {
    ...record,
    eventSourceARN: streamArn,
    dynamodb: {
      ...record.dynamodb,
      ApproximateCreationDateTime: created ? Math.floor(created.getTime() / 1000) : undefined,
    },
  };
}

function readPositions(file: string): Record<string, string> {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as unknown;
    return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, string>) : {};
  } catch {
    // None yet, or unreadable: start from the stream's oldest record; the handler's checkpoints skip
    // whatever was counted before.
    return {};
  }
}

const describe = (error: unknown): string =>
  error instanceof Error ? `${error.name}: ${error.message}` : String(error);
