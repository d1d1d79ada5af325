import fc from 'fast-check';
import { routes, type AppRoute } from '../../lambdas/contract/routes';
import { schemaOf } from '../../lambdas/contract/schemas';
import type { OperationSchema } from '../../lambdas/contract/operation';
import { api } from '../support/api';
import { settled } from '../support/clicks';

/**
 * Property-based hostile input over every endpoint of the route table: random JSON and non-JSON
 * bodies, hostile query and path values, tokens that are not ours. Every answer must be below 500;
 * every answer to a request that would change something must be a 4xx; and afterwards nothing has
 * changed, for the caller or for anyone else.
 */
const client = api();
const { call, newUser } = client;

const RUNS_PER_ROUTE = Number(process.env.FUZZ_RUNS ?? 25);

const hostileString = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom(
    '../../etc/passwd',
    '..%2F..%2Fetc',
    '\u0000',
    'a\u0000b',
    '__proto__',
    'constructor',
    'prototype',
    '${7*7}',
    '<script>alert(1)</script>',
    "' OR 1=1 --",
    '%00',
    '\uD800',
    '🏕️'.repeat(50),
    'x'.repeat(5000),
  ),
);

const hostileNumber = fc.oneof(
  fc.double(),
  fc.constantFrom(1e308, -1e308, 2 ** 53 + 1, -0, 0.1, 3.5, 6, -1, 99999999999),
);

const leaf: fc.Arbitrary<unknown> = fc.oneof(hostileString, hostileNumber, fc.boolean(), fc.constant(null));

/** JSON values, including objects with prototype-polluting keys and deep nesting. */
const hostileJson: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue({ maxDepth: 4 }),
  fc.dictionary(
    fc.oneof(
      hostileString,
      fc.constantFrom(
        '__proto__',
        'constructor',
        'stars',
        'title',
        'body',
        'message',
        'name',
        'latitude',
        'longitude',
        'answers',
        'username',
        'password',
        'parkId',
        'note',
        'conversationId',
      ),
    ),
    leaf,
    { maxKeys: 6 },
  ),
  fc.nat({ max: 3000 }).map((depth) => {
    let value: unknown = 1;
    for (let i = 0; i < depth; i++) value = { a: value };
    return value;
  }),
  fc.array(leaf, { maxLength: 5 }),
);

/** What goes over the wire: JSON text, or something that is not JSON at all. */
const hostileBody = fc.oneof(
  {
    weight: 4,
    arbitrary: hostileJson.map((value) => ({
      raw: JSON.stringify(value) ?? 'null',
      type: 'application/json',
    })),
  },
  { weight: 1, arbitrary: hostileString.map((raw) => ({ raw, type: 'application/json' })) },
  { weight: 1, arbitrary: hostileString.map((raw) => ({ raw, type: 'text/plain' })) },
  {
    weight: 1,
    arbitrary: fc.constant({ raw: '{"a":"' + 'x'.repeat(17 * 1024) + '"}', type: 'application/json' }),
  },
  { weight: 1, arbitrary: fc.constant({ raw: '', type: 'application/json' }) },
);

const hostileQuery = fc.dictionary(
  fc.oneof(fc.constantFrom('limit', 'cursor', 'minutes', 'id'), hostileString),
  fc.oneof(hostileString, hostileNumber.map(String)),
  { maxKeys: 3 },
);

/**
 * Would the API accept this request as valid? Such requests are not hostile input and are left out;
 * the validating schemas themselves decide, so nothing here guesses.
 */
function isValidRequest(
  route: AppRoute,
  params: Record<string, string>,
  query: Record<string, string>,
  body: { raw: string; type: string },
): boolean {
  const schema = schemaOf(route);
  const ok = (s: OperationSchema['body'], value: unknown) => (s ? s.safeParse(value).success : true);
  if (!ok(schema.params, params) || !ok(schema.query, query)) return false;
  if (body.raw === '') return !schema.body || schema.body.safeParse(undefined).success;
  if (!/^application\/json/.test(body.type)) return false;
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.raw);
  } catch {
    return false;
  }
  if (!schema.body)
    return (
      typeof parsed === 'object' &&
      parsed !== null &&
      !Array.isArray(parsed) &&
      Object.keys(parsed).length === 0
    );
  return schema.body.safeParse(parsed).success;
}

