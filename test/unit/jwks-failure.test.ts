import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { authenticate, cognitoVerifier, type TokenVerifier } from '../../lambdas/shared/auth';
import { HttpError } from '../../lambdas/shared/errors';
import { rs256Token } from '../support/jwt';

const ISSUER = 'http://127.0.0.1/jwks-test-pool';
const CLIENT_ID = 'jwks-test-client';

interface SigningKey {
  readonly kid: string;
  readonly privateKey: KeyObject;
  readonly jwk: Record<string, unknown>;
}

function signingKey(kid: string): SigningKey {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { kid, privateKey, jwk: { ...publicKey.export({ format: 'jwk' }), kid, alg: 'RS256', use: 'sig' } };
}

const tokenOf = (key: SigningKey): string => {
  const now = Math.floor(Date.now() / 1000);
  return rs256Token(
    {
      iss: ISSUER,
      sub: 'user-1',
      username: 'someone',
      token_use: 'access',
      client_id: CLIENT_ID,
      iat: now,
      exp: now + 600,
    },
    key.privateKey,
    key.kid,
  );
};

/** A JWKS endpoint whose behaviour each test sets; every server gets its own port, so its own verifier. */
const servers: Server[] = [];
async function jwksStub(handle: RequestListener): Promise<string> {
  const server = createServer(handle);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/.well-known/jwks.json`;
}

let verifier: TokenVerifier;
function useJwks(url: string): void {
  verifier = cognitoVerifier({ USER_POOL_CLIENT_ID: CLIENT_ID, AUTH_ISSUER: ISSUER, AUTH_JWKS_URL: url });
}

async function statusOf(token: string): Promise<{ status: number; retryAfter?: string }> {
  try {
    await authenticate(`Bearer ${token}`, verifier);
    return { status: 200 };
  } catch (error) {
    if (!(error instanceof HttpError)) throw error;
    return { status: error.status, retryAfter: error.headers?.['retry-after'] };
  }
}

afterAll(async () => {
  for (const server of servers) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

describe('a JWKS that cannot be fetched', () => {
  const key = signingKey('key-1');

  it('accepts a token signed with a key the JWKS lists (the stub works)', async () => {
    useJwks(await jwksStub((_, res) => res.end(JSON.stringify({ keys: [key.jwk] }))));
    await expect(authenticate(`Bearer ${tokenOf(key)}`, verifier)).resolves.toEqual({
      userId: 'user-1',
      username: 'someone',
    });
  });

  const failing: [string, RequestListener][] = [
    [
      'answers 500',
      (_, res) => {
        res.statusCode = 500;
        res.end('{}');
      },
    ],
    ['answers 200 with a body that is not JSON', (_, res) => res.end('<html>busy</html>')],
  ];
  it.each(failing)('answers 503 with Retry-After, never 401, when the JWKS %s', async (_, handle) => {
    useJwks(await jwksStub(handle));
    const answer = await statusOf(tokenOf(key));
    expect(answer.status).toBe(503);
    expect(Number(answer.retryAfter)).toBeGreaterThan(0);
  });

  it('answers 503 when nothing listens at the JWKS address', async () => {
    const url = await jwksStub(() => undefined);
    await new Promise((resolve) => servers.pop()?.close(resolve));
    useJwks(url);
    expect((await statusOf(tokenOf(key))).status).toBe(503);
  });

  it('answers 503 within seconds when the JWKS never answers', async () => {
    useJwks(await jwksStub(() => undefined));
    const started = Date.now();
    expect((await statusOf(tokenOf(key))).status).toBe(503);
    expect(Date.now() - started).toBeLessThan(10_000);
  }, 20_000);

  it('answers 503 when the keys rotate while the JWKS is down, and 401 for a key it does not list', async () => {
    const rotated = signingKey('key-2');
    let mode: 'old keys' | 'down' | 'rotated' = 'old keys';
    useJwks(
      await jwksStub((_, res) => {
        if (mode === 'down') {
          res.statusCode = 502;
          res.end();
        } else res.end(JSON.stringify({ keys: mode === 'old keys' ? [key.jwk] : [key.jwk, rotated.jwk] }));
      }),
    );
    expect((await statusOf(tokenOf(key))).status).toBe(200);
    mode = 'down';
    expect((await statusOf(tokenOf(rotated))).status).toBe(503);
    // The old key is still cached: its tokens keep working while the endpoint is down.
    expect((await statusOf(tokenOf(key))).status).toBe(200);
    mode = 'rotated';
    expect((await statusOf(tokenOf(rotated))).status).toBe(200);
    expect((await statusOf(tokenOf(signingKey('key-3')))).status).toBe(401);
  });
});
