import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { CLICK_ATTRIBUTES } from '../../lambdas/clicks/store';
import { TOTAL_KEY } from '../../lambdas/clicks/totals-store';
import { localAwsClientConfig } from '../../lib/local/dynamodb-local';

export interface DrainResult {
  readonly drained: boolean;
  readonly ms: number;
  readonly total: number;
  readonly userClicks: number;
}

const POLL_MS = 25;

/**
 * The bench's view of every click in local mode, straight from DynamoDB Local with a client of its
 * own (so the probe on the handlers' client never sees these reads): the sum of every user's count,
 * which is exact at once, and the aggregated total, which follows through the stream.
 */
export class ClickLedger {
  private readonly client: DynamoDBClient;
  private readonly db: DynamoDBDocumentClient;

  constructor(
    endpoint: string,
    private readonly clicksTable: string,
    private readonly totalsTable: string,
  ) {
    this.client = new DynamoDBClient(localAwsClientConfig(endpoint));
    this.db = DynamoDBDocumentClient.from(this.client);
  }

  /** The aggregated total as DynamoDB holds it now: a strongly consistent read of the total item. */
  async total(): Promise<number> {
    const answer = await this.db.send(
      new GetCommand({ TableName: this.totalsTable, Key: TOTAL_KEY, ConsistentRead: true }),
    );
    return Number(answer.Item?.clicks ?? 0);
  }

  /** Σ of every user item's clicks: the clicks table holds user items only. */
  async userClicks(): Promise<number> {
    let sum = 0;
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.db.send(
        new ScanCommand({
          TableName: this.clicksTable,
          ProjectionExpression: '#n',
          ExpressionAttributeNames: { '#n': CLICK_ATTRIBUTES.count },
          ConsistentRead: true,
          ExclusiveStartKey: start,
        }),
      );
      for (const item of page.Items ?? []) sum += Number(item[CLICK_ATTRIBUTES.count] ?? 0);
      start = page.LastEvaluatedKey;
    } while (start);
    return sum;
  }

  /**
   * Polls until the aggregated total equals Σ user clicks. Called when no click is arriving, so
   * equality means the stream has caught up.
   */
  async drained(timeoutMs: number): Promise<DrainResult> {
    const started = Date.now();
    for (;;) {
      const userClicks = await this.userClicks();
      const total = await this.total();
      const ms = Date.now() - started;
      if (total === userClicks || ms >= timeoutMs)
        return { drained: total === userClicks, ms, total, userClicks };
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }

  destroy(): void {
    this.client.destroy();
  }
}
