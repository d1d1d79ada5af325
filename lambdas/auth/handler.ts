import { dynamo } from '../shared/clients';
import { requiredEnv } from '../shared/env';
import { conflict, tooManyRequests, unauthorized } from '../shared/errors';
import { createAreaHandler, reply, requireUser } from '../shared/http';
import { countMetric } from '../shared/metrics';
import { perConfiguration } from '../shared/per-configuration';
import {
  InvalidCredentialsError,
  SignInThrottledError,
  UsernameTakenError,
  createUser,
  displayName,
  signIn,
} from './identity-store';
import { authSchemas } from './schemas';
import { SignInGuard } from './sign-in-guard';

const signInGuard = perConfiguration(
  ['AUTH_TABLE', 'AWS_ENDPOINT_URL_DYNAMODB'],
  () => new SignInGuard(dynamo(), requiredEnv('AUTH_TABLE')),
);

export const handler = createAreaHandler('auth', authSchemas, {
  register: async ({ body }) => {
    try {
      await createUser(body.username, body.password);
    } catch (error) {
      if (error instanceof UsernameTakenError) throw conflict('That username is taken', 'USERNAME_TAKEN');
      throw error;
    }
    countMetric('registrations');
    return reply(201, { message: 'User registered successfully' });
  },

  login: async ({ body }) => {
    const now = new Date();
    const wait = await signInGuard().retryAfter(body.username, now);
    if (wait > 0)
      throw tooManyRequests(`Too many failed sign-ins for this name; try again in ${wait} s`, wait);
    try {
      const session = await signIn(body.username, body.password);
      return reply(200, {
        access_token: session.accessToken,
        token_type: 'Bearer',
        expires_in: session.expiresIn,
      });
    } catch (error) {
      if (error instanceof InvalidCredentialsError) {
        await signInGuard().recordFailure(body.username, now);
        countMetric('failedLogins');
        // One answer for an unknown user and a wrong password, so names cannot be probed.
        throw unauthorized('Invalid username or password');
      }
      if (error instanceof SignInThrottledError)
        throw tooManyRequests('Too many sign-in attempts; wait a moment', 30);
      throw error;
    }
  },

  getMe: async (request) => {
    const user = requireUser(request);
    return reply(200, { username: await displayName(user.username), user_id: user.userId });
  },
});
