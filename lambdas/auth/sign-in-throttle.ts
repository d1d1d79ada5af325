import { UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { isConditionFailed } from '../shared/store-support';
import { addressKey } from './address-key';

export interface SignInThrottlePolicy {
  readonly windowSeconds: number;
  /** Failed sign-ins for one name from one client in a window. */
  readonly perNameAndClient: number;
  /** Failed sign-ins from one client in a window, whatever the names. */
  readonly perClient: number;
}

/**
 * Five wrong passwords for a name from one client, or thirty for any names, within five minutes; then
 * that client waits for the window to end. The owner of the name, signing in from elsewhere, never waits.
 */
export const SIGN_IN_THROTTLE: SignInThrottlePolicy = {
  windowSeconds: 300,
  perNameAndClient: 5,
  perClient: 30,
};

export type Reservation =
  | { readonly granted: true; readonly giveBack: () => Promise<void> }
  | { readonly granted: false; readonly retryAfterSeconds: number };

/**
 * Throttles password guessing per (name, client) and per client, the same in AWS and in local mode
 * (cognito-local has no lockout of its own). Counting by client, not by name alone, means nobody can
 * lock an account by failing its sign-ins on purpose.
 *
 * An attempt takes a slot in both counters before it reaches Cognito, each with one conditional
 * UpdateItem (`ADD` under `attempts < limit`), so concurrent guesses can never all get through the
 * way they could with a read followed by a write. A sign-in that does not fail on its credentials
 * gives its slots back; a failed one keeps them until the window ends. Unknown names are counted like
 * known ones, so the answer never tells whether a name exists.
 *
 * Items: `SIGNIN#<client>#<name>` and `SIGNIN#<client>` / `<window start>`, counting `attempts`, expiring.
 */
export class SignInThrottle {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
    private readonly policy: SignInThrottlePolicy = SIGN_IN_THROTTLE,
  ) {}

  async reserve(username: string, clientAddress: string, at: Date): Promise<Reservation> {
    const nowS = Math.floor(at.getTime() / 1000);
    const windowStart = nowS - (nowS % this.policy.windowSeconds);
    const windowEnd = windowStart + this.policy.windowSeconds;
    const client = addressKey(clientAddress);
    const counters = [
      { pk: `SIGNIN#${client}#${username.toLowerCase()}`, limit: this.policy.perNameAndClient },
      { pk: `SIGNIN#${client}`, limit: this.policy.perClient },
    ].map(({ pk, limit }) => ({ key: { pk, sk: String(windowStart) }, limit }));

    const taken: (typeof counters)[number][] = [];
    const giveBack = async () => {
      // A slot that fails to come back counts as one failure until the window ends; nothing worse.
      await Promise.allSettled(taken.map(({ key }) => this.add(key, -1, windowEnd)));
    };
    for (const counter of counters) {
      try {
        await this.add(counter.key, 1, windowEnd, counter.limit);
      } catch (error) {
        await giveBack();
        if (isConditionFailed(error))
          return { granted: false, retryAfterSeconds: Math.max(1, windowEnd - nowS) };
        throw error;
      }
      taken.push(counter);
    }
    return { granted: true, giveBack };
  }

  private async add(key: Record<string, string>, by: number, windowEnd: number, limit?: number) {
    await this.db.send(
      new UpdateCommand({
        TableName: this.table,
        Key: key,
        UpdateExpression: 'ADD attempts :by SET expiresAt = :expires',
        ...(limit === undefined
          ? {}
          : { ConditionExpression: 'attribute_not_exists(attempts) OR attempts < :limit' }),
        ExpressionAttributeValues: {
          ':by': by,
          ':expires': windowEnd + this.policy.windowSeconds,
          ...(limit === undefined ? {} : { ':limit': limit }),
        },
      }),
    );
  }
}
