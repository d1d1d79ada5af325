import { randomUUID } from 'node:crypto';
import {
  CapacityMeter,
  cancellationReasons,
  isConditionFailed,
  type Capacity,
} from '../shared/store-support';
import {
  DeleteCommand,
  GetCommand,
  PutCommand,
  TransactWriteCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import { NotFound, NotYours, TryLater } from '../shared/domain-errors';
import { timeOrderedId } from '../shared/ids';
import { queryAll, queryPage, type PartitionQuery } from '../shared/paged-query';
import { isTransactionConflict, withRetries } from '../shared/retry';
import {
  STARS,
  histogramAttribute,
  isEmptyDelta,
  isStars,
  reviewDelta,
  statsFromItem,
  type PostChanges,
  type RatingStats,
  type ReviewInput,
  type Stars,
  type StatsDelta,
} from './domain';

/**
 * All DynamoDB access of the parks area, in one table (every item has `pk` and `sk`):
 * - `CATALOG` / `PARK#<parkId>`: the park's catalog fields and its rating statistics (`count`,
 *   `starSum`, `h1`..`h5`). One Query of `CATALOG` reads every park.
 * - `PARK#<parkId>` / `REVIEW#<userId>`: a user's review of the park (one per user and park, by key),
 *   with `gsi1pk` = `REVIEWS#<parkId>` and `gsi1sk` = `<createdAt>#<userId>`, so the `byTime` index
 *   lists a park's reviews newest first.
 * - `PARK#<parkId>` / `POST#<postId>`: a post; the id sorts by creation time, so the table itself lists
 *   a park's posts newest first.
 * A review and its park's statistics change in one transaction, so `count == Σ histogram == reviews`
 * holds under any concurrency.
 */
const CATALOG_PK = 'CATALOG';
const parkSk = (parkId: string): string => `PARK#${parkId}`;
/** The key of a park's catalog item, for the catalog seeding (catalog-seed.ts). */
export const catalogItemKey = (parkId: string) => ({ pk: CATALOG_PK, sk: parkSk(parkId) });
const parkPk = (parkId: string): string => `PARK#${parkId}`;
const reviewSk = (userId: string): string => `REVIEW#${userId}`;
const reviewsGsiPk = (parkId: string): string => `REVIEWS#${parkId}`;
const postSk = (postId: string): string => `POST#${postId}`;
const REVIEWS_INDEX = 'byTime';

const ISO = String.raw`\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z`;
const USER_ID = String.raw`[^#\s]{1,128}`;
const REVIEW_SK = new RegExp(`^REVIEW#${USER_ID}$`);
const REVIEW_GSI_SK = new RegExp(`^${ISO}#${USER_ID}$`);
const POST_SK = /^POST#[0-9a-z]{10}[0-9a-f]{12}$/;

export interface Review {
  readonly parkId: string;
  readonly author: string;
  readonly stars: Stars;
  readonly title: string;
  readonly body: string;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface Post {
  readonly id: string;
  readonly parkId: string;
  readonly author: string;
  readonly title: string;
  readonly body: string;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface Page<T> {
  readonly items: T[];
  /** Leads to the next page; null on the last one. */
  readonly nextCursor: string | null;
}

export interface Author {
  readonly userId: string;
  readonly username: string;
}

export type { Capacity };

/** Why a post write was refused. */

type Item = Record<string, unknown>;

export class ParkStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
    /** Bench and tests pass a sink to learn what each call costs. */
    capacity?: Capacity,
  ) {
    this.meter = new CapacityMeter(capacity);
  }

  private readonly meter: CapacityMeter;

  // ---- catalog and statistics ----------------------------------------------------------------

  /** The statistics of every park in the table, by park id (one Query). */
  async allStats(): Promise<Map<string, RatingStats>> {
    const stats = new Map<string, RatingStats>();
    const items = await queryAll(
      this.db,
      {
        TableName: this.table,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': CATALOG_PK },
        ConsistentRead: true,
      },
      this.meter,
    );
    for (const item of items) {
      if (typeof item.id === 'string') stats.set(item.id, statsFromItem(item));
    }
    return stats;
  }

  async stats(parkId: string): Promise<RatingStats> {
    const answer = await this.db.send(
      new GetCommand({
        TableName: this.table,
        Key: catalogItemKey(parkId),
        ConsistentRead: true,
        ReturnConsumedCapacity: this.meter.request,
      }),
    );
    this.meter.record('read', answer.ConsumedCapacity);
    return statsFromItem(answer.Item);
  }

  // ---- reviews ---------------------------------------------------------------------------------

  async getReview(parkId: string, userId: string): Promise<Review | undefined> {
    const item = await this.reviewItem(parkId, userId);
    return item ? toReview(item) : undefined;
  }

  private async reviewItem(parkId: string, userId: string): Promise<Item | undefined> {
    const answer = await this.db.send(
      new GetCommand({
        TableName: this.table,
        Key: { pk: parkPk(parkId), sk: reviewSk(userId) },
        ConsistentRead: true,
        ReturnConsumedCapacity: this.meter.request,
      }),
    );
    this.meter.record('read', answer.ConsumedCapacity);
    return answer.Item;
  }

  /**
   * Creates or replaces the user's review of the park, and moves the park's statistics by the
   * difference, in one transaction. The review write is conditional on the version read just before
   * (optimistic concurrency), so two racing writes of the same user cannot both apply a delta computed
   * from the same old review; the loser reads again and retries.
   */
  async putReview(
    parkId: string,
    author: Author,
    input: ReviewInput,
    now: Date = new Date(),
  ): Promise<{ review: Review; created: boolean }> {
    return this.retryingReviewWrite(async (attempt) => {
      const existing = await this.reviewItem(parkId, author.userId);
      const before = existing && isStars(existing.stars) ? existing.stars : undefined;
      const at = (attempt === 0 ? now : new Date()).toISOString();
      const createdAt = existing && typeof existing.createdAt === 'string' ? existing.createdAt : at;
      const version = existing ? Number(existing.version ?? 0) : 0;
      const item: Item = {
        pk: parkPk(parkId),
        sk: reviewSk(author.userId),
        gsi1pk: reviewsGsiPk(parkId),
        gsi1sk: `${createdAt}#${author.userId}`,
        parkId,
        userId: author.userId,
        author: author.username,
        stars: input.stars,
        title: input.title,
        body: input.body,
        createdAt,
        updatedAt: at,
        version: version + 1,
      };
      const put = {
        TableName: this.table,
        Item: item,
        ...(existing
          ? {
              ConditionExpression: 'version = :version',
              ExpressionAttributeValues: { ':version': version },
            }
          : { ConditionExpression: 'attribute_not_exists(pk)' }),
      };
      await this.writeWithStats(parkId, { Put: put }, reviewDelta(before, input.stars));
      return { review: toReview(item), created: !existing };
    });
  }

  /** Deletes the user's review of the park and takes it out of the statistics; false when there is none. */
  async deleteReview(parkId: string, userId: string): Promise<boolean> {
    return this.retryingReviewWrite(async () => {
      const existing = await this.reviewItem(parkId, userId);
      if (!existing) return false;
      const before = isStars(existing.stars) ? existing.stars : undefined;
      const remove = {
        TableName: this.table,
        Key: { pk: parkPk(parkId), sk: reviewSk(userId) },
        ConditionExpression: 'version = :version',
        ExpressionAttributeValues: { ':version': Number(existing.version ?? 0) },
      };
      await this.writeWithStats(parkId, { Delete: remove }, reviewDelta(before, undefined));
      return true;
    });
  }

  /**
   * Runs a read of the review and its conditional write until the write applies: a write that found
   * the review changed since it was read, or lost to another transaction, reads again after the
   * stores' back-off. When the tries run out the park is busy (503).
   */
  private async retryingReviewWrite<T>(write: (attempt: number) => Promise<T>): Promise<T> {
    try {
      return await withRetries(write, isRetryableReviewWrite);
    } catch (error) {
      if (isRetryableReviewWrite(error))
        throw new TryLater('This park is busy with other reviews right now; try again', 1);
      throw error;
    }
  }

  /** Runs the review write and the statistics update in one transaction. */
  private async writeWithStats(parkId: string, reviewWrite: Record<string, unknown>, delta: StatsDelta) {
    const statsUpdate = isEmptyDelta(delta) ? [] : [{ Update: this.statsUpdate(parkId, delta) }];
    try {
      const result = await this.db.send(
        new TransactWriteCommand({
          // Makes an SDK-level retry of this very request a no-op instead of a second write.
          ClientRequestToken: randomUUID(),
          ReturnConsumedCapacity: this.meter.request,
          TransactItems: [reviewWrite, ...statsUpdate] as never,
        }),
      );
      this.meter.record('write', result.ConsumedCapacity);
    } catch (error) {
      if (cancellationReasons(error)?.[1] === 'ConditionalCheckFailed') {
        // The park is in the bundled catalog but has no catalog item: the catalog was not loaded.
        throw new TryLater('The park catalog is being loaded; try again in a moment', 5);
      }
      throw error;
    }
  }

  /** ADD the delta to the park's statistics; the park's catalog item must exist. */
  private statsUpdate(parkId: string, delta: StatsDelta) {
    const names: Record<string, string> = {};
    const values: Record<string, number> = {};
    const terms: string[] = [];
    const add = (attribute: string, amount: number): void => {
      if (amount === 0) return;
      const i = terms.length;
      names[`#a${i}`] = attribute;
      values[`:v${i}`] = amount;
      terms.push(`#a${i} :v${i}`);
    };
    add('count', delta.count);
    add('starSum', delta.starSum);
    for (const stars of STARS) add(histogramAttribute(stars), delta.histogram[stars] ?? 0);
    return {
      TableName: this.table,
      Key: catalogItemKey(parkId),
      UpdateExpression: `ADD ${terms.join(', ')}`,
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    };
  }

  /** A page of the park's reviews, newest first; a cursor of another list is refused. */
  async listReviews(parkId: string, limit: number, cursor: string | undefined): Promise<Page<Review>> {
    const page = await this.listPage(
      {
        TableName: this.table,
        IndexName: REVIEWS_INDEX,
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': reviewsGsiPk(parkId) },
      },
      `reviews:${parkId}`,
      { pk: parkPk(parkId), sk: REVIEW_SK, gsi1pk: reviewsGsiPk(parkId), gsi1sk: REVIEW_GSI_SK },
      limit,
      cursor,
    );
    return { items: page.items.map(toReview), nextCursor: page.nextCursor };
  }

  // ---- posts -----------------------------------------------------------------------------------

  async createPost(
    parkId: string,
    author: Author,
    content: { title: string; body: string },
    now: Date = new Date(),
  ): Promise<Post> {
    const id = timeOrderedId(now);
    const at = now.toISOString();
    const item: Item = {
      pk: parkPk(parkId),
      sk: postSk(id),
      id,
      parkId,
      authorId: author.userId,
      author: author.username,
      title: content.title,
      body: content.body,
      createdAt: at,
      updatedAt: at,
    };
    const answer = await this.db.send(
      new PutCommand({
        TableName: this.table,
        Item: item,
        ConditionExpression: 'attribute_not_exists(pk)',
        ReturnConsumedCapacity: this.meter.request,
      }),
    );
    this.meter.record('write', answer.ConsumedCapacity);
    return toPost(item);
  }

  async getPost(parkId: string, postId: string): Promise<Post | undefined> {
    const answer = await this.db.send(
      new GetCommand({
        TableName: this.table,
        Key: { pk: parkPk(parkId), sk: postSk(postId) },
        ReturnConsumedCapacity: this.meter.request,
      }),
    );
    this.meter.record('read', answer.ConsumedCapacity);
    return answer.Item ? toPost(answer.Item) : undefined;
  }

  /** Changes the post if, at that instant, it exists and the user wrote it (one conditional write). */
  async updatePost(
    parkId: string,
    postId: string,
    userId: string,
    changes: PostChanges,
    now: Date = new Date(),
  ): Promise<Post> {
    const names: Record<string, string> = { '#updatedAt': 'updatedAt', '#authorId': 'authorId' };
    const values: Record<string, string> = { ':updatedAt': now.toISOString(), ':me': userId };
    const sets = ['#updatedAt = :updatedAt'];
    for (const field of ['title', 'body'] as const) {
      const value = changes[field];
      if (value === undefined) continue;
      names[`#${field}`] = field;
      values[`:${field}`] = value;
      sets.push(`#${field} = :${field}`);
    }
    try {
      const answer = await this.db.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { pk: parkPk(parkId), sk: postSk(postId) },
          UpdateExpression: `SET ${sets.join(', ')}`,
          ConditionExpression: 'attribute_exists(pk) AND #authorId = :me',
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
          ReturnValues: 'ALL_NEW',
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          ReturnConsumedCapacity: this.meter.request,
        }),
      );
      this.meter.record('write', answer.ConsumedCapacity);
      return toPost(answer.Attributes ?? {});
    } catch (error) {
      throw await this.refusal(error, parkId, postId);
    }
  }

  async deletePost(parkId: string, postId: string, userId: string): Promise<void> {
    try {
      const answer = await this.db.send(
        new DeleteCommand({
          TableName: this.table,
          Key: { pk: parkPk(parkId), sk: postSk(postId) },
          ConditionExpression: 'attribute_exists(pk) AND #authorId = :me',
          ExpressionAttributeNames: { '#authorId': 'authorId' },
          ExpressionAttributeValues: { ':me': userId },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          ReturnConsumedCapacity: this.meter.request,
        }),
      );
      this.meter.record('write', answer.ConsumedCapacity);
    } catch (error) {
      throw await this.refusal(error, parkId, postId);
    }
  }

  /** Why a post write failed: someone else's post, no post at all, or (not a refusal) the error itself. */
  private async refusal(error: unknown, parkId: string, postId: string): Promise<unknown> {
    if (!isConditionFailed(error)) return error;
    const notYours = new NotYours('Only the author can change or delete this post');
    if ((error as { Item?: unknown }).Item !== undefined) return notYours;
    // Without the old item in the error (older engines), read it: it may also have just been deleted.
    return (await this.getPost(parkId, postId)) ? notYours : new NotFound('No such post');
  }

  /** A page of the park's posts, newest first; a cursor of another list is refused. */
  async listPosts(parkId: string, limit: number, cursor: string | undefined): Promise<Page<Post>> {
    const page = await this.listPage(
      {
        TableName: this.table,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': parkPk(parkId), ':prefix': 'POST#' },
      },
      `posts:${parkId}`,
      { pk: parkPk(parkId), sk: POST_SK },
      limit,
      cursor,
    );
    return { items: page.items.map(toPost), nextCursor: page.nextCursor };
  }

  // ---- shared ----------------------------------------------------------------------------------

  /** Newest first, `limit` items, with capacity metering; the cursor is bound to `scope`. */
  private listPage(
    query: PartitionQuery,
    scope: string,
    cursorKey: Record<string, string | RegExp>,
    limit: number,
    cursor: string | undefined,
  ) {
    return queryPage(this.db, { query, scope, cursorKey, cursor, limit, meter: this.meter });
  }
}

/** A review write that found the review changed since it was read, or lost to another transaction. */
function isRetryableReviewWrite(error: unknown): boolean {
  return cancellationReasons(error)?.[0] === 'ConditionalCheckFailed' || isTransactionConflict(error);
}

const text = (value: unknown): string => (typeof value === 'string' ? value : '');

function toReview(item: Item): Review {
  return {
    parkId: text(item.parkId),
    author: text(item.author),
    stars: (isStars(item.stars) ? item.stars : 1) as Stars,
    title: text(item.title),
    body: text(item.body),
    createdAt: text(item.createdAt),
    updatedAt: text(item.updatedAt),
  };
}

function toPost(item: Item): Post {
  return {
    id: text(item.id),
    parkId: text(item.parkId),
    author: text(item.author),
    title: text(item.title),
    body: text(item.body),
    createdAt: text(item.createdAt),
    updatedAt: text(item.updatedAt),
  };
}
