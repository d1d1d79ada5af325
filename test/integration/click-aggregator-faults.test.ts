import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
} from '@aws-sdk/client-dynamodb-streams';
import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { StreamRecord } from '../../lambdas/clicks/aggregation';
import { createClickAggregator, type ClickStreamEvent } from '../../lambdas/clicks/aggregator';
import { adoptLegacyTotals } from '../../lambdas/clicks/legacy-totals';
import { REMEMBERED_KEYS } from '../../lambdas/contract/idempotency';
import { ClickStore } from '../../lambdas/clicks/store';
import { TotalsStore } from '../../lambdas/clicks/totals-store';
import { clickStreamSettings, type StreamSourceSettings } from '../../lib/functions';
import { lambdaContext } from '../../lib/local/api-event';
import { LOCAL_MODE_START_MS } from '../support/local-process';
import { ensureTables, streamArnOf } from '../../lib/local/bootstrap';
import { localAwsClientConfig, startDynamoDbLocal } from '../../lib/local/dynamodb-local';
import { freePorts, type Child } from '../../lib/local/processes';
import { type FailedBatch, type StreamEvent, StreamPoller } from '../../lib/local/stream-poller';

/**
 * The aggregator under faults, against a DynamoDB Local of its own: the real ClickStore writes the
 * clicks, the real stream carries them, and the real aggregator handler (fed directly, or by local
 * mode's poller) counts them. Each case uses its own user and checks the total it added.
 */
const LIMIT = { perSecond: 1000, burst: 1000 };
const MINUTE = 60_000;

let engine: Child;
let endpoint: string;
let db: DynamoDBDocumentClient;
let streams: DynamoDBStreamsClient;
let streamArn: string;
let clicksTable: string;
let totalsTable: string;
let clicks: ClickStore;
let totals: TotalsStore;
/** The aggregator's own client, so a case can inject faults into what the aggregator sends. */
let aggregatorDb: DynamoDBDocumentClient;
let aggregator: (event: ClickStreamEvent) => Promise<{ batchItemFailures: { itemIdentifier: string }[] }>;
const dataDir = mkdtempSync(join(tmpdir(), 'cc-aggregator-'));

beforeAll(async () => {
  const [port] = await freePorts(1);
  engine = await startDynamoDbLocal(dataDir, port, () => undefined);
  endpoint = `http://127.0.0.1:${port}`;
  const raw = new DynamoDBClient(localAwsClientConfig(endpoint));
  const names = await ensureTables(raw);
  streamArn = await streamArnOf(raw, names.clicks);
  db = DynamoDBDocumentClient.from(raw, { marshallOptions: { removeUndefinedValues: true } });
  streams = new DynamoDBStreamsClient(localAwsClientConfig(endpoint));
  clicksTable = names.clicks;
  totalsTable = names.clickTotals;
  clicks = new ClickStore(db, clicksTable, LIMIT);
  totals = new TotalsStore(db, names.clickTotals);
  aggregatorDb = DynamoDBDocumentClient.from(new DynamoDBClient(localAwsClientConfig(endpoint)));
  // Built by its factory from the configuration the function gets in AWS, as local mode builds it.
  const handler = createClickAggregator({
    env: { CLICKTOTALS_TABLE: names.clickTotals },
    dynamo: aggregatorDb,
  });
  aggregator = (e) => handler(e, lambdaContext('click-aggregator', 30_000));
}, LOCAL_MODE_START_MS);

afterAll(async () => {
  await engine?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

/** Every record the stream holds so far, with its shard, oldest first. */
async function streamRecords(): Promise<{ shardId: string; records: StreamRecord[] }> {
  const description = await streams.send(new DescribeStreamCommand({ StreamArn: streamArn }));
  const shardId = description.StreamDescription?.Shards?.[0]?.ShardId ?? '';
  const { ShardIterator } = await streams.send(
    new GetShardIteratorCommand({
      StreamArn: streamArn,
      ShardId: shardId,
      ShardIteratorType: 'TRIM_HORIZON',
    }),
  );
  const records: StreamRecord[] = [];
  let iterator = ShardIterator;
  for (;;) {
    const page = await streams.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 1000 }));
    for (const r of page.Records ?? []) {
      records.push({
        eventName: r.eventName,
        dynamodb: {
          SequenceNumber: r.dynamodb?.SequenceNumber,
          NewImage: r.dynamodb?.NewImage,
          OldImage: r.dynamodb?.OldImage,
        },
      } as StreamRecord);
    }
    if ((page.Records ?? []).length === 0 || !page.NextShardIterator) break;
    iterator = page.NextShardIterator;
  }
  return { shardId, records };
}