/** Every UTF-8 byte percent-encoded; a lone surrogate goes as U+FFFD, as any HTTP client would send it. */
const percentEncode = (value: string): string =>
  [...Buffer.from(value, 'utf8')].map((byte) => `%${byte.toString(16).padStart(2, '0')}`).join('');

interface Snapshot {
  readonly [key: string]: unknown;
}

describe('hostile input on every endpoint', () => {
  let fuzzer: { token: string };
  let victim: { token: string };

  async function snapshot(): Promise<Snapshot> {
    const [log, parks, ...mine] = await Promise.all([
      call('GET', '/api/clicks/log?minutes=5'),
      call('GET', '/api/analytics/parks'),
      ...[fuzzer, victim].flatMap((user) => [
        call('GET', '/api/clicks', { token: user.token }),
        call('GET', '/api/quiz/results?limit=100', { token: user.token }),
        call('GET', '/api/locations?limit=100', { token: user.token }),
        call('GET', '/api/chat/conversations?limit=100', { token: user.token }),
        call('GET', '/api/parks/denali/reviews/me', { token: user.token }),
        call('GET', '/api/parks/denali/posts?limit=100'),
      ]),
    ]);
    return { total: log.body.total_clicks, parks: parks.body, mine: mine.map((a) => [a.status, a.body]) };
  }

  beforeAll(async () => {
    [fuzzer, victim] = await Promise.all([newUser('fuzzer'), newUser('victim')]);
    // The victim has something of every kind for the fuzzer to (fail to) reach.
    await call('POST', '/api/clicks', { token: victim.token });
    await call('PUT', '/api/parks/denali/reviews/me', {
      token: victim.token,
      body: { stars: 4, title: 'Wild' },
    });
    await call('POST', '/api/parks/denali/posts', {
      token: victim.token,
      body: { title: 'Hello', body: 'Bears!' },
    });
    await call('POST', '/api/locations', {
      token: victim.token,
      body: { name: 'Camp', latitude: 63, longitude: -151 },
    });
    await call('POST', '/api/chat', { token: victim.token, body: { message: 'bears?' } });
    // The victim's click reaches the total through the stream: wait, so snapshots compare equal.
    await settled(client);
  }, 60_000);

  it.each(routes.map((route) => [`${route.method} ${route.path}`, route] as const))(
    '%s',
    async (_, route) => {
      const before = await snapshot();
      const parameterNames = [...route.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.oneof(hostileString, fc.constantFrom('denali', 'redwood')), {
            minLength: parameterNames.length,
            maxLength: parameterNames.length,
          }),
          hostileQuery,
          hostileBody,
          fc.constantFrom<'mine' | 'none' | 'garbage'>('mine', 'mine', 'none', 'garbage'),
          async (pathValues, query, body, who) => {
            // An empty segment would be another route; a blank one stays this route.
            const values = pathValues.map((value) => (value === '' ? ' ' : value));
            const params = Object.fromEntries(parameterNames.map((name, i) => [name, values[i]]));
            const path = parameterNames.reduce(
              (built, name, i) => built.replace(`{${name}}`, percentEncode(values[i])),
              route.path as string,
            );
            const search = new URLSearchParams(query).toString();
            const token =
              who === 'mine' ? fuzzer.token : who === 'garbage' ? 'eyJhbGciOiJub25lIn0.e30.' : undefined;
            const withBody = route.method !== 'GET' && route.method !== 'DELETE';
            const sent = withBody ? body : { raw: '', type: '' };
            // Valid requests are not hostile input: leave them out.
            fc.pre(!(who === 'mine' && isValidRequest(route, params, query, sent)));
            const answer = await call(route.method, `${path}${search ? `?${search}` : ''}`, {
              token,
              raw: withBody ? body.raw : undefined,
              headers: withBody ? { 'content-type': body.type } : {},
            });
            if (answer.status >= 500) throw new Error(`${answer.status} ${JSON.stringify(answer.body)}`);
            if (route.method !== 'GET' && answer.status < 400) {
              throw new Error(`expected a 4xx, got ${answer.status} ${JSON.stringify(answer.body)}`);
            }
            if (answer.status >= 400) expect(answer.body.message).toEqual(expect.any(String));
          },
        ),
        { numRuns: RUNS_PER_ROUTE, seed: Number(process.env.FUZZ_SEED ?? 20261126) },
      );
      expect(await snapshot()).toEqual(before);
    },
    120_000,
  );
});
