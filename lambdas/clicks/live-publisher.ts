import { fromEnv } from '@aws-sdk/credential-provider-env';
import { awsClientSettings, type Environment, requiredEnv } from '../shared/env';
import type { SignatureV4 } from '@smithy/signature-v4';
import { eventSigner, signedPostHeaders } from '../shared/event-signing';
import { TOTALS_CHANNEL, type TotalsEvent } from '../contract/live-events';

/** A publish must not hold the aggregator (and the stream behind it) for long. */
const PUBLISH_TIMEOUT_MS = 2_000;

export class PublishFailed extends Error {
  override readonly name = 'PublishFailed';
}

/**
 * Publishes the totals to the Events API over HTTP (`POST /event`), signed with the function's own
 * role, the only principal allowed to publish on the namespace.
 */
export class LivePublisher {
  constructor(
    private readonly url: URL,
    private readonly signer: SignatureV4,
  ) {}

  /** Signed with the configuration's credentials (in Lambda the role's, from its environment). */
  static fromEnvironment(url: string, env: Environment): LivePublisher {
    const { credentials } = awsClientSettings(env, '');
    return new LivePublisher(
      new URL(url),
      eventSigner(requiredEnv(env, 'AWS_REGION'), credentials ?? fromEnv()),
    );
  }

  async publish(event: TotalsEvent): Promise<void> {
    const body = JSON.stringify({ channel: TOTALS_CHANNEL, events: [JSON.stringify(event)] });
    const headers = await signedPostHeaders(this.signer, this.url, body);
    const answer = await fetch(this.url, {
      method: 'POST',
      headers,
      body,
      signal: AbortSignal.timeout(PUBLISH_TIMEOUT_MS),
    });
    const text = await answer.text();
    if (!answer.ok)
      throw new PublishFailed(`The Events API answered ${answer.status}: ${text.slice(0, 200)}`);
    const result = JSON.parse(text) as { failed?: unknown[] };
    if (result.failed?.length)
      throw new PublishFailed(`The Events API refused the event: ${text.slice(0, 200)}`);
  }
}