/** The records of one user's item, as the aggregator would get them. */
async function recordsOf(userId: string): Promise<{ shardId: string; records: StreamRecord[] }> {
  const { shardId, records } = await streamRecords();
  return {
    shardId,
    records: records.filter((r) => r.dynamodb?.NewImage?.pk?.S === `USER#${userId}`),
  };
}

async function clickTimes(userId: string, times: readonly number[]): Promise<void> {
  for (const at of times) await clicks.recordClick(userId, new Date(at), 0);
}

async function eventually(check: () => Promise<boolean>, withinMs = 10_000): Promise<void> {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > withinMs) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** A separate shard id per case, so each case's checkpoint is its own (the records are real). */
const event = (shardId: string, records: StreamRecord[]): ClickStreamEvent => ({ Records: records, shardId });

describe('the click aggregator, fed directly', () => {
  it('counts a batch delivered twice once', async () => {
    const before = await totals.total();
    await clickTimes('twice', [Date.now(), Date.now(), Date.now()]);
    const { records } = await recordsOf('twice');
    expect(records).toHaveLength(3);
    expect((await aggregator(event('case-twice', records))).batchItemFailures).toEqual([]);
    expect((await aggregator(event('case-twice', records))).batchItemFailures).toEqual([]);
    expect((await totals.total()) - before).toBe(3);
  });

  it('counts only the new tail of a replay that starts at the same record but carries more', async () => {
    const before = await totals.total();
    await clickTimes('tail', [Date.now(), Date.now(), Date.now(), Date.now(), Date.now()]);
    const { records } = await recordsOf('tail');
    await aggregator(event('case-tail', records.slice(0, 2)));
    await aggregator(event('case-tail', records));
    expect((await totals.total()) - before).toBe(5);
  });

  it('files each click under the minute it was made, across a batch of many minutes', async () => {
    const start = Math.floor(Date.now() / MINUTE) * MINUTE - 300 * MINUTE;
    const times = Array.from({ length: 150 }, (_, i) => start + i * MINUTE + 1000);
    await clickTimes('minutes', times);
    const { records } = await recordsOf('minutes');
    const minutesBefore = await totals.minuteCounts('0', '9');
    await aggregator(event('case-minutes', records));
    const minutesAfter = await totals.minuteCounts('0', '9');
    const added = [...minutesAfter].filter(([minute, n]) => n - (minutesBefore.get(minute) ?? 0) > 0);
    expect(added).toHaveLength(150);
    expect(added[0][0]).toBe(new Date(times[0]).toISOString().slice(0, 16));
  });
});

describe('a click costs one write unit', () => {
  it(`with ${REMEMBERED_KEYS} live Idempotency-Keys on the item and a 12-digit total`, async () => {
    const sink = { read: 0, write: 0 };
    const metered = new ClickStore(db, clicksTable, LIMIT, sink);
    for (let i = 0; i < REMEMBERED_KEYS + 4; i++) {
      sink.write = 0;
      const outcome = await metered.recordClick(
        'size',
        new Date(),
        999_999_999_999,
        `key-number-${i}-${'x'.repeat(100)}`,
      );
      expect(outcome.kind).toBe('counted');
      expect(sink.write).toBe(1);
    }
  });
});

