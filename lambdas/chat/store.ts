import {
  BatchWriteCommand,
  DeleteCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import { timeOrderedId } from '../shared/ids';
import { isConditionFailed } from '../shared/store-support';
import type { ChatTurn } from './providers/provider';

/**
 * All DynamoDB access of the chat area. Item layout (every item has `pk` and `sk`):
 * - `USER#<userId>` / `CONV#<conversationId>`: a conversation's title and times;
 * - `MSGS#<userId>#<conversationId>` / `<messageId>`: its messages, in time order;
 * - `USER#<userId>` / `RATE#<window start>`: messages sent in a rate-limit window (expires).
 * The user id is in every key, so no request can reach another user's conversation.
 */
export interface Conversation {
  readonly id: string;
  readonly title: string;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface StoredMessage extends ChatTurn {
  readonly createdAt: string;
}

export interface Page<T> {
  readonly items: T[];
  readonly lastKey: Record<string, unknown> | undefined;
}

const conversationKey = (userId: string, id: string) => ({ pk: `USER#${userId}`, sk: `CONV#${id}` });
const messagesPk = (userId: string, id: string) => `MSGS#${userId}#${id}`;

export class ChatStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async createConversation(userId: string, title: string, at: Date): Promise<Conversation> {
    const conversation = {
      id: timeOrderedId(at),
      title,
      createdAt: at.toISOString(),
      updatedAt: at.toISOString(),
    };
    await this.db.send(
      new PutCommand({
        TableName: this.table,
        Item: { ...conversationKey(userId, conversation.id), ...conversation },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
    return conversation;
  }

  async getConversation(userId: string, id: string): Promise<Conversation | undefined> {
    const answer = await this.db.send(
      new GetCommand({ TableName: this.table, Key: conversationKey(userId, id), ConsistentRead: true }),
    );
    return answer.Item ? toConversation(answer.Item) : undefined;
  }

  async listConversations(
    userId: string,
    limit: number,
    startKey?: Record<string, string>,
  ): Promise<Page<Conversation>> {
    const answer = await this.db.send(
      new QueryCommand({
        TableName: this.table,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :conv)',
        ExpressionAttributeValues: { ':pk': `USER#${userId}`, ':conv': 'CONV#' },
        ScanIndexForward: false,
        Limit: limit,
        ExclusiveStartKey: startKey,
      }),
    );
    return { items: (answer.Items ?? []).map(toConversation), lastKey: answer.LastEvaluatedKey };
  }

  /** Every message of a conversation, oldest first. */
  async messages(userId: string, id: string): Promise<StoredMessage[]> {
    const messages: StoredMessage[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.db.send(
        new QueryCommand({
          TableName: this.table,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': messagesPk(userId, id) },
          ConsistentRead: true,
          ExclusiveStartKey: start,
        }),
      );
      for (const item of page.Items ?? []) {
        messages.push({
          role: item.role === 'assistant' ? 'assistant' : 'user',
          text: String(item.text),
          createdAt: String(item.createdAt),
        });
      }
      start = page.LastEvaluatedKey;
    } while (start);
    return messages;
  }

  async addMessage(
    userId: string,
    conversationId: string,
    role: ChatTurn['role'],
    text: string,
    at: Date,
  ): Promise<StoredMessage> {
    const createdAt = at.toISOString();
    await this.db.send(
      new PutCommand({
        TableName: this.table,
        Item: { pk: messagesPk(userId, conversationId), sk: timeOrderedId(at), role, text, createdAt },
      }),
    );
    await this.db.send(
      new UpdateCommand({
        TableName: this.table,
        Key: conversationKey(userId, conversationId),
        UpdateExpression: 'SET updatedAt = :at',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':at': createdAt },
      }),
    );
    return { role, text, createdAt };
  }

  /** Deletes a conversation and its messages; false if the user has no such conversation. */
  async deleteConversation(userId: string, id: string): Promise<boolean> {
    try {
      await this.db.send(
        new DeleteCommand({
          TableName: this.table,
          Key: conversationKey(userId, id),
          ConditionExpression: 'attribute_exists(pk)',
        }),
      );
    } catch (error) {
      if (isConditionFailed(error)) return false;
      throw error;
    }
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.db.send(
        new QueryCommand({
          TableName: this.table,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': messagesPk(userId, id) },
          ProjectionExpression: 'pk, sk',
          ExclusiveStartKey: start,
        }),
      );
      const keys = page.Items ?? [];
      for (let i = 0; i < keys.length; i += 25) {
        let requests = keys
          .slice(i, i + 25)
          .map((key) => ({ DeleteRequest: { Key: { pk: key.pk, sk: key.sk } } }));
        while (requests.length > 0) {
          const answer = await this.db.send(
            new BatchWriteCommand({ RequestItems: { [this.table]: requests } }),
          );
          requests = (answer.UnprocessedItems?.[this.table] ?? []) as typeof requests;
        }
      }
      start = page.LastEvaluatedKey;
    } while (start);
    return true;
  }

  /**
   * Counts a message against the user's fixed-window limit. Answers the seconds to wait when the
   * window is full, or 0 when the message may go ahead.
   */
  async takeRateToken(userId: string, at: Date, limit: number, windowSeconds: number): Promise<number> {
    const nowS = Math.floor(at.getTime() / 1000);
    const windowStart = nowS - (nowS % windowSeconds);
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { pk: `USER#${userId}`, sk: `RATE#${windowStart}` },
          UpdateExpression: 'ADD messages :one SET expiresAt = :expires',
          ConditionExpression: 'attribute_not_exists(messages) OR messages < :limit',
          ExpressionAttributeValues: {
            ':one': 1,
            ':limit': limit,
            ':expires': windowStart + windowSeconds * 2,
          },
        }),
      );
      return 0;
    } catch (error) {
      if (isConditionFailed(error)) return windowStart + windowSeconds - nowS;
      throw error;
    }
  }
}

function toConversation(item: Record<string, unknown>): Conversation {
  return {
    id: String(item.id),
    title: String(item.title),
    createdAt: String(item.createdAt),
    updatedAt: String(item.updatedAt),
  };
}
