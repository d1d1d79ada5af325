import { dynamo } from '../shared/clients';
import { requiredEnv } from '../shared/env';
import { conflict, tooManyRequests, unauthorized } from '../shared/errors';
import { createAreaHandler, reply, requireUser } from '../shared/http';
import { countMetric } from '../shared/metrics';
import { perConfiguration } from '../shared/per-configuration';
import {
  InvalidCredentialsError,
  type Session,
  SignInThrottledError,
  UsernameTakenError,
  createUser,
  displayName,
  signIn,
} from './identity-store';
import { authSchemas } from './schemas';
import { SignInThrottle } from './sign-in-throttle';

const signInThrottle = perConfiguration(
  ['AUTH_TABLE', 'AWS_ENDPOINT_URL_DYNAMODB'],
  () => new SignInThrottle(dynamo(), requiredEnv('AUTH_TABLE')),
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

  login: async ({ body, sourceAddress }) => {
    const reservation = await signInThrottle().reserve(body.username, sourceAddress, new Date());
    if (!reservation.granted)
      throw tooManyRequests(
        `Too many failed sign-ins from your address; try again in ${reservation.retryAfterSeconds} s`,
        reservation.retryAfterSeconds,
      );
    let session: Session;
    try {
      session = await signIn(body.username, body.password);
    } catch (error) {
      if (error instanceof InvalidCredentialsError) {
        // The failure keeps its reservation: that is what counts it.
        countMetric('failedLogins');
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
    return reply(200, { username: await displayName(user.username), user_id: user.userId });
  },
});
