import { createHash } from 'node:crypto';
import { GetCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { CapacityMeter, errorName, type Capacity } from '../shared/store-support';
import { KEY_LIFETIME_S, REMEMBERED_KEYS } from '../contract/idempotency';
import type { ClickAttributes } from './aggregation';
import {
  type ClickRateLimit,
  isRateWindowAttribute,
  rateWindows,
  retryAfterSeconds,
  windowLengthMs,
} from './rate-limit';

/**
 * The clicks table: one item per user, `USER#<userId>` / `#`, and nothing else, so that its stream
 * carries clicks only. A click is one conditional UpdateItem of that item, which
 * - adds 1 to `clicks` and stamps `clickedAt` (the aggregator files the click under that minute);
 * - adds 1 to the counters of the current rate windows (`ra<n>`, `rb<n>`: see rate-limit.ts), on
 *   condition that both are under the burst;
 * - with an Idempotency-Key, claims it: `i<hash>` = the user's count after this click and
 *   `j<hash>` = [total answered, expiry], on condition that the key is not already claimed and live.
 * A refused condition costs nothing more: `ReturnValuesOnConditionCheckFailure` hands back the item,
 * which holds the stored answer of a repeated key or shows the full rate window.
 *
 * Claimed keys and past windows are removed by later clicks (an update expression cannot name
 * attributes it has not seen), using the item as this container last saw it. At most REMEMBERED_KEYS live
 * keys stay, which keeps the item under 1 KB: one write unit per click.
 */
export const CLICK_ATTRIBUTES: ClickAttributes = { count: 'clicks', clickedAt: 'clickedAt' };
const ONE = '#';
const KEY_COUNT = 'i';
const KEY_ANSWER = 'j';
/** Users whose item this container remembers, for the removals above. */
const REMEMBERED_USERS = 10_000;

export type ClickOutcome =
  | { readonly kind: 'counted'; readonly user: number; readonly total: number }
  | { readonly kind: 'replayed'; readonly user: number; readonly total: number }
  | { readonly kind: 'limited'; readonly retryAfterSeconds: number };

export type { Capacity };

type Item = Record<string, unknown>;

export class ClickStore {
  private readonly meter: CapacityMeter;
  private readonly seen = new Map<string, Item>();

  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
    private readonly limit: ClickRateLimit,
    /** Bench and tests pass a sink to learn what each call costs. */
    capacity?: Capacity,
  ) {
    this.meter = new CapacityMeter(capacity);
  }

  /**
   * Counts one click, or says why not. `total` is the latest aggregate the caller knows: it is the
   * answer's total, and it is stored with a claimed key so that a retry answers the same numbers.
   */
  async recordClick(
    userId: string,
    now: Date,
    total: number,
    idempotencyKey?: string,
  ): Promise<ClickOutcome> {
    const nowMs = now.getTime();
    const nowS = Math.floor(nowMs / 1000);
    const windows = rateWindows(this.limit, nowMs);
    const key = idempotencyKey === undefined ? undefined : keyAttributes(idempotencyKey);
    const names: Record<string, string> = { '#n': CLICK_ATTRIBUTES.count, '#at': CLICK_ATTRIBUTES.clickedAt };
    const values: Record<string, unknown> = {
      ':one': 1,
      ':now': nowMs,
      ':burst': this.limit.burst,
    };
    // ADD starts a missing counter at 0, as if_not_exists would; DynamoDB Local takes it ~8 % faster.
    const adds = ['#n :one'];
    const sets = ['#at = :now'];
    const conditions: string[] = [];
    if (key) {
      Object.assign(names, { '#kc': key.count, '#ka': key.answer });
      Object.assign(values, {
        ':zero': 0,
        ':answer': [total, nowS + KEY_LIFETIME_S],
        ':nowS': nowS,
      });
      // SET reads the item as it was before this write, hence the count plus one.
      sets.push('#kc = if_not_exists(#n, :zero) + :one', '#ka = :answer');
      conditions.push('(attribute_not_exists(#kc) OR #ka[1] < :nowS)');
    }
    windows.forEach((window, i) => {
      names[`#w${i}`] = window.attribute;
      adds.push(`#w${i} :one`);
      conditions.push(`(attribute_not_exists(#w${i}) OR #w${i} < :burst)`);
    });
    const written = new Set(Object.values(names));
    const removals = this.staleAttributes(userId, nowMs, written);
    removals.forEach((name, i) => (names[`#x${i}`] = name));
    const remove = removals.length > 0 ? ` REMOVE ${removals.map((_, i) => `#x${i}`).join(', ')}` : '';

    try {
      const answer = await this.db.send(
        new UpdateCommand({
          TableName: this.table,
          Key: userKey(userId),
          UpdateExpression: `ADD ${adds.join(', ')} SET ${sets.join(', ')}${remove}`,
          ConditionExpression: conditions.join(' AND '),
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
          ReturnValues: 'ALL_NEW',
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          ReturnConsumedCapacity: this.meter.request,
        }),
      );
      this.meter.record('write', answer.ConsumedCapacity);
      const item = answer.Attributes ?? {};
      this.remember(userId, item);
      return { kind: 'counted', user: Number(item[CLICK_ATTRIBUTES.count]), total };
    } catch (error) {
      const stored = refusedItem(error);
      if (!stored) throw error;
      this.remember(userId, stored);
      const claimed = key ? stored[key.answer] : undefined;
      if (key && Array.isArray(claimed) && Number(claimed[1]) >= nowS) {
        return { kind: 'replayed', user: Number(stored[key.count]), total: Number(claimed[0]) };
      }
      const full = windows.filter((w) => Number(stored[w.attribute] ?? 0) >= this.limit.burst);
      return {
        kind: 'limited',
        retryAfterSeconds: retryAfterSeconds(full.length > 0 ? full : windows, nowMs),
      };
    }
  }

  /** The user's own count, read consistently: it must include the click the user just made. */
  async userClicks(userId: string): Promise<number> {
    const answer = await this.db.send(
      new GetCommand({
        TableName: this.table,
        Key: userKey(userId),
        ConsistentRead: true,
        ProjectionExpression: '#n',
        ExpressionAttributeNames: { '#n': CLICK_ATTRIBUTES.count },
        ReturnConsumedCapacity: this.meter.request,
      }),
    );
    this.meter.record('read', answer.ConsumedCapacity);
    return Number(answer.Item?.[CLICK_ATTRIBUTES.count] ?? 0);
  }

  private remember(userId: string, item: Item): void {
    // A Map iterates in insertion order: deleting first makes this user the newest, so the oldest is evicted.
    this.seen.delete(userId);
    this.seen.set(userId, item);
    if (this.seen.size > REMEMBERED_USERS) this.seen.delete(this.seen.keys().next().value as string);
  }

  /**
   * What this click's write should remove: the previous windows (known without seeing the item),
   * and from the item as last seen, every other past window, expired keys, and the oldest live keys
   * beyond REMEMBERED_KEYS - 1 (this click may claim one more). Never an attribute this write sets.
   */
  private staleAttributes(userId: string, nowMs: number, written: ReadonlySet<string>): string[] {
    const stale = new Set(
      rateWindows(this.limit, nowMs - windowLengthMs(this.limit)).map((w) => w.attribute),
    );
    const item = this.seen.get(userId) ?? {};
    const liveKeys: { hash: string; claimedAs: number }[] = [];
    for (const [name, value] of Object.entries(item)) {
      if (isRateWindowAttribute(name)) stale.add(name);
      if (name.startsWith(KEY_ANSWER) && Array.isArray(value)) {
        const hash = name.slice(KEY_ANSWER.length);
        if (Number(value[1]) * 1000 <= nowMs) stale.add(name).add(`${KEY_COUNT}${hash}`);
        else liveKeys.push({ hash, claimedAs: Number(item[`${KEY_COUNT}${hash}`]) });
      }
    }
    // Newest first by the count each claim made, which grows with every click: expiries are whole
    // seconds, and a second can hold more claims than the item keeps.
    liveKeys.sort((a, b) => b.claimedAs - a.claimedAs);
    for (const { hash } of liveKeys.slice(REMEMBERED_KEYS - 1))
      stale.add(`${KEY_ANSWER}${hash}`).add(`${KEY_COUNT}${hash}`);
    return [...stale].filter((name) => !written.has(name));
  }
}

const userKey = (userId: string) => ({ pk: `USER#${userId}`, sk: ONE });

/** 66 bits of the key's hash: collisions among one user's few live keys are out of reach. */
function keyAttributes(idempotencyKey: string): { count: string; answer: string } {
  const hash = createHash('sha256').update(idempotencyKey).digest('base64url').slice(0, 11);
  return { count: `${KEY_COUNT}${hash}`, answer: `${KEY_ANSWER}${hash}` };
}

/** The item a refused condition returned (ReturnValuesOnConditionCheckFailure), or undefined. */
function refusedItem(error: unknown): Item | undefined {
  if (errorName(error) !== 'ConditionalCheckFailedException') return undefined;
  const raw = (error as { Item?: Record<string, AttributeValue> }).Item;
  return raw ? unmarshall(raw) : undefined;
}
