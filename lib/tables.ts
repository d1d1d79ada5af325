/**
 * Each DynamoDB table, described once. The CDK data stack and the local bootstrap both read this.
 * Every table uses string keys `pk` and `sk`, so the store modules share one item shape.
 */
export interface TableDefinition {
  readonly partitionKey: string;
  readonly sortKey: string;
  /** Attribute holding an epoch-seconds expiry; readers must still treat expired items as absent. */
  readonly timeToLiveAttribute?: string;
}

export const tables = {
  clicks: { partitionKey: 'pk', sortKey: 'sk', timeToLiveAttribute: 'expiresAt' },
} as const satisfies Record<string, TableDefinition>;

export type TableKey = keyof typeof tables;
export const tableKeys = Object.keys(tables) as TableKey[];
