import { readFileSync } from 'node:fs';
import { createPublicKey, randomBytes, type JsonWebKey } from 'node:crypto';
import { api } from '../support/api';
import {
  decodeHeader,
  decodePayload,
  hs256Token,
  rs256Token,
  strangerKey,
  unsignedToken,
} from '../support/jwt';

const { call, newUser } = api();

interface Totals {
  total_clicks: number;
  user_clicks: number;
}

/** cognito-local's signing key ships in its npm package; only local mode ever trusts it. */
const localSigningKey = (
  JSON.parse(readFileSync(require.resolve('cognito-local/lib/keys/cognitoLocal.private.json'), 'utf8')) as {
    pem: string;
  }
).pem;
const localPublicKey = JSON.parse(
  readFileSync(require.resolve('cognito-local/lib/keys/cognitoLocal.public.json'), 'utf8'),
) as { jwk: JsonWebKey };

const localPublicPem = createPublicKey({ key: localPublicKey.jwk, format: 'jwk' })
  .export({ type: 'spki', format: 'pem' })
  .toString();

let victim: { username: string; password: string; token: string };
let claims: Record<string, unknown>;
let kid: string;

beforeAll(async () => {
  victim = await newUser('victim');
  await call('POST', '/api/clicks', { token: victim.token });
  claims = decodePayload(victim.token);
  kid = String(decodeHeader(victim.token).kid);
});

async function expectNothingChanged(
  action: () => Promise<{ status: number }>,
  status: number,
): Promise<void> {
  const before = await call<Totals>('GET', '/api/clicks', { token: victim.token });
  expect((await action()).status).toBe(status);
  const after = await call<Totals>('GET', '/api/clicks', { token: victim.token });
  expect(after.body.user_clicks).toBe(before.body.user_clicks);
}

