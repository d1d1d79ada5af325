import type { JwtPayload } from 'aws-jwt-verify/jwt-model';

type Verify = (token: string) => Promise<JwtPayload>;

/** Enough for every signed-in user a container serves at once; beyond it the oldest are verified again. */
export const REMEMBERED_TOKENS = 10_000;

/**
 * Remembers the tokens `verify` accepted, keyed by the exact token string, until their `exp`: a client
 * sends the same token with every request, and checking its signature again proves nothing new (an
 * access token is valid until it expires whatever happens meanwhile). A token without `exp`, and every
 * refusal, is not remembered, so those are verified each time.
 */
export function rememberVerifiedTokens(
  verify: Verify,
  capacity = REMEMBERED_TOKENS,
  now: () => number = Date.now,
): Verify {
  const verified = new Map<string, { readonly payload: JwtPayload; readonly expiresAtMs: number }>();
  return async (token) => {
    const known = verified.get(token);
    if (known && known.expiresAtMs > now()) return known.payload;
    if (known) verified.delete(token);
    const payload = await verify(token);
    if (typeof payload.exp === 'number') {
      verified.set(token, { payload, expiresAtMs: payload.exp * 1000 });
      // A Map iterates in insertion order: the first key is the one remembered longest ago.
      if (verified.size > capacity) verified.delete(verified.keys().next().value as string);
    }
    return payload;
  };
}
