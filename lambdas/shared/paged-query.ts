import { QueryCommand, type DynamoDBDocumentClient, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { decodeCursor, encodeCursor, invalidCursor } from './pagination';
import { type CapacityMeter, errorName } from './store-support';

/**
 * The two ways a store reads a partition (apart from the cursor and schema pieces in pagination.ts,
 * which every function's schemas import without the SDK): one page of a list for a client, and every
 * item for the store itself.
 */

type Item = Record<string, unknown>;

/** The Query a page or a full read runs; paging (Limit, ExclusiveStartKey) is the helpers' part. */
export type PartitionQuery = Omit<
  QueryCommandInput,
  'Limit' | 'ExclusiveStartKey' | 'ReturnConsumedCapacity'
>;

export interface ListPage {
  /** The query of the list, newest first (ScanIndexForward false) unless it says otherwise. */
  readonly query: PartitionQuery;
  /**
   * Binds cursors to this list and its owner (e.g. `reviews:<park>`, `messages:<user>:<id>`): a
   * cursor of another scope is refused.
   */
  readonly scope: string;
  /**
   * The key a cursor of this list resumes after: every attribute, with its exact value (the list's
   * partition, so a cursor cannot be pointed at another one) or the pattern of its values.
   */
  readonly cursorKey: Readonly<Record<string, string | RegExp>>;
  readonly cursor: string | undefined;
  readonly limit: number;
  /** Counts the read units, for the bench and tests that ask. */
  readonly meter?: CapacityMeter;
}

/**
 * One page of a list: `limit` items and an opaque cursor to the next page, null exactly when nothing
 * follows (one item more than asked is read to know; a page a filter thinned out is read on from).
 * A cursor that was tampered with or belongs to another list or user is refused with InvalidInput.
 */
export async function queryPage(
  db: DynamoDBDocumentClient,
  page: ListPage,
): Promise<{ items: Item[]; nextCursor: string | null }> {
  const after = decodeCursor(page.scope, page.cursor, page.cursorKey);
  const items: Item[] = [];
  let start: Item | undefined = after;
  try {
    do {
      const answer = await db.send(
        new QueryCommand({
          ScanIndexForward: false,
          ...page.query,
          Limit: page.limit + 1 - items.length,
          ExclusiveStartKey: start,
          ReturnConsumedCapacity: page.meter?.request,
        }),
      );
      page.meter?.record('read', answer.ConsumedCapacity);
      items.push(...(answer.Items ?? []));
      start = answer.LastEvaluatedKey;
    } while (start && items.length <= page.limit);
  } catch (error) {
    // A cursor of the right shape can still name a key DynamoDB refuses to start from.
    if (after && errorName(error) === 'ValidationException') throw invalidCursor();
    throw error;
  }
  if (items.length <= page.limit) return { items, nextCursor: null };
  const shown = items.slice(0, page.limit);
  const last = shown[shown.length - 1];
  const resumeKey = Object.fromEntries(Object.keys(page.cursorKey).map((name) => [name, String(last[name])]));
  return { items: shown, nextCursor: encodeCursor(page.scope, resumeKey) };
}

/** Every item the query finds, page by page (for the store's own reads, never a client's list). */
export async function queryAll(
  db: DynamoDBDocumentClient,
  query: PartitionQuery,
  meter?: CapacityMeter,
): Promise<Item[]> {
  const items: Item[] = [];
  let start: Item | undefined;
  do {
    const answer = await db.send(
      new QueryCommand({ ...query, ExclusiveStartKey: start, ReturnConsumedCapacity: meter?.request }),
    );
    meter?.record('read', answer.ConsumedCapacity);
    items.push(...(answer.Items ?? []));
    start = answer.LastEvaluatedKey;
  } while (start);
  return items;
}
