import type { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { ENV, tableEnvName } from '../contract/functions';
import { dynamoClient } from '../shared/clients';
import { cognitoClient } from '../shared/cognito-client';
import { deployedHandler, requiredEnv } from '../shared/env';
import { tooManyRequests, unauthorized } from '../shared/errors';
import { createAreaHandler, reply, requireUser, type StoreDependencies } from '../shared/http';
import { businessMetrics } from '../shared/metrics';
import { IdentityStore, InvalidCredentialsError, type Session, SignInThrottledError } from './identity-store';
import { authSchemas } from './schemas';
import { SignInThrottle } from './sign-in-throttle';

export interface AuthDependencies extends StoreDependencies {
  /** By default a client of the configuration's user pool endpoint. */
  readonly cognito?: CognitoIdentityProviderClient;
}

/** The auth function, its user pool client and sign-in throttle built once from the configuration given. */
export function createHandler(dependencies: AuthDependencies) {
  const { env } = dependencies;
  const identities = new IdentityStore(
    dependencies.cognito ?? cognitoClient(env),
    requiredEnv(env, ENV.userPoolId),
    requiredEnv(env, ENV.userPoolClientId),
  );
  const signInThrottle = new SignInThrottle(
    dependencies.dynamo ?? dynamoClient(env),
    requiredEnv(env, tableEnvName('auth')),
  );
  const metrics = businessMetrics(env);
  return createAreaHandler(
    'auth',
    authSchemas,
    {
      register: async ({ body }) => {
        await identities.createUser(body.username, body.password);
        metrics.count('registrations');
        return reply(201, { message: 'User registered successfully' });
      },

      login: async ({ body, sourceAddress }) => {
        const reservation = await signInThrottle.reserve(body.username, sourceAddress, new Date());
        if (!reservation.granted)
          throw tooManyRequests(
            `Too many failed sign-ins from your address; try again in ${reservation.retryAfterSeconds} s`,
            reservation.retryAfterSeconds,
          );
        let session: Session;
        try {
          session = await identities.signIn(body.username, body.password);
        } catch (error) {
          if (error instanceof InvalidCredentialsError) {
            // The failure keeps its reservation: that is what counts it.
            metrics.count('failedLogins');
            // One answer for an unknown user and a wrong password, so names cannot be probed.
            throw unauthorized('Invalid username or password');
          }
          await reservation.giveBack();
          if (error instanceof SignInThrottledError)
            throw tooManyRequests('Too many sign-in attempts; wait a moment', 30);
          throw error;
        }
        await reservation.giveBack();
        return reply(200, {
          access_token: session.accessToken,
          token_type: 'Bearer',
          expires_in: session.expiresIn,
        });
      },

      getMe: async (request) => {
        const user = requireUser(request);
        return reply(200, { username: await identities.displayName(user.username), user_id: user.userId });
      },
    },
    dependencies,
  );
}

export const handler = deployedHandler(() => createHandler({ env: process.env }));
