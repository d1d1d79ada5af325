import { randomUUID } from 'node:crypto';
import {
  GetCommand,
  TransactWriteCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import { LimitReached } from '../shared/domain-errors';
import { TIME_ORDERED_ID } from '../shared/ids';
import { queryPage } from '../shared/paged-query';
import { prefixedKey } from '../shared/pagination';
import { isTransactionConflict, withRetries } from '../shared/retry';
import { cancellationReasons, isConditionFailed } from '../shared/store-support';

/**
 * All DynamoDB access of the locations area. Item layout (every key starts with the owner):
 * - `USER#<userId>` / `LOC#<id>`: one saved location; `<id>` is time-ordered, so the partition
 *   lists locations by creation time;
 * - `USER#<userId>` / `COUNT`: how many locations the user has (attribute `saved`), for the cap.
 * Saving and deleting change the location and the count in one transaction, so the count is exact
 * and the cap holds under any concurrency. Someone else's id is never in the caller's partition, so
 * reading, editing or deleting it finds nothing (404) and changes nothing.
 */
export const LOCATION_CAP = 200;

export interface StoredLocation {
  readonly id: string;
  readonly name: string;
  readonly latitude: number;
  readonly longitude: number;
  readonly parkId: string | null;
  readonly note: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export type LocationChanges = Partial<
  Pick<StoredLocation, 'name' | 'latitude' | 'longitude' | 'parkId' | 'note'>
>;

export interface LocationPage {
  readonly locations: StoredLocation[];
  readonly nextCursor: string | null;
}

/** The user already has `cap` locations. */
export const locationLimitReached = (cap: number): LimitReached =>
  new LimitReached(
    `You can keep at most ${cap} saved locations; delete one to save another`,
    'LOCATION_LIMIT',
  );

const CURSOR_SCOPE = 'locations';
const LOC_PREFIX = 'LOC#';
const COUNT_SK = 'COUNT';
const EDITABLE = ['name', 'latitude', 'longitude', 'parkId', 'note'] as const;

const userKey = (userId: string): string => `USER#${userId}`;

export class LocationStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
    /** Locations one user may keep. */
    private readonly cap: number = LOCATION_CAP,
  ) {}

  /** Saves a new location, or throws LimitReached when the user is at the cap. */
  async create(userId: string, location: StoredLocation): Promise<void> {
    const pk = userKey(userId);
    await this.transact(
      [
        {
          Put: {
            TableName: this.table,
            Item: { pk, sk: `${LOC_PREFIX}${location.id}`, ...withoutNulls(location) },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        {
          Update: {
            TableName: this.table,
            Key: { pk, sk: COUNT_SK },
            UpdateExpression: 'ADD #saved :one',
            ConditionExpression: 'attribute_not_exists(#saved) OR #saved < :cap',
            ExpressionAttributeNames: { '#saved': 'saved' },
            ExpressionAttributeValues: { ':one': 1, ':cap': this.cap },
          },
        },
      ],
      (reasons) => {
        if (reasons[1] === 'ConditionalCheckFailed') throw locationLimitReached(this.cap);
        return false;
      },
    );
  }

  async get(userId: string, id: string): Promise<StoredLocation | undefined> {
    const answer = await this.db.send(
      new GetCommand({
        TableName: this.table,
        Key: { pk: userKey(userId), sk: `${LOC_PREFIX}${id}` },
        ConsistentRead: true,
      }),
    );
    return answer.Item ? toLocation(answer.Item) : undefined;
  }

  /** The user's locations, newest first. A cursor of another list or user is refused with a 400. */
  async list(userId: string, limit: number, cursor?: string): Promise<LocationPage> {
    const pk = userKey(userId);
    const page = await queryPage(this.db, {
      // Read consistently: a user sees the location they just saved.
      query: {
        TableName: this.table,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': pk, ':prefix': LOC_PREFIX },
        ConsistentRead: true,
      },
      scope: CURSOR_SCOPE,
      cursorKey: { pk, sk: prefixedKey(LOC_PREFIX, TIME_ORDERED_ID) },
      cursor,
      limit,
    });
    return { locations: page.items.map(toLocation), nextCursor: page.nextCursor };
  }

  /**
   * Applies the changes (null clears parkId or note) to one of the user's locations and answers the
   * result, or undefined when the user has no location with this id (then nothing is written).
   */
  async update(
    userId: string,
    id: string,
    changes: LocationChanges,
    updatedAt: string,
  ): Promise<StoredLocation | undefined> {
    const names: Record<string, string> = { '#updatedAt': 'updatedAt' };
    const values: Record<string, unknown> = { ':updatedAt': updatedAt };
    const set = ['#updatedAt = :updatedAt'];
    const remove: string[] = [];
    for (const field of EDITABLE) {
      const value = changes[field];
      if (value === undefined) continue;
      names[`#${field}`] = field;
      if (value === null) {
        remove.push(`#${field}`);
      } else {
        values[`:${field}`] = value;
        set.push(`#${field} = :${field}`);
      }
    }
    try {
      const answer = await this.db.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { pk: userKey(userId), sk: `${LOC_PREFIX}${id}` },
          UpdateExpression: `SET ${set.join(', ')}${remove.length > 0 ? ` REMOVE ${remove.join(', ')}` : ''}`,
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
          ReturnValues: 'ALL_NEW',
        }),
      );
      return answer.Attributes ? toLocation(answer.Attributes) : undefined;
    } catch (error) {
      if (isConditionFailed(error)) return undefined;
      throw error;
    }
  }

  /** Deletes one of the user's locations and frees its place under the cap; false when there is none. */
  async delete(userId: string, id: string): Promise<boolean> {
    const pk = userKey(userId);
    let found = true;
    await this.transact(
      [
        {
          Delete: {
            TableName: this.table,
            Key: { pk, sk: `${LOC_PREFIX}${id}` },
            ConditionExpression: 'attribute_exists(pk)',
          },
        },
        {
          Update: {
            TableName: this.table,
            Key: { pk, sk: COUNT_SK },
            UpdateExpression: 'ADD #saved :minusOne',
            ExpressionAttributeNames: { '#saved': 'saved' },
            ExpressionAttributeValues: { ':minusOne': -1 },
          },
        },
      ],
      (reasons) => {
        found = reasons[0] !== 'ConditionalCheckFailed';
        return !found;
      },
    );
    return found;
  }

  /**
   * Runs a transaction, retrying when it lost a race with another transaction on the same items (two
   * saves by one user touch the same count). `onCancel` sees the cancellation reasons of any other
   * cancellation: it may throw a domain error, or answer true when it has recorded the outcome (then
   * the call returns normally); otherwise the cancellation is thrown as it came.
   */
  private async transact(
    items: NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']>,
    onCancel: (reasons: (string | undefined)[]) => boolean,
  ): Promise<void> {
    try {
      await withRetries(async () => {
        // The token makes an SDK-level retry of this very request a no-op instead of a second write.
        await this.db.send(
          new TransactWriteCommand({ ClientRequestToken: randomUUID(), TransactItems: items }),
        );
      }, isTransactionConflict);
    } catch (error) {
      const reasons = cancellationReasons(error);
      if (reasons && !isTransactionConflict(error) && onCancel(reasons)) return;
      throw error;
    }
  }
}

function withoutNulls(location: StoredLocation): Record<string, unknown> {
  return Object.fromEntries(Object.entries(location).filter(([, value]) => value !== null));
}

function toLocation(item: Record<string, unknown>): StoredLocation {
  return {
    id: String(item.id),
    name: String(item.name),
    latitude: Number(item.latitude),
    longitude: Number(item.longitude),
    parkId: typeof item.parkId === 'string' ? item.parkId : null,
    note: typeof item.note === 'string' ? item.note : null,
    createdAt: String(item.createdAt),
    updatedAt: String(item.updatedAt),
  };
}
