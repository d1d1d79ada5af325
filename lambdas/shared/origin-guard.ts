import { timingSafeEqual } from 'node:crypto';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { forbidden, serviceUnavailable } from './errors';
import { awsClientSettings, type Environment } from './env';

/** The header CloudFront adds to every request it sends the API (the site stack sets it on the origin). */
export const ORIGIN_SECRET_HEADER = 'x-origin-verify';

/** Whether a request came through CloudFront, and who its viewer is; one per function. */
export interface OriginGuard {
  /** Whether this function only takes requests that come through CloudFront (every function in AWS). */
  readonly active: boolean;
  /**
   * Refuses a request that did not come through the stage's CloudFront distribution, before any other
   * work: the API's own execute-api address must not be a way around the WAF and the edge cache.
   * Without the secret configured (local mode) every request passes. If the secret cannot be read,
   * nothing passes.
   */
  readonly refuseUnlessThroughCloudFront: (
    headers: Readonly<Record<string, string | undefined>>,
  ) => Promise<void>;
  /**
   * The viewer's address. Behind CloudFront the API's source address is CloudFront's, so it is taken
   * from `CloudFront-Viewer-Address` (`<ip>:<port>`) — but only where the guard has proven the request
   * came through CloudFront, which sets that header itself; anywhere else the header is just text a
   * client sent, and the TCP peer is the viewer.
   */
  readonly viewerAddress: (event: APIGatewayProxyEventV2) => string;
}

/**
 * The guard of a function configured with ORIGIN_SECRET_ARN. The secret's value is read from Secrets
 * Manager once per container; the SDK is imported on first use, so local mode (no secret) and the
 * bundles' start-up never load it.
 */
export function originGuard(env: Environment): OriginGuard {
  const secretId = env.ORIGIN_SECRET_ARN;
  let value: Promise<Buffer> | undefined;
  const readSecret = (id: string): Promise<Buffer> => {
    value ??= import('@aws-sdk/client-secrets-manager').then(async (sdk) => {
      const secret = await new sdk.SecretsManagerClient(
        awsClientSettings(env, 'AWS_ENDPOINT_URL_SECRETS_MANAGER'),
      ).send(new sdk.GetSecretValueCommand({ SecretId: id }));
      if (!secret.SecretString) throw new Error('the origin secret is empty');
      return Buffer.from(secret.SecretString);
    });
    // A failed read is not kept: the next request tries again.
    value.catch(() => (value = undefined));
    return value;
  };
  const active = secretId !== undefined && secretId !== '';
  return {
    active,
    refuseUnlessThroughCloudFront: async (headers) => {
      if (!secretId) return;
      let expected: Buffer;
      try {
        expected = await readSecret(secretId);
      } catch {
        throw serviceUnavailable('The API cannot check where this request came from right now; try again', 5);
      }
      const given = Buffer.from(headers[ORIGIN_SECRET_HEADER] ?? '');
      if (given.length !== expected.length || !timingSafeEqual(given, expected))
        throw forbidden('Use the site address: the API answers only requests that come through it');
    },
    viewerAddress: (event) => {
      const forwarded = event.headers['cloudfront-viewer-address'];
      if (active && forwarded) return forwarded.replace(/:\d+$/, '');
      // Events built by hand (tests, tools) may leave the request context out.
      const context = event.requestContext as APIGatewayProxyEventV2['requestContext'] | undefined;
      return context?.http.sourceIp ?? '';
    },
  };
}
