import {
  BatchWriteCommand,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import { DEFAULT_CHAT_LIMITS, type ChatLimits } from '../contract/chat-limits';
import { TIME_ORDERED_ID, timeOrderedId } from '../shared/ids';
import { queryPage } from '../shared/paged-query';
import { prefixedKey } from '../shared/pagination';
import { cancellationReasons, isConditionFailed } from '../shared/store-support';
import type { ChatTurn } from './providers/provider';
import { LimitReached, NotFound, TryLater } from '../shared/domain-errors';
import { withRetries } from '../shared/retry';

/**
 * All DynamoDB access of the chat area. Item layout (every item has `pk` and `sk`):
 * - `USER#<userId>` / `CONV#<conversationId>`: a conversation's title and times;
 * - `MSGS#<userId>#<conversationId>` / `<messageId>`: its messages, in time order;
 * - `USER#<userId>` / `RATE#<window start>`: messages sent in a rate-limit window (expires);
 * - `USER#<userId>` / `CONVERSATIONS`: how many conversations the user has (attribute `conversations`).
 * A conversation counts the messages its user sent (`userMessages`), and carries `deleting` from the
 * moment its deletion starts: from then on it accepts no message and is no longer found or listed.
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
  /** A reply the model did not finish (it failed, ran out of time, or the user stopped it). */
  readonly incomplete?: true;
}

export interface Page<T> {
  readonly items: T[];
  /** Leads to the next page; null on the last one. */
  readonly nextCursor: string | null;
}

/** A page of a conversation's messages: oldest first, `nextCursor` leads to the earlier ones. */
export interface MessagePage {
  readonly messages: StoredMessage[];
  readonly nextCursor: string | null;
}

/** The user already has as many conversations as they may keep. */
export class ConversationLimitError extends LimitReached {
  constructor(readonly cap: number) {
    super(
      `You can keep at most ${cap} conversations with RangerAI; delete one to start another`,
      'CONVERSATION_LIMIT',
    );
    this.name = 'ConversationLimitError';
  }
}

/** The conversation already holds as many of the user's messages as it may. */
export class MessageLimitError extends LimitReached {
  constructor(readonly cap: number) {
    super(`A conversation takes at most ${cap} of your messages; start a new one to go on`, 'MESSAGE_LIMIT');
    this.name = 'MessageLimitError';
  }
}

/** The conversation does not exist (any more), or its deletion has begun. */
export class ConversationGoneError extends NotFound {
  constructor() {
    super('No such conversation');
    this.name = 'ConversationGoneError';
  }
}

/** DynamoDB left some of a batch's deletions for later. */
class UnprocessedDeletions extends Error {}

export type StoreLimits = Pick<ChatLimits, 'conversationsPerUser' | 'messagesPerConversation'>;

const conversationKey = (userId: string, id: string) => ({ pk: `USER#${userId}`, sk: `CONV#${id}` });
const conversationCountKey = (userId: string) => ({ pk: `USER#${userId}`, sk: 'CONVERSATIONS' });
const messagesPk = (userId: string, id: string) => `MSGS#${userId}#${id}`;
/** DynamoDB's most items in one BatchWriteItem. */
const BATCH_SIZE = 25;

