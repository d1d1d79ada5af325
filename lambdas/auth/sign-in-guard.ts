import { GetCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

export interface GuardPolicy {
  /** Failed sign-ins allowed per username in one window. */
  readonly maxFailures: number;
  readonly windowSeconds: number;
}

/** Five wrong passwords for a name within five minutes, then that name waits for the window to end. */
export const SIGN_IN_POLICY: GuardPolicy = { maxFailures: 5, windowSeconds: 300 };

/**
 * Throttles password guessing per username, the same in AWS and in local mode (cognito-local has no
 * lockout of its own). Items: `FAILED#<username>` / `<window start>`, counting failures, expiring.
 * Unknown names are counted too, so the answer never tells whether a name exists.
 */
export class SignInGuard {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
    private readonly policy: GuardPolicy = SIGN_IN_POLICY,
  ) {}

  private key(username: string, at: Date) {
    const nowS = Math.floor(at.getTime() / 1000);
    const windowStart = nowS - (nowS % this.policy.windowSeconds);
    return {
      key: { pk: `FAILED#${username.toLowerCase()}`, sk: String(windowStart) },
      nowS,
      windowEnd: windowStart + this.policy.windowSeconds,
    };
  }

  /** Seconds until this name may try again; 0 when it may try now. */
  async retryAfter(username: string, at: Date): Promise<number> {
    const { key, nowS, windowEnd } = this.key(username, at);
    const answer = await this.db.send(
      new GetCommand({ TableName: this.table, Key: key, ConsistentRead: true }),
    );
    const failures = Number(answer.Item?.failures ?? 0);
    return failures >= this.policy.maxFailures ? Math.max(1, windowEnd - nowS) : 0;
  }

  async recordFailure(username: string, at: Date): Promise<void> {
    const { key, windowEnd } = this.key(username, at);
    await this.db.send(
      new UpdateCommand({
        TableName: this.table,
        Key: key,
        UpdateExpression: 'ADD failures :one SET expiresAt = :expires',
        ExpressionAttributeValues: { ':one': 1, ':expires': windowEnd + this.policy.windowSeconds },
      }),
    );
  }
}
