/**
 * Each DynamoDB table, described once. The CDK data stack and the local bootstrap both read this.
 * Every table uses string keys `pk` and `sk`, so the store modules share one item shape.
 */
export interface IndexDefinition {
  readonly partitionKey: string;
  readonly sortKey: string;
}

export interface TableDefinition {
  readonly partitionKey: string;
  readonly sortKey: string;
  /** Attribute holding an epoch-seconds expiry; readers must still treat expired items as absent. */
  readonly timeToLiveAttribute?: string;
  /** Global secondary indexes (string keys, all attributes projected), by index name. */
  readonly indexes?: Readonly<Record<string, IndexDefinition>>;
  /** A DynamoDB stream of the table's changes, with both images (a consumer computes deltas). */
  readonly stream?: 'NEW_AND_OLD_IMAGES';
}

export const tables = {
  /** Failed sign-in counters per username and time window (which expire). */
  auth: { partitionKey: 'pk', sortKey: 'sk', timeToLiveAttribute: 'expiresAt' },
  /** One item per user (the user's clicks); its stream feeds the click aggregator. */
  clicks: { partitionKey: 'pk', sortKey: 'sk', stream: 'NEW_AND_OLD_IMAGES' },
  /** The global total, the clicks per minute and the aggregator's per-shard checkpoints (which expire). */
  clickTotals: { partitionKey: 'pk', sortKey: 'sk', timeToLiveAttribute: 'expiresAt' },
  /** Catalog with rating statistics, reviews (one per user and park), posts. */
  parks: {
    partitionKey: 'pk',
    sortKey: 'sk',
    indexes: { byTime: { partitionKey: 'gsi1pk', sortKey: 'gsi1sk' } },
  },
  /** Quiz results per user. */
  quiz: { partitionKey: 'pk', sortKey: 'sk' },
  /** Saved locations per user, with a per-user count for the cap. */
  locations: { partitionKey: 'pk', sortKey: 'sk' },
  /** RangerAI conversations, their messages and per-user rate-limit windows (which expire). */
  chat: { partitionKey: 'pk', sortKey: 'sk', timeToLiveAttribute: 'expiresAt' },
} as const satisfies Record<string, TableDefinition>;

export type TableKey = keyof typeof tables;
export const tableKeys = Object.keys(tables) as TableKey[];