export class ChatStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
    private readonly limits: StoreLimits = DEFAULT_CHAT_LIMITS,
  ) {}

  /** Creates a conversation, or throws ConversationLimitError when the user is at the cap. */
  async createConversation(userId: string, title: string, at: Date): Promise<Conversation> {
    const conversation = {
      id: timeOrderedId(at),
      title,
      createdAt: at.toISOString(),
      updatedAt: at.toISOString(),
    };
    const cap = this.limits.conversationsPerUser;
    try {
      await this.db.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.table,
                // userMessages also marks it as counted under the cap (see deleteConversation).
                Item: { ...conversationKey(userId, conversation.id), ...conversation, userMessages: 0 },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            {
              Update: {
                TableName: this.table,
                Key: conversationCountKey(userId),
                UpdateExpression: 'ADD conversations :one',
                ConditionExpression: 'attribute_not_exists(conversations) OR conversations < :cap',
                ExpressionAttributeValues: { ':one': 1, ':cap': cap },
              },
            },
          ],
        }),
      );
    } catch (error) {
      if (cancellationReasons(error)?.[1] === 'ConditionalCheckFailed') throw new ConversationLimitError(cap);
      throw error;
    }
    return conversation;
  }

  /** The conversation, unless there is none or its deletion has begun. */
  async getConversation(userId: string, id: string): Promise<Conversation | undefined> {
    const item = await this.conversationItem(userId, id);
    return item && item.deleting === undefined ? toConversation(item) : undefined;
  }

  private async conversationItem(userId: string, id: string): Promise<Record<string, unknown> | undefined> {
    const answer = await this.db.send(
      new GetCommand({ TableName: this.table, Key: conversationKey(userId, id), ConsistentRead: true }),
    );
    return answer.Item;
  }

  /** A page of the user's conversations, newest first; a cursor of another list or user is refused. */
  async listConversations(
    userId: string,
    limit: number,
    cursor: string | undefined,
  ): Promise<Page<Conversation>> {
    const pk = `USER#${userId}`;
    const page = await queryPage(this.db, {
      query: {
        TableName: this.table,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :conv)',
        ExpressionAttributeValues: { ':pk': pk, ':conv': 'CONV#' },
        FilterExpression: 'attribute_not_exists(deleting)',
      },
      scope: `conversations:${userId}`,
      cursorKey: { pk, sk: prefixedKey('CONV#', TIME_ORDERED_ID) },
      cursor,
      limit,
    });
    return { items: page.items.map(toConversation), nextCursor: page.nextCursor };
  }

  /**
   * The conversation's latest `count` messages, oldest first: one bounded Query read backwards, so a
   * message costs the same to answer however long its conversation is.
   */
  async recentMessages(userId: string, id: string, count: number): Promise<StoredMessage[]> {
    const page = await this.db.send(
      new QueryCommand({
        TableName: this.table,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': messagesPk(userId, id) },
        ScanIndexForward: false,
        Limit: count,
        ConsistentRead: true,
      }),
    );
    return (page.Items ?? []).map(toMessage).reverse();
  }

  /**
   * One page of a conversation's messages, the latest first: a chat shows its end and reaches back.
   * The page itself is oldest first; its cursor is bound to this user's conversation.
   */
  async messagePage(
    userId: string,
    id: string,
    limit: number,
    cursor: string | undefined,
  ): Promise<MessagePage> {
    const pk = messagesPk(userId, id);
    const page = await queryPage(this.db, {
      query: {
        TableName: this.table,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': pk },
        ConsistentRead: true,
      },
      scope: `messages:${userId}:${id}`,
      cursorKey: { pk, sk: TIME_ORDERED_ID },
      cursor,
      limit,
    });
    return { messages: page.items.map(toMessage).reverse(), nextCursor: page.nextCursor };
  }

  /**
   * Appends a message, in one transaction with the conversation's update, so a message is only ever
   * stored in a conversation that exists and is not being deleted (else ConversationGoneError). The
   * user's own messages count against the conversation's cap (else MessageLimitError); a reply does
   * not, so the message it answers always has room for it.
   */
  async addMessage<R extends ChatTurn['role']>(
    userId: string,
    conversationId: string,
    role: R,
    text: string,
    at: Date,
    options: { incomplete?: boolean } = {},
  ): Promise<StoredMessage & { readonly role: R }> {
    const incomplete = options.incomplete ? ({ incomplete: true } as const) : {};
    const createdAt = at.toISOString();
    const cap = this.limits.messagesPerConversation;
    const counted = role === 'user';
    try {
      await this.db.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: this.table,
                Key: conversationKey(userId, conversationId),
                UpdateExpression: counted
                  ? 'SET updatedAt = :at ADD userMessages :one'
                  : 'SET updatedAt = :at',
                ConditionExpression: counted
                  ? 'attribute_exists(pk) AND attribute_not_exists(deleting) AND (attribute_not_exists(userMessages) OR userMessages < :cap)'
                  : 'attribute_exists(pk) AND attribute_not_exists(deleting)',
                ExpressionAttributeValues: counted
                  ? { ':at': createdAt, ':one': 1, ':cap': cap }
                  : { ':at': createdAt },
              },
            },
            {
              Put: {
                TableName: this.table,
                Item: {
                  pk: messagesPk(userId, conversationId),
                  sk: timeOrderedId(at),
                  role,
                  text,
                  createdAt,
                  ...incomplete,
                },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
          ],
        }),
      );
    } catch (error) {
      if (cancellationReasons(error)?.[0] !== 'ConditionalCheckFailed') throw error;
      // The write was refused as a whole; this read only says why.
      const item = await this.conversationItem(userId, conversationId);
      if (!item || item.deleting !== undefined) throw new ConversationGoneError();
      throw new MessageLimitError(cap);
    }
    return { role, text, createdAt, ...incomplete };
  }

  /**
   * Deletes a conversation and its messages; false if the user has no such conversation. Safe to
   * retry after a failure at any step: the conversation is marked first, which stops new messages,
   * then its messages go, and the conversation itself last, so a retry finds it and finishes.
   */
  async deleteConversation(userId: string, id: string): Promise<boolean> {
    let marked: Record<string, unknown> | undefined;
    try {
      marked = (
        await this.db.send(
          new UpdateCommand({
            TableName: this.table,
            Key: conversationKey(userId, id),
            UpdateExpression: 'SET deleting = :now',
            ConditionExpression: 'attribute_exists(pk)',
            ExpressionAttributeValues: { ':now': new Date().toISOString() },
            ReturnValues: 'ALL_NEW',
          }),
        )
      ).Attributes;
    } catch (error) {
      if (isConditionFailed(error)) return false;
      throw error;
    }
    await this.deleteMessages(userId, id);
    // Conversations from before the cap carry no userMessages and were never counted.
    const counted = marked?.userMessages !== undefined;
    try {
      await this.db.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Delete: {
                TableName: this.table,
                Key: conversationKey(userId, id),
                ConditionExpression: 'attribute_exists(pk)',
              },
            },
            ...(counted
              ? [
                  {
                    Update: {
                      TableName: this.table,
                      Key: conversationCountKey(userId),
                      UpdateExpression: 'ADD conversations :minusOne',
                      ExpressionAttributeValues: { ':minusOne': -1 },
                    },
                  },
                ]
              : []),
          ],
        }),
      );
    } catch (error) {
      // A concurrent deletion of the same conversation finished first.
      if (cancellationReasons(error)?.[0] !== 'ConditionalCheckFailed') throw error;
    }
    return true;
  }

  private async deleteMessages(userId: string, id: string): Promise<void> {
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.db.send(
        new QueryCommand({
          TableName: this.table,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': messagesPk(userId, id) },
          ProjectionExpression: 'pk, sk',
          ConsistentRead: true,
          ExclusiveStartKey: start,
        }),
      );
      const keys = page.Items ?? [];
      for (let i = 0; i < keys.length; i += BATCH_SIZE) {
        await this.deleteBatch(
          keys
            .slice(i, i + BATCH_SIZE)
            .map((key) => ({ DeleteRequest: { Key: { pk: key.pk, sk: key.sk } } })),
        );
      }
      start = page.LastEvaluatedKey;
    } while (start);
  }

  /**
   * One BatchWriteItem of deletions, sending again what DynamoDB left unprocessed (it does so when
   * busy) after the shared back-off. Still unfinished after every try: TryLater, and the deletion,
   * which is safe to repeat, goes on when the user asks again.
   */
  private async deleteBatch(requests: { DeleteRequest: { Key: Record<string, unknown> } }[]): Promise<void> {
    let pending = requests;
    try {
      await withRetries(
        async () => {
          const answer = await this.db.send(
            new BatchWriteCommand({ RequestItems: { [this.table]: pending } }),
          );
          pending = (answer.UnprocessedItems?.[this.table] ?? []) as typeof pending;
          if (pending.length > 0) throw new UnprocessedDeletions();
        },
        (error) => error instanceof UnprocessedDeletions,
      );
    } catch (error) {
      if (!(error instanceof UnprocessedDeletions)) throw error;
      throw new TryLater('The conversation is still being deleted; try again in a moment', 1);
    }
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

function toMessage(item: Record<string, unknown>): StoredMessage {
  return {
    role: item.role === 'assistant' ? 'assistant' : 'user',
    text: String(item.text),
    createdAt: String(item.createdAt),
    ...(item.incomplete === true ? ({ incomplete: true } as const) : {}),
  };
}

function toConversation(item: Record<string, unknown>): Conversation {
  return {
    id: String(item.id),
    title: String(item.title),
    createdAt: String(item.createdAt),
    updatedAt: String(item.updatedAt),
  };
}
