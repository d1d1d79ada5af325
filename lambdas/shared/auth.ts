import { CognitoJwtVerifier, JwtRsaVerifier } from 'aws-jwt-verify';
import type { Jwks } from 'aws-jwt-verify/jwk';
import type { JwtPayload } from 'aws-jwt-verify/jwt-model';
import { ENV } from '../contract/functions';
import { requiredEnv } from './env';
import { HttpError, serviceUnavailable, unauthorized } from './errors';
import { perConfiguration } from './per-configuration';

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
export function refuseLocalVerifierInLambda(env: NodeJS.ProcessEnv = process.env): void {
  if (env[ENV.authJwksUrl] && env.AWS_LAMBDA_FUNCTION_NAME) {
    throw new Error('AUTH_JWKS_URL (local mode only) is set inside AWS Lambda: refusing to trust its issuer');
  }
}
refuseLocalVerifierInLambda();

/**
 * In AWS we trust only the stage's Cognito user pool. In local mode (AUTH_JWKS_URL set) we trust
 * cognito-local's issuer; its JWKS is served over plain http, which the library's own fetcher refuses,
 * so we load it once ourselves and hand it to the verifier.
 */
function buildVerifier(): TokenVerifier {
  const clientId = requiredEnv(ENV.userPoolClientId);
  const jwksUrl = process.env[ENV.authJwksUrl];
  if (!jwksUrl) {
    const verifier = CognitoJwtVerifier.create({
      userPoolId: requiredEnv(ENV.userPoolId),
      tokenUse: 'access',
      clientId,
    });
    return (token) => verifier.verify(token);
  }
  const verifier = JwtRsaVerifier.create({
    issuer: requiredEnv(ENV.authIssuer),
    audience: null,
    customJwtCheck: ({ payload }) => {
      if (payload.token_use !== 'access' || payload.client_id !== clientId)
        throw new Error('Not an access token of this app');
    },
  });
  let jwksLoaded: Promise<void> | undefined;
  const loadJwks = async (): Promise<void> => {
    const response = await fetch(jwksUrl);
    if (!response.ok) throw new Error(`JWKS answered ${response.status}`);
    verifier.cacheJwks((await response.json()) as Jwks);
  };
  return async (token) => {
    jwksLoaded ??= loadJwks().catch((error: unknown) => {
      jwksLoaded = undefined;
      throw error;
    });
    try {
      await jwksLoaded;
    } catch {
      throw serviceUnavailable('The sign-in service is not reachable right now; try again shortly');
    }
    return verifier.verify(token);
  };
}

const configuredVerifier = perConfiguration(
  [ENV.userPoolId, ENV.userPoolClientId, ENV.authIssuer, ENV.authJwksUrl],
  buildVerifier,
);

/** The verifier of the function's configured issuer (the stage's user pool, or cognito-local). */
export const cognitoVerifier: TokenVerifier = (token) => configuredVerifier()(token);

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
    if (error instanceof HttpError) throw error;
    throw unauthorized('Your session is invalid or has expired; sign in again');
  }
  const { sub, username } = payload;
  if (typeof sub !== 'string' || typeof username !== 'string') throw unauthorized('Token has no user');
  return { userId: sub, username };
}
