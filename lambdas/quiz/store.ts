import { DeleteCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { TIME_ORDERED_ID } from '../shared/ids';
import { queryPage } from '../shared/paged-query';
import { prefixedKey } from '../shared/pagination';
import { isConditionFailed } from '../shared/store-support';

/**
 * All DynamoDB access of the quiz area. Item layout: `USER#<userId>` / `RESULT#<id>` — one item per
 * result, where `<id>` is a time-ordered id, so a Query of the user's partition lists results by
 * time without an index. The user id is part of every key, so a caller can never reach another
 * user's results: someone else's id is simply not in the caller's partition.
 */
export interface StoredQuizResult {
  readonly id: string;
  readonly parkId: string;
  readonly parkName: string;
  readonly createdAt: string;
  readonly answers: Readonly<Record<string, string>>;
}

export interface QuizResultPage {
  readonly results: StoredQuizResult[];
  readonly nextCursor: string | null;
}

const CURSOR_SCOPE = 'quiz-results';
const RESULT_PREFIX = 'RESULT#';

const userKey = (userId: string): string => `USER#${userId}`;

export class QuizStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async create(userId: string, result: StoredQuizResult): Promise<void> {
    await this.db.send(
      new PutCommand({
        TableName: this.table,
        Item: { pk: userKey(userId), sk: `${RESULT_PREFIX}${result.id}`, ...result },
        // Ids are random; this only guards against ever overwriting an existing result.
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  }

  /** The user's results, newest first. A cursor of another list or user is refused with a 400. */
  async list(userId: string, limit: number, cursor?: string): Promise<QuizResultPage> {
    const pk = userKey(userId);
    const page = await queryPage(this.db, {
      // Read consistently: a user sees the result they just saved.
      query: {
        TableName: this.table,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': pk, ':prefix': RESULT_PREFIX },
        ConsistentRead: true,
      },
      scope: CURSOR_SCOPE,
      cursorKey: { pk, sk: prefixedKey(RESULT_PREFIX, TIME_ORDERED_ID) },
      cursor,
      limit,
    });
    return { results: page.items.map(toResult), nextCursor: page.nextCursor };
  }

  async latest(userId: string): Promise<StoredQuizResult | undefined> {
    const { results } = await this.list(userId, 1);
    return results[0];
  }

  /** Deletes one of the user's results; false when the user has no result with this id. */
  async delete(userId: string, id: string): Promise<boolean> {
    try {
      await this.db.send(
        new DeleteCommand({
          TableName: this.table,
          Key: { pk: userKey(userId), sk: `${RESULT_PREFIX}${id}` },
          ConditionExpression: 'attribute_exists(pk)',
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailed(error)) return false;
      throw error;
    }
  }
}

function toResult(item: Record<string, unknown>): StoredQuizResult {
  return {
    id: String(item.id),
    parkId: String(item.parkId),
    parkName: String(item.parkName),
    createdAt: String(item.createdAt),
    answers: (item.answers ?? {}) as Record<string, string>,
  };
}
