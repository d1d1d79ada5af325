/**
 * What the aggregator makes of the clicks table's stream, as plain functions: which records are
 * clicks, how many and in which minute, and how a batch is cut into writes.
 */
import { minuteKey } from './domain';

/** A stream image as Lambda delivers it: DynamoDB's attribute-value JSON. */
type Image = Readonly<Record<string, { readonly N?: string; readonly S?: string } | undefined>>;

export interface StreamRecord {
  readonly eventName?: string;
  readonly eventSourceARN?: string;
  readonly dynamodb?: {
    readonly SequenceNumber?: string;
    readonly ApproximateCreationDateTime?: number;
    readonly NewImage?: Image;
    readonly OldImage?: Image;
  };
}

export interface ClickChange {
  readonly sequenceNumber: string;
  /** Clicks this change added (a user item's count only ever grows, one click a write). */
  readonly clicks: number;
  readonly minute: string;
}

const numberOf = (image: Image | undefined, name: string): number => Number(image?.[name]?.N ?? 0);

/**
 * The clicks a record adds: the user's count after the write less the count before. A record that
 * adds none (an item removed by hand) is a change of 0 clicks, which still moves the checkpoint.
 */
export function clickChangeOf(
  record: StreamRecord,
  userAttributes: ClickAttributes,
): ClickChange | undefined {
  const data = record.dynamodb;
  if (!data?.SequenceNumber) return undefined;
  const clicks =
    numberOf(data.NewImage, userAttributes.count) - numberOf(data.OldImage, userAttributes.count);
  // The minute of the click itself, from the server's clock at the write; the stream's own time
  // is only to the second and later than the click.
  const at =
    numberOf(data.NewImage, userAttributes.clickedAt) || (data.ApproximateCreationDateTime ?? 0) * 1000;
  return {
    sequenceNumber: data.SequenceNumber,
    clicks: Math.max(0, clicks),
    minute: minuteKey(new Date(at)),
  };
}

/** The user item's attributes the aggregator reads: the store that writes them names them. */
export interface ClickAttributes {
  readonly count: string;
  readonly clickedAt: string;
}

/**
 * Sequence numbers are decimal strings that grow within a shard; padded to one width they compare as
 * strings, which is what a DynamoDB condition can do.
 */
export const sequenceKey = (sequenceNumber: string): string => sequenceNumber.padStart(40, '0');

export interface BatchPart {
  readonly firstSequence: string;
  readonly lastSequence: string;
  readonly total: number;
  readonly minutes: ReadonlyMap<string, number>;
}

/**
 * Cuts a shard's records (in stream order) into parts of at most `maxMinutes` distinct minutes, so
 * that each part is one transaction (a transaction takes at most 100 items: the checkpoint, the
 * total and the minutes). A normal batch spans one or two minutes and is one part; a backlog after
 * an outage is several.
 */
export function batchParts(changes: readonly ClickChange[], maxMinutes: number): BatchPart[] {
  const parts: BatchPart[] = [];
  let current: { first: string; last: string; total: number; minutes: Map<string, number> } | undefined;
  for (const change of changes) {
    const fits =
      current !== undefined && (current.minutes.has(change.minute) || current.minutes.size < maxMinutes);
    if (!current || !fits) {
      if (current) parts.push(finish(current));
      current = { first: change.sequenceNumber, last: change.sequenceNumber, total: 0, minutes: new Map() };
    }
    current.last = change.sequenceNumber;
    if (change.clicks > 0) {
      current.total += change.clicks;
      current.minutes.set(change.minute, (current.minutes.get(change.minute) ?? 0) + change.clicks);
    }
  }
  if (current) parts.push(finish(current));
  return parts;
}

function finish(part: {
  first: string;
  last: string;
  total: number;
  minutes: Map<string, number>;
}): BatchPart {
  return { firstSequence: part.first, lastSequence: part.last, total: part.total, minutes: part.minutes };
}

/** The changes of a part that come after a checkpoint already stored (a replay's new tail). */
export const after = (changes: readonly ClickChange[], checkpoint: string): ClickChange[] =>
  changes.filter((c) => sequenceKey(c.sequenceNumber) > checkpoint);
