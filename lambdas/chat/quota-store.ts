import { TransactWriteCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { cancellationReasons, isConditionFailed } from '../shared/store-support';

/**
 * The chat table's day counters behind the ceiling on chat spend (lambdas/chat/spend-ceiling.ts):
 * - `USER#<userId>` / `DAY#<yyyy-mm-dd>`: messages the user sent that UTC day (attribute `messages`);
 * - `TOKENS` / `DAY#<yyyy-mm-dd>`: model tokens the whole stage used that day (attribute `tokens`).
 * Both expire (`expiresAt`) a day after their day ends.
 */
export type Admission = 'admitted' | 'quota' | 'budget';

export interface DayLimits {
  readonly messagesPerUser: number;
  readonly tokens: number;
}

const userDayKey = (userId: string, day: string) => ({ pk: `USER#${userId}`, sk: `DAY#${day}` });
const tokensDayKey = (day: string) => ({ pk: 'TOKENS', sk: `DAY#${day}` });

export class QuotaStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  /**
   * Counts one message against the user's day, if the user is under the quota and the stage's token
   * budget is not spent, in one transaction: both conditions hold at the moment of the write (no
   * read-then-write race), and a refused message is counted nowhere.
   */
  async admit(userId: string, day: string, limits: DayLimits, expiresAt: number): Promise<Admission> {
    try {
      await this.db.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              ConditionCheck: {
                TableName: this.table,
                Key: tokensDayKey(day),
                ConditionExpression: 'attribute_not_exists(tokens) OR tokens < :budget',
                ExpressionAttributeValues: { ':budget': limits.tokens },
              },
            },
            {
              Update: {
                TableName: this.table,
                Key: userDayKey(userId, day),
                UpdateExpression: 'ADD messages :one SET expiresAt = :expires',
                ConditionExpression: 'attribute_not_exists(messages) OR messages < :quota',
                ExpressionAttributeValues: {
                  ':one': 1,
                  ':quota': limits.messagesPerUser,
                  ':expires': expiresAt,
                },
              },
            },
          ],
        }),
      );
      return 'admitted';
    } catch (error) {
      const reasons = cancellationReasons(error);
      if (reasons?.[0] === 'ConditionalCheckFailed') return 'budget';
      if (reasons?.[1] === 'ConditionalCheckFailed') return 'quota';
      throw error;
    }
  }

  /**
   * Gives back a message admit() counted that was then refused (a conversation at its cap): a refused
   * message is counted nowhere. Never below zero, should the day have turned meanwhile.
   */
  async release(userId: string, day: string): Promise<void> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.table,
          Key: userDayKey(userId, day),
          UpdateExpression: 'ADD messages :minusOne',
          ConditionExpression: 'messages > :zero',
          ExpressionAttributeValues: { ':minusOne': -1, ':zero': 0 },
        }),
      );
    } catch (error) {
      if (!isConditionFailed(error)) throw error;
    }
  }

  /** Adds a reply's tokens to the stage's day. */
  async addTokens(day: string, tokens: number, expiresAt: number): Promise<void> {
    await this.db.send(
      new UpdateCommand({
        TableName: this.table,
        Key: tokensDayKey(day),
        UpdateExpression: 'ADD tokens :tokens SET expiresAt = :expires',
        ExpressionAttributeValues: { ':tokens': tokens, ':expires': expiresAt },
      }),
    );
  }
}
