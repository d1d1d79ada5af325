import {
  GetCommand,
  QueryCommand,
  type DynamoDBDocumentClient,
  type GetCommandInput,
  type QueryCommandInput,
  type TransactWriteCommandInput,
  type UpdateCommandInput,
} from '@aws-sdk/lib-dynamodb';
import type { DynamoCall } from './dynamo-probe';

/**
 * What DynamoDB's documented pricing rules say a call costs, from the sizes of the items it touched:
 * writes 1 WCU per started KB (2 in a transaction), reads 1 RCU per started 4 KB when strongly
 * consistent, half that when eventually consistent; a Query by the summed size of the items it
 * returns; a single-item write refused by its condition still costs the write of the item as it
 * stands. Computed independently of what the engine reports, so the two can be compared. Operations
 * the click path does not send are priced NaN, which the report prints as "-".
 */

type Item = Record<string, unknown>;
type Key = Record<string, unknown>;

export interface Units {
  read: number;
  write: number;
}

/** DynamoDB's item size: attribute names plus values (numbers take ~1 byte per 2 significant digits + 1). */
export function itemBytes(item: Item): number {
  let bytes = 0;
  for (const [name, value] of Object.entries(item)) bytes += Buffer.byteLength(name) + valueBytes(value);
  return bytes;
}

function valueBytes(value: unknown): number {
  if (typeof value === 'string') return Buffer.byteLength(value);
  if (typeof value === 'number' || typeof value === 'bigint') {
    const digits = String(value).replace(/^-/, '').replace('.', '').replace(/^0+/, '').replace(/0+$/, '');
    return Math.ceil(Math.max(digits.length, 1) / 2) + 1;
  }
  if (typeof value === 'boolean' || value === null || value === undefined) return 1;
  if (value instanceof Uint8Array) return value.byteLength;
  if (value instanceof Set)
    return [...(value as Set<unknown>)].reduce<number>((n, v) => n + valueBytes(v), 0);
  if (Array.isArray(value)) return 3 + value.reduce<number>((n, v) => n + 1 + valueBytes(v), 0);
  if (typeof value === 'object') {
    return 3 + Object.entries(value).reduce((n, [k, v]) => n + 1 + Buffer.byteLength(k) + valueBytes(v), 0);
  }
  return 0;
}

const writeUnits = (bytes: number): number => Math.max(1, Math.ceil(bytes / 1024));
const readUnits = (bytes: number, consistent: boolean): number =>
  Math.max(1, Math.ceil(bytes / 4096)) * (consistent ? 1 : 0.5);

/** Reads current item sizes with a client of its own, so the lookups are not themselves measured. */
export class ItemSizes {
  private readonly cache = new Map<string, number>();
  largest = 0;

  constructor(private readonly db: DynamoDBDocumentClient) {}

  async of(table: string, key: Key): Promise<number> {
    const id = `${table}|${JSON.stringify(key)}`;
    let bytes = this.cache.get(id);
    if (bytes === undefined) {
      const answer = await this.db.send(new GetCommand({ TableName: table, Key: key, ConsistentRead: true }));
      bytes = answer.Item ? this.note(itemBytes(answer.Item)) : 0;
      this.cache.set(id, bytes);
    }
    return bytes;
  }

  /** The full items one Query call reads (a projection does not lower its price), summed. */
  async ofQuery(input: QueryCommandInput): Promise<number> {
    // Same request, same page, but whole items: the page boundary matches because it is set by Limit
    // and by the 1 MB read size, neither of which a projection changes.
    const page = await this.db.send(
      new QueryCommand({
        ...input,
        ProjectionExpression: undefined,
        ExpressionAttributeNames: withoutProjectionNames(input),
        ReturnConsumedCapacity: undefined,
      }),
    );
    let bytes = 0;
    for (const item of page.Items ?? []) bytes += this.note(itemBytes(item));
    return bytes;
  }

  note(bytes: number): number {
    this.largest = Math.max(this.largest, bytes);
    return bytes;
  }
}

/** Names used only by the projection would make the Query invalid once the projection is dropped. */
function withoutProjectionNames(input: QueryCommandInput): Record<string, string> | undefined {
  const names = input.ExpressionAttributeNames;
  if (!names) return undefined;
  const used = `${input.KeyConditionExpression ?? ''} ${input.FilterExpression ?? ''}`;
  const kept = Object.fromEntries(
    Object.entries(names).filter(([placeholder]) => used.includes(placeholder)),
  );
  return Object.keys(kept).length > 0 ? kept : undefined;
}

/**
 * The units the documented rules charge for one call. Of failed calls only a refused conditional
 * write of one item is priced (DynamoDB bills it, and a 429 or replayed click is one); a cancelled
 * transaction is not.
 */
export async function formulaUnits(call: DynamoCall, sizes: ItemSizes): Promise<Units> {
  if (call.error) {
    const input = call.input as UpdateCommandInput;
    const refused = call.error === 'ConditionalCheckFailedException' && call.operation === 'UpdateItem';
    return {
      read: 0,
      write: refused ? writeUnits(await sizes.of(input.TableName ?? '', input.Key ?? {})) : 0,
    };
  }
  switch (call.operation) {
    case 'TransactWriteItems': {
      let write = 0;
      for (const action of (call.input as TransactWriteCommandInput).TransactItems ?? []) {
        // An update is priced on the larger of the item before and after; counters only grow, so after.
        const bytes = action.Put
          ? sizes.note(itemBytes(action.Put.Item ?? {}))
          : action.Update
            ? await sizes.of(action.Update.TableName ?? '', action.Update.Key ?? {})
            : action.Delete
              ? await sizes.of(action.Delete.TableName ?? '', action.Delete.Key ?? {})
              : await sizes.of(action.ConditionCheck?.TableName ?? '', action.ConditionCheck?.Key ?? {});
        write += 2 * writeUnits(bytes);
      }
      return { read: 0, write };
    }
    case 'UpdateItem': {
      const input = call.input as UpdateCommandInput;
      return { read: 0, write: writeUnits(await sizes.of(input.TableName ?? '', input.Key ?? {})) };
    }
    case 'GetItem': {
      const input = call.input as GetCommandInput;
      const bytes = await sizes.of(input.TableName ?? '', input.Key ?? {});
      return { read: readUnits(bytes, input.ConsistentRead === true), write: 0 };
    }
    case 'Query': {
      const input = call.input as QueryCommandInput;
      const bytes = await sizes.ofQuery(input);
      return { read: bytes === 0 ? 0 : readUnits(bytes, input.ConsistentRead === true), write: 0 };
    }
    default:
      return { read: Number.NaN, write: Number.NaN };
  }
}
