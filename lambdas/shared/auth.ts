import { CognitoJwtVerifier, JwtRsaVerifier } from 'aws-jwt-verify';
import { SimpleJwksCache } from 'aws-jwt-verify/jwk';
import type { JwtPayload } from 'aws-jwt-verify/jwt-model';
import { ENV } from '../contract/functions';
import { type Environment, requiredEnv } from './env';
import { serviceUnavailable, unauthorized } from './errors';
import { jwksFetcher, JwksUnavailableError } from './jwks-fetcher';
import { rememberVerifiedTokens } from './verified-tokens';

export interface AuthUser {
  /** The Cognito `sub`: stable, never reused. */
  readonly userId: string;
  /** The Cognito username (the lower-case form of what the user typed). */
  readonly username: string;
}

/** Verifies an access token and answers its claims; throws when the token is not one of ours. */
export type TokenVerifier = (token: string) => Promise<JwtPayload>;

/**
 * The local verifier trusts an issuer whose signing key ships in an npm package. Inside Lambda that
 * would let anyone mint tokens, so a function configured with it fails its cold start instead.
 */
export function refuseLocalVerifierInLambda(env: Environment): void {
  if (env[ENV.authJwksUrl] && env.AWS_LAMBDA_FUNCTION_NAME) {
    throw new Error('AUTH_JWKS_URL (local mode only) is set inside AWS Lambda: refusing to trust its issuer');
  }
}

/**
 * In AWS we trust only the stage's Cognito user pool. In local mode (AUTH_JWKS_URL set) we trust
 * cognito-local's issuer, whose JWKS is served over plain http. Both fetch their keys with our fetcher,
 * so a JWKS that cannot be fetched is told apart from an invalid token (503, not 401).
 */
function buildVerifier(env: Environment): TokenVerifier {
  refuseLocalVerifierInLambda(env);
  const clientId = requiredEnv(env, ENV.userPoolClientId);
  const jwksCache = new SimpleJwksCache({ fetcher: jwksFetcher() });
  const jwksUri = env[ENV.authJwksUrl];
  if (!jwksUri) {
    const verifier = CognitoJwtVerifier.create(
      { userPoolId: requiredEnv(env, ENV.userPoolId), tokenUse: 'access', clientId },
      { jwksCache },
    );
    return (token) => verifier.verify(token);
  }
  const verifier = JwtRsaVerifier.create(
    {
      issuer: requiredEnv(env, ENV.authIssuer),
      jwksUri,
      audience: null,
      customJwtCheck: ({ payload }) => {
        if (payload.token_use !== 'access' || payload.client_id !== clientId)
          throw new Error('Not an access token of this app');
      },
    },
    { jwksCache },
  );
  return (token) => verifier.verify(token);
}

/** The verifier of the configured issuer (the stage's user pool, or cognito-local), built once. */
export const cognitoVerifier = (env: Environment): TokenVerifier =>
  rememberVerifiedTokens(buildVerifier(env));

const BEARER = /^Bearer\s+(\S+)\s*$/i;

/**
 * Resolves the caller from the Authorization header. No header → undefined (the route decides whether
 * that is allowed); a header that is present but not a valid token of ours → 401, on every route.
 */
export async function authenticate(
  authorization: string | undefined,
  verify: TokenVerifier,
): Promise<AuthUser | undefined> {
  if (authorization === undefined || authorization === '') return undefined;
  const match = BEARER.exec(authorization);
  if (!match) throw unauthorized('Authorization must be "Bearer <access token>"');
  let payload: JwtPayload;
  try {
    payload = await verify(match[1]);
  } catch (error) {
    // A 401 signs the user out; when the keys cannot be fetched the token may well be valid.
    if (error instanceof JwksUnavailableError)
      throw serviceUnavailable('The sign-in service is not reachable right now; try again shortly', 5);
    throw unauthorized('Your session is invalid or has expired; sign in again');
  }
  const { sub, username } = payload;
  if (typeof sub !== 'string' || typeof username !== 'string') throw unauthorized('Token has no user');
  return { userId: sub, username };
}
