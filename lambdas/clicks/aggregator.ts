import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import middy from '@middy/core';
import { ENV, tableEnvName } from '../contract/functions';
import { dynamoClient } from '../shared/clients';
import { deployedHandler, type Environment, requiredEnv } from '../shared/env';
import { loggerFor } from '../shared/logger';
import { type ClickChange, clickChangeOf, type StreamRecord } from './aggregation';
import { minuteKey } from './domain';
import { LivePublisher } from './live-publisher';
import { publishSlot, slotStart } from './publish-window';
import { CLICK_ATTRIBUTES } from './store';
import { BatchPartFailed, TotalsStore } from './totals-store';
import { messageOf } from '../shared/errors';

/**
 * The stream aggregator: Lambda hands it the clicks table's stream one shard's batch at a time, and
 * it adds the batch's clicks to the global total and to their minutes, exactly once.
 *
 * The event source mapping has a tumbling window only so that Lambda names the shard in the event
 * (`shardId`): the checkpoint that makes a replay harmless is per shard. The window's state is unused
 * and handed back empty, as Lambda requires.
 */
export interface ClickStreamEvent {
  readonly Records: readonly StreamRecord[];
  readonly shardId?: string;
  readonly isFinalInvokeForWindow?: boolean;
}

export interface ClickStreamResponse {
  readonly batchItemFailures: { readonly itemIdentifier: string }[];
  readonly state: Record<string, never>;
}

const logger = loggerFor('click-aggregator');

export interface ClickAggregatorDependencies {
  readonly env: Environment;
  /** By default a client built from the configuration. */
  readonly dynamo?: DynamoDBDocumentClient;
}

/** What the aggregator works with, built once per container from its configuration. */
interface AggregatorParts {
  readonly totals: TotalsStore;
  /** Where the new totals are pushed to viewers; none when the stage has no live events. */
  readonly live: LivePublisher | undefined;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Pushes the totals after a batch, at most once a window for the whole stage
 * (lambdas/clicks/publish-window.ts). The clicks are counted already: a failed push is logged,
 * never a failed batch (viewers fall back to polling, and the next push carries the total anyway).
 */
async function pushTotals({ totals, live: publisher }: AggregatorParts): Promise<void> {
  if (!publisher) return;
  try {
    const slot = publishSlot(Date.now());
    // Lost: the batch that won publishes at the slot's start, after this batch was counted.
    if (!(await totals.claimPublishSlot(slot))) return;
    await sleep(Math.max(0, slotStart(slot) - Date.now()));
    const now = Date.now();
    const minute = minuteKey(new Date(now));
    const counts = await totals.totalAndMinutes(minute, minuteKey(new Date(now - 60_000)));
    await publisher.publish({ minute, ...counts });
  } catch (error) {
    logger.warn('live push failed', { error: messageOf(error) });
  }
}

async function aggregate(event: ClickStreamEvent, parts: AggregatorParts): Promise<ClickStreamResponse> {
  const { totals } = parts;
  const changes = event.Records.map((r) => clickChangeOf(r, CLICK_ATTRIBUTES)).filter(
    (c): c is ClickChange => c !== undefined,
  );
  if (changes.length === 0) return { batchItemFailures: [], state: {} };
  // Without the shard there is no checkpoint, and a replay would count twice: refuse the whole batch.
  if (!event.shardId) throw new Error('The event names no shard: the event source needs a tumbling window');
  try {
    const counted = await totals.addChanges(event.shardId, changes, new Date());
    logger.info('batch', { shardId: event.shardId, records: event.Records.length, clicks: counted });
    if (counted > 0) await pushTotals(parts);
    return { batchItemFailures: [], state: {} };
  } catch (error) {
    if (!(error instanceof BatchPartFailed)) throw error;
    logger.warn('batch part failed; Lambda retries from it', {
      shardId: event.shardId,
      firstSequence: error.firstSequence,
      error: error.reason instanceof Error ? error.reason.name : String(error.reason),
    });
    return { batchItemFailures: [{ itemIdentifier: error.firstSequence }], state: {} };
  }
}

/**
 * The aggregator as a middy chain, its store and publisher built once from the configuration given; its log lines
 * carry the invocation's request id and cold start.
 */
export function createClickAggregator({ env, dynamo }: ClickAggregatorDependencies) {
  const liveUrl = env[ENV.liveEventsUrl];
  const parts: AggregatorParts = {
    totals: new TotalsStore(dynamo ?? dynamoClient(env), requiredEnv(env, tableEnvName('clickTotals'))),
    live: liveUrl ? LivePublisher.fromEnvironment(liveUrl, env) : undefined,
  };
  return middy<ClickStreamEvent, ClickStreamResponse>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .handler((event) => aggregate(event, parts));
}

export const handler = deployedHandler(() => createClickAggregator({ env: process.env }));