describe('Idempotency-Keys', () => {
  it(`keeps the ${REMEMBERED_KEYS} most recently claimed, in the order they were claimed, even within one second`, async () => {
    const store = new ClickStore(db, clicksTable, LIMIT);
    const now = new Date();
    const keys = Array.from({ length: REMEMBERED_KEYS + 8 }, (_, i) => `same-second-${i}`);
    const counts: number[] = [];
    for (const key of keys) {
      const outcome = await store.recordClick('same-second', now, 7, key);
      expect(outcome.kind).toBe('counted');
      if (outcome.kind === 'counted') counts.push(outcome.user);
    }
    const remembered = keys.slice(-REMEMBERED_KEYS);
    for (const [i, key] of remembered.entries()) {
      await expect(store.recordClick('same-second', now, 8, key)).resolves.toEqual({
        kind: 'replayed',
        user: counts[keys.length - REMEMBERED_KEYS + i],
        total: 7,
      });
    }
  });
});

describe("local mode's stream poller", () => {
  const settings: StreamSourceSettings = {
    ...clickStreamSettings({ ratePerSecond: 20, burst: 40, aggregationWindowSeconds: 0 }),
    retryAttempts: 3,
  };
  const pollers: StreamPoller[] = [];
  const startPoller = (
    handler: (event: StreamEvent) => Promise<{ batchItemFailures?: { itemIdentifier: string }[] }>,
    positionsFile: string,
    failed: FailedBatch[] = [],
  ): StreamPoller => {
    const poller = new StreamPoller({
      client: streams,
      streamArn,
      settings,
      handler,
      positionsFile,
      onFailedBatch: (batch) => failed.push(batch),
      log: () => undefined,
    });
    poller.start();
    pollers.push(poller);
    return poller;
  };
  const stopPollers = () => Promise.all(pollers.splice(0).map((p) => p.stop()));
  afterEach(stopPollers);

  /**
   * Runs the real aggregator over everything in the stream so far, then stops: a case that starts
   * from the same positions then sees only its own clicks.
   */
  async function catchUp(positions: string): Promise<void> {
    const { records } = await streamRecords();
    const last = records[records.length - 1]?.dynamodb?.SequenceNumber;
    startPoller(aggregator, positions);
    await eventually(async () => {
      try {
        return Object.values(JSON.parse(readFileSync(positions, 'utf8')) as Record<string, string>).includes(
          last ?? '',
        );
      } catch {
        return false;
      }
    });
    await stopPollers();
  }

  it('retries a batch that failed half way from the failed record, counting every click once', async () => {
    // The aggregator's client fails the second transaction it sends, once: the batch's first part
    // is counted, the second is reported failed and comes back.
    let transactions = 0;
    const failOnce =
      (next: (args: unknown) => Promise<unknown>, context: { commandName?: string }) =>
      async (args: unknown) => {
        if (/^TransactWrite/.test(context.commandName ?? '') && ++transactions === 2) {
          throw Object.assign(new Error('injected'), { name: 'InternalServerError' });
        }
        return next(args);
      };
    const positions = join(dataDir, 'positions-halfway.json');
    await catchUp(positions);
    aggregatorDb.middlewareStack.add(failOnce as never, { step: 'initialize', name: 'failOnce' });
    try {
      const before = await totals.total();
      const start = Math.floor(Date.now() / MINUTE) * MINUTE - 500 * MINUTE;
      await clickTimes(
        'halfway',
        Array.from({ length: 120 }, (_, i) => start + i * MINUTE),
      );
      const seen: number[] = [];
      startPoller(async (e) => {
        seen.push(e.Records.length);
        return aggregator(e);
      }, positions);
      // Every click so far (every case's) is in the stream; wait for this case's to be counted.
      await eventually(async () => (await totals.total()) - before >= 120);
      expect(transactions).toBeGreaterThanOrEqual(3);
      expect(seen.length).toBeGreaterThanOrEqual(2);
      expect((await totals.total()) - before).toBe(120);
    } finally {
      aggregatorDb.middlewareStack.remove('failOnce');
    }
  });

  it('redelivers a batch whose answer was lost after it was counted, and counts it once', async () => {
    const positions = join(dataDir, 'positions-lost.json');
    await catchUp(positions);
    const before = await totals.total();
    let lost = false;
    startPoller(async (e) => {
      const answer = await aggregator(e);
      if (!lost) {
        lost = true;
        throw new Error('the process died before answering');
      }
      return answer;
    }, positions);
    await clickTimes('lost', [Date.now(), Date.now(), Date.now(), Date.now()]);
    await eventually(async () => lost && (await totals.total()) - before >= 4);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect((await totals.total()) - before).toBe(4);
  });

  it('picks up where it stopped after a restart, and from the oldest record when its positions are lost', async () => {
    const positions = join(dataDir, 'positions-restart.json');
    await catchUp(positions);
    const before = await totals.total();
    startPoller(aggregator, positions);
    await clickTimes('restart', [Date.now(), Date.now()]);
    await eventually(async () => (await totals.total()) - before >= 2);
    await stopPollers();
    const afterStop = await totals.total();
    expect(afterStop - before).toBe(2);
    await clickTimes('restart', [Date.now(), Date.now(), Date.now()]);
    startPoller(aggregator, positions);
    await eventually(async () => (await totals.total()) - afterStop >= 3);
    await stopPollers();
    expect((await totals.total()) - before).toBe(5);
    // Positions lost: the whole stream again, and the checkpoints count nothing twice.
    rmSync(positions);
    await catchUp(positions);
    expect((await totals.total()) - before).toBe(5);
  });

  it('sends a batch that fails every retry to the on-failure destination and goes on', async () => {
    const positions = join(dataDir, 'positions-failing.json');
    await catchUp(positions);
    await clickTimes('failing', [Date.now(), Date.now()]);
    const failed: FailedBatch[] = [];
    let calls = 0;
    startPoller(
      async () => {
        calls += 1;
        throw new Error('always failing');
      },
      positions,
      failed,
    );
    await eventually(async () => failed.length > 0);
    expect(calls).toBe(settings.retryAttempts + 1);
    expect(failed[0]).toMatchObject({ batchSize: 2, reason: expect.stringMatching(/always failing/) });
  });
});

