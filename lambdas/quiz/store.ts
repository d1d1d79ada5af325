import { DeleteCommand, PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { TIME_ORDERED_ID } from '../shared/ids';
import { decodeCursor, encodeCursor } from '../shared/pagination';

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
const SORT_KEY = new RegExp(`^${RESULT_PREFIX}${TIME_ORDERED_ID.source.slice(1, -1)}$`);

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
    const start = decodeCursor(CURSOR_SCOPE, cursor, { pk, sk: SORT_KEY });
    // One more than asked, so that next_cursor is null exactly when there is nothing after this page.
    const page = await this.db.send(
      new QueryCommand({
        TableName: this.table,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': pk, ':prefix': RESULT_PREFIX },
        ScanIndexForward: false,
        // A user reading their own results right after saving one must see it.
        ConsistentRead: true,
        Limit: limit + 1,
        ExclusiveStartKey: start,
      }),
    );
    const items = (page.Items ?? []).map(toResult);
    const results = items.slice(0, limit);
    const last = results[results.length - 1];
    const more = items.length > limit;
    return {
      results,
      nextCursor: more && last ? encodeCursor(CURSOR_SCOPE, { pk, sk: `${RESULT_PREFIX}${last.id}` }) : null,
    };
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
      if (error instanceof Error && error.name === 'ConditionalCheckFailedException') return false;
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