describe('bad bodies answer 4xx and change nothing', () => {
  const username = () => `hostile_${randomBytes(4).toString('hex')}`;

  async function expectNotRegistered(name: string): Promise<void> {
    expect(
      (await call('POST', '/api/register', { body: { username: name, password: 'a good password' } })).status,
    ).toBe(201);
  }

  it('malformed JSON → 400', async () => {
    const name = username();
    const answer = await call('POST', '/api/register', {
      raw: `{"username": "${name}", "password": "long enough"`,
      headers: { 'content-type': 'application/json' },
    });
    expect(answer.status).toBe(400);
    expect(answer.body.message).toMatch(/JSON/);
    await expectNotRegistered(name);
  });

  it('wrong types → 400 naming the fields', async () => {
    const answer = await call('POST', '/api/register', {
      body: { username: ['array'], password: { nested: true } },
    });
    expect(answer.status).toBe(400);
    expect(Object.keys(answer.body.fields as object).sort()).toEqual(['password', 'username']);
  });

  it('unknown fields, __proto__ and constructor keys → 400', async () => {
    const name = username();
    const answer = await call('POST', '/api/register', {
      raw: `{"username":"${name}","password":"long enough","__proto__":{"admin":true},"constructor":{"prototype":{}}}`,
      headers: { 'content-type': 'application/json' },
    });
    expect(answer.status).toBe(400);
    await expectNotRegistered(name);
  });

  it('non-object JSON → 400', async () => {
    for (const raw of ['null', '42', '"text"', '[]', 'true']) {
      const answer = await call('POST', '/api/login', {
        raw,
        headers: { 'content-type': 'application/json' },
      });
      expect(answer.status).toBe(400);
    }
  });

  it('a body over 16 KiB → 413', async () => {
    const name = username();
    const answer = await call('POST', '/api/register', {
      body: { username: name, password: 'p'.repeat(17 * 1024) },
    });
    expect(answer.status).toBe(413);
    await expectNotRegistered(name);
    await expectNothingChanged(
      () => call('POST', '/api/clicks', { token: victim.token, body: { pad: 'x'.repeat(17 * 1024) } }),
      413,
    );
  });

  it('a body that is not application/json → 415', async () => {
    const name = username();
    const form = await call('POST', '/api/register', {
      raw: `username=${name}&password=longenough`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(form.status).toBe(415);
    const plain = await call('POST', '/api/register', {
      raw: JSON.stringify({ username: name, password: 'long enough' }),
      headers: { 'content-type': 'text/plain' },
    });
    expect(plain.status).toBe(415);
    await expectNotRegistered(name);
    await expectNothingChanged(
      () =>
        call('POST', '/api/clicks', {
          token: victim.token,
          raw: 'click',
          headers: { 'content-type': 'text/plain' },
        }),
      415,
    );
  });

  it('a click with a non-empty JSON body → 400, with an empty object → counted', async () => {
    await expectNothingChanged(
      () => call('POST', '/api/clicks', { token: victim.token, body: { clicks: 1000 } }),
      400,
    );
    expect((await call('POST', '/api/clicks', { token: victim.token, body: {} })).status).toBe(200);
  });

  it('error bodies never carry stack traces, SDK text or table names', async () => {
    const answer = await call('POST', '/api/register', {
      raw: '{bad',
      headers: { 'content-type': 'application/json' },
    });
    expect(JSON.stringify(answer.body)).not.toMatch(/at .*\.ts|Exception|cloud-clicker-local|stack/i);
  });
});

describe('bad, expired and forged tokens → 401 and nothing changes', () => {
  const now = () => Math.floor(Date.now() / 1000);

  const forged: [string, () => string][] = [
    ['alg "none"', () => unsignedToken({ ...claims })],
    ['HS256 signed with another key', () => hs256Token({ ...claims }, 'another-secret', kid)],
    [
      'HS256 signed with the public key (algorithm confusion)',
      () => hs256Token({ ...claims }, JSON.stringify(localPublicKey), kid),
    ],
    [
      'HS256 signed with the public key as PEM (algorithm confusion)',
      () => hs256Token({ ...claims }, localPublicPem, kid),
    ],
    ['RS256 from another key', () => rs256Token({ ...claims }, strangerKey(), kid)],
    [
      'from another user pool (same emulator, same signing key)',
      () =>
        rs256Token(
          { ...claims, iss: String(claims.iss).replace(/[^/]+$/, 'local_anotherPool') },
          localSigningKey,
          kid,
        ),
    ],
    ['not valid yet', () => rs256Token({ ...claims, nbf: now() + 3600 }, localSigningKey, kid)],
    [
      'expired, though signed with the real key',
      () => rs256Token({ ...claims, iat: now() - 7200, exp: now() - 3600 }, localSigningKey, kid),
    ],
    [
      'from another issuer',
      () => rs256Token({ ...claims, iss: 'http://127.0.0.1:1/local_other' }, localSigningKey, kid),
    ],
    ['for another client', () => rs256Token({ ...claims, client_id: 'someone-else' }, localSigningKey, kid)],
    [
      'an id token instead of an access token',
      () => rs256Token({ ...claims, token_use: 'id' }, localSigningKey, kid),
    ],
    [
      'tampered payload',
      () => {
        const [head, , signature] = victim.token.split('.');
        return `${head}.${Buffer.from(JSON.stringify({ ...claims, sub: 'someone-else' })).toString('base64url')}.${signature}`;
      },
    ],
    ['garbage', () => 'not.a.jwt'],
  ];

  it('a token signed with the real key and valid claims is accepted (the forgeries below differ only where named)', async () => {
    const genuine = rs256Token({ ...claims }, localSigningKey, kid);
    expect((await call('GET', '/api/me', { token: genuine })).status).toBe(200);
  });

  it.each(forged)('%s → 401 on required and optional auth, no click counted', async (_, make) => {
    const token = make();
    expect((await call('GET', '/api/me', { token })).status).toBe(401);
    expect((await call('GET', '/api/clicks', { token })).status).toBe(401);
    await expectNothingChanged(() => call('POST', '/api/clicks', { token }), 401);
  });
});
