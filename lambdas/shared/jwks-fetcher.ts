import type { Fetcher } from 'aws-jwt-verify/https';

/** The signing keys could not be fetched: we cannot tell whether a token is valid, so it is not a 401. */
export class JwksUnavailableError extends Error {
  constructor(reason: string) {
    super(`JWKS unavailable: ${reason}`);
    this.name = 'JwksUnavailableError';
  }
}

/** Lambda gives a request seconds; a JWKS endpoint that hangs must not take them all. */
export const JWKS_TIMEOUT_MS = 3000;

/**
 * Fetches a JWKS with the platform fetch (http too, for local mode's issuer), with a deadline. Every way
 * it can fail (network error, timeout, a non-2xx answer, a body that is not JSON) is one error type, so
 * the caller answers 503 instead of treating the token as invalid.
 */
export function jwksFetcher(timeoutMs = JWKS_TIMEOUT_MS): Fetcher {
  return {
    async fetch(uri) {
      let response: Response;
      try {
        response = await fetch(uri, { signal: AbortSignal.timeout(timeoutMs) });
      } catch (error) {
        throw new JwksUnavailableError(error instanceof Error ? error.name : 'network error');
      }
      if (!response.ok) throw new JwksUnavailableError(`answered ${response.status}`);
      try {
        const body = await response.arrayBuffer();
        JSON.parse(new TextDecoder().decode(body));
        return body;
      } catch (error) {
        throw new JwksUnavailableError(error instanceof Error ? error.name : 'unreadable body');
      }
    },
  };
}