describe('a data directory from before totals came from the stream', () => {
  it('keeps its old sharded totals: moved once into the totals table, the old items gone', async () => {
    const minute = '2020-01-01T00:00';
    const legacy = [
      { pk: 'TOTAL#0', sk: '#', clicks: 5 },
      { pk: 'TOTAL#1', sk: '#', clicks: 3 },
      { pk: 'MINUTE#0', sk: minute, clicks: 6 },
      { pk: 'MINUTE#1', sk: minute, clicks: 2 },
      { pk: 'IDEMPOTENCY#old#abc', sk: '#', expiresAt: 1, answerTotal: 1, answerUser: 1 },
    ];
    for (const item of legacy) await db.send(new PutCommand({ TableName: clicksTable, Item: item }));
    const before = await totals.total();
    const minuteBefore = (await totals.minuteCounts(minute, minute)).get(minute) ?? 0;

    expect(await adoptLegacyTotals(db, clicksTable, totalsTable)).toBe(8);
    expect((await totals.total()) - before).toBe(8);
    expect(((await totals.minuteCounts(minute, minute)).get(minute) ?? 0) - minuteBefore).toBe(8);
    for (const item of legacy) {
      const left = await db.send(
        new GetCommand({ TableName: clicksTable, Key: { pk: item.pk, sk: item.sk } }),
      );
      expect(left.Item).toBeUndefined();
    }
    // A second start finds nothing more to move.
    expect(await adoptLegacyTotals(db, clicksTable, totalsTable)).toBe(0);
    expect((await totals.total()) - before).toBe(8);
  });
});

describe('live publish slots (one publish a window for the whole stage)', () => {
  it('gives a slot to exactly one of many concurrent claims, then only later slots', async () => {
    const slot = Math.floor(Date.now() / 250) + 1_000;
    const claims = await Promise.all(Array.from({ length: 8 }, () => totals.claimPublishSlot(slot)));
    expect(claims.filter(Boolean)).toHaveLength(1);
    expect(await totals.claimPublishSlot(slot)).toBe(false);
    expect(await totals.claimPublishSlot(slot - 1)).toBe(false);
    expect(await totals.claimPublishSlot(slot + 1)).toBe(true);
    // A claim from far ahead (a clock that ran fast) does not silence the slots before it for long.
    expect(await totals.claimPublishSlot(slot + 10_000)).toBe(true);
    expect(await totals.claimPublishSlot(slot + 2)).toBe(true);
  });
});
