import type { MiddlewareObj } from '@middy/core';
import { authenticate, type TokenVerifier } from '../auth';
import { unauthorized } from '../errors';
import type { ApiContext, ApiEvent, ApiResult } from './types';

/**
 * Resolves the caller from the Authorization header with the Cognito verifier: a present but invalid
 * token is 401 on every route, a missing one only where the route requires a user.
 */
export function cognitoAuth(verify: TokenVerifier): MiddlewareObj<ApiEvent, ApiResult, Error, ApiContext> {
  return {
    name: 'cognitoAuth',
    before: async ({ event, context }) => {
      context.user = await authenticate(event.headers.authorization, verify);
      if (context.operation?.auth === 'required' && !context.user) throw unauthorized();
    },
  };
}
