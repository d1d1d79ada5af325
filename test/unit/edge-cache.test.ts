import { API_BEHAVIOURS, type ApiBehaviour, type EdgeCachePolicy } from '../../lib/edge-cache';
import {
  cacheKey,
  EdgeCache,
  type EdgeAnswer,
  type EdgeRequest,
  edgeTtl,
  pathPatternRegExp,
  X_CACHE_HIT,
  X_CACHE_MISS,
} from '../../lib/local/edge-cache';

const policy = (overrides: Partial<EdgeCachePolicy> = {}): EdgeCachePolicy => ({
  name: 'Test',
  minTtl: 0,
  defaultTtl: 0,
  maxTtl: 1,
  headers: ['authorization'],
  queryStrings: 'none',
  cookies: 'none',
  ...overrides,
});

const request = (overrides: Partial<EdgeRequest> & { url?: string } = {}): EdgeRequest => {
  const url = new URL(overrides.url ?? '/api/clicks', 'http://localhost');
  return { method: 'GET', path: url.pathname, query: url.searchParams, headers: {}, ...overrides };
};

describe('the definition', () => {
  const cached = API_BEHAVIOURS.flatMap((b) => (b.cache ? [{ ...b, cache: b.cache }] : []));

  it('has TTLs CloudFront accepts: min ≤ default ≤ max', () => {
    for (const { cache } of cached) {
      expect(cache.policy.minTtl).toBeLessThanOrEqual(cache.policy.defaultTtl);
      expect(cache.policy.defaultTtl).toBeLessThanOrEqual(cache.policy.maxTtl);
    }
  });

  it('keys every cached API behaviour on Authorization, so one user’s answer never reaches another', () => {
    expect(cached.length).toBeGreaterThan(0);
    for (const { cache } of cached) expect(cache.policy.headers).toContain('authorization');
  });

  it('puts each cached behaviour before any broader pattern that would take its requests', () => {
    for (const { pathPattern } of cached) {
      const first = API_BEHAVIOURS.find((b) => pathPatternRegExp(b.pathPattern).test(pathPattern));
      expect(first?.pathPattern).toBe(pathPattern);
    }
  });
});

describe('CloudFront path patterns', () => {
  it.each([
    ['/api/clicks', '/api/clicks', true],
    ['/api/clicks', '/api/clicks/log', false],
    ['/api/clicks', '/api/clicksX', false],
    ['/api/*', '/api/parks/a/reviews', true],
    ['/api/*', '/api/', true],
    ['/api/*', '/api', false],
    ['/api/*', '/apix/y', false],
    ['/api/?', '/api/a', true],
    ['/api/?', '/api/ab', false],
    ['/a.b', '/aXb', false],
    ['api/*', '/api/clicks', true],
  ])('%s matches %s: %s', (pattern, path, matches) => {
    expect(pathPatternRegExp(pattern).test(path)).toBe(matches);
  });
});

describe('edgeTtl: CloudFront’s expiration rules', () => {
  const micro = policy();
  const wide = policy({ minTtl: 2, defaultTtl: 5, maxTtl: 10 });

  it.each<[string, EdgeCachePolicy, string | undefined, number]>([
    ['max-age within the bounds', micro, 'public, max-age=1', 1],
    ['max-age above the maximum is clamped down', micro, 'public, max-age=60', 1],
    ['max-age=0', micro, 'max-age=0', 0],
    ['private, no-store with minimum 0', micro, 'private, no-store', 0],
    ['no-cache with minimum 0', micro, 'no-cache', 0],
    ['private with a field name', micro, 'private="set-cookie", max-age=1', 0],
    ['no Cache-Control: the default TTL', micro, undefined, 0],
    ['a malformed max-age counts as none', wide, 'max-age=soon', 5],
    ['s-maxage wins over max-age', micro, 's-maxage=1, max-age=0', 1],
    ['quoted and upper-case', micro, 'MAX-AGE="1"', 1],
    ['no-store with a minimum above 0: kept for the minimum', wide, 'no-store', 2],
    ['max-age below the minimum is raised to it', wide, 'max-age=1', 2],
    ['no Cache-Control with a default', wide, undefined, 5],
    ['max-age above the maximum', wide, 'max-age=3600', 10],
  ])('%s', (_, given, cacheControl, ttl) => {
    expect(edgeTtl(given, 200, cacheControl)).toBe(ttl);
  });

  it.each([201, 204, 304, 401, 404, 500, 503])('does not keep a %i', (status) => {
    expect(edgeTtl(micro, status, 'public, max-age=1')).toBe(0);
  });
});

describe('cacheKey', () => {
  const key = (given: EdgeCachePolicy, overrides: Parameters<typeof request>[0]) =>
    cacheKey(given, request(overrides));

  it('keeps the Authorization value in the key, and no token apart from every token', () => {
    const anonymous = key(policy(), {});
    const alice = key(policy(), { headers: { authorization: 'Bearer a' } });
    const bob = key(policy(), { headers: { authorization: 'Bearer b' } });
    expect(new Set([anonymous, alice, bob, key(policy(), { headers: { authorization: '' } })]).size).toBe(4);
    expect(key(policy(), { headers: { authorization: 'Bearer a', 'user-agent': 'x' } })).toBe(alice);
  });

  it('keys on method and path', () => {
    expect(key(policy(), { method: 'HEAD' })).not.toBe(key(policy(), {}));
    expect(key(policy(), { url: '/api/clicks/' })).not.toBe(key(policy(), {}));
  });

  it('leaves query strings and cookies out when the policy says none', () => {
    expect(key(policy(), { url: '/api/clicks?x=1', headers: { cookie: 'a=1' } })).toBe(key(policy(), {}));
  });

  it('takes all query strings, in the order given, or only the allowed ones', () => {
    const all = policy({ queryStrings: 'all' });
    expect(key(all, { url: '/api/clicks?a=1&b=2' })).not.toBe(key(all, { url: '/api/clicks?b=2&a=1' }));
    expect(key(all, { url: '/api/clicks?a=1' })).not.toBe(key(all, {}));
    const some = policy({ queryStrings: { allowList: ['a'] } });
    expect(key(some, { url: '/api/clicks?a=1&b=2' })).toBe(key(some, { url: '/api/clicks?a=1&b=3' }));
    expect(key(some, { url: '/api/clicks?a=1' })).not.toBe(key(some, { url: '/api/clicks?a=2' }));
    expect(key(some, { url: '/api/clicks?A=1' })).toBe(key(some, {}));
  });

  it('takes all cookies or only the allowed ones', () => {
    const all = policy({ cookies: 'all' });
    expect(key(all, { headers: { cookie: 'a=1; b=2' } })).not.toBe(key(all, { headers: { cookie: 'a=1' } }));
    const some = policy({ cookies: { allowList: ['session'] } });
    expect(key(some, { headers: { cookie: 'session=s; theme=dark' } })).toBe(
      key(some, { headers: { cookie: 'theme=light;session=s' } }),
    );
    expect(key(some, { headers: { cookie: 'session=s' } })).not.toBe(
      key(some, { headers: { cookie: 'session=t' } }),
    );
  });
});

describe('EdgeCache', () => {
  const clicks: ApiBehaviour = {
    pathPattern: '/api/clicks',
    cache: { methods: ['GET', 'HEAD'], policy: policy() },
  };
  const slow: ApiBehaviour = {
    pathPattern: '/api/slow',
    cache: { methods: ['GET', 'HEAD'], policy: policy({ maxTtl: 10 }) },
  };
  const behaviours: ApiBehaviour[] = [clicks, slow, { pathPattern: '/api/*' }];

  let clock = 0;
  let calls = 0;
  beforeEach(() => {
    clock = 0;
    calls = 0;
  });
  const at = (ms: number): void => {
    clock = ms;
  };

  /** An origin that counts its calls and answers a new body each time. */
  const origin =
    (cacheControl: string, status = 200) =>
    async (): Promise<EdgeAnswer> => {
      calls += 1;
      return {
        status,
        headers: { 'content-type': 'application/json', 'cache-control': cacheControl },
        body: Buffer.from(JSON.stringify({ call: calls })),
      };
    };
  const anonymous = origin('public, max-age=1');
  const cache = (maxEntries?: number) => new EdgeCache(behaviours, { now: () => clock, maxEntries });

  it('answers a repeat within the TTL from the cache, with Age and X-Cache, then asks the origin again', async () => {
    const edge = cache();
    const first = await edge.serve(request(), anonymous);
    expect(first.headers['x-cache']).toBe(X_CACHE_MISS);
    expect(first.headers.age).toBeUndefined();
    at(999);
    const second = await edge.serve(request(), anonymous);
    expect(second.headers).toMatchObject({
      'x-cache': X_CACHE_HIT,
      age: '0',
      'cache-control': 'public, max-age=1',
    });
    expect(second.body?.toString()).toBe(first.body?.toString());
    expect(second.status).toBe(200);
    at(1000);
    const third = await edge.serve(request(), anonymous);
    expect(third.headers['x-cache']).toBe(X_CACHE_MISS);
    expect(third.body?.toString()).toBe('{"call":2}');
    expect(calls).toBe(2);
  });

  it('counts Age in whole seconds since the origin answered', async () => {
    const edge = cache();
    await edge.serve(request({ url: '/api/slow' }), origin('max-age=10'));
    at(2500);
    expect((await edge.serve(request({ url: '/api/slow' }), origin('max-age=10'))).headers.age).toBe('2');
  });

  it('never serves a signed-in request from the cache: its answer is private, no-store', async () => {
    const edge = cache();
    const signedIn = request({ headers: { authorization: 'Bearer a' } });
    await edge.serve(request(), anonymous);
    for (let i = 0; i < 3; i++) {
      const answer = await edge.serve(signedIn, origin('private, no-store'));
      expect(answer.headers['x-cache']).toBe(X_CACHE_MISS);
    }
    expect(calls).toBe(4);
  });

  it('keeps a public answer to a token for that token only', async () => {
    const edge = cache();
    await edge.serve(request({ headers: { authorization: 'Bearer a' } }), anonymous);
    expect((await edge.serve(request(), anonymous)).headers['x-cache']).toBe(X_CACHE_MISS);
    expect(
      (await edge.serve(request({ headers: { authorization: 'Bearer a' } }), anonymous)).headers['x-cache'],
    ).toBe(X_CACHE_HIT);
  });

  it('does not keep what the rules refuse: an error, or no max-age with a default TTL of 0', async () => {
    const edge = cache();
    for (const answer of [origin('public, max-age=1', 503), origin('public')]) {
      await edge.serve(request(), answer);
      expect((await edge.serve(request(), answer)).headers['x-cache']).toBe(X_CACHE_MISS);
    }
    expect(calls).toBe(4);
  });

  it('passes other methods and uncached behaviours to the origin, labelled a miss', async () => {
    const edge = cache();
    for (const given of [request({ method: 'POST' }), request({ url: '/api/parks' })]) {
      await edge.serve(given, anonymous);
      expect((await edge.serve(given, anonymous)).headers['x-cache']).toBe(X_CACHE_MISS);
    }
    expect(calls).toBe(4);
  });

  it('leaves paths outside every behaviour untouched', async () => {
    const answer = await cache().serve(request({ url: '/api' }), anonymous);
    expect(answer.headers['x-cache']).toBeUndefined();
  });

  it('keeps at most maxEntries answers, dropping the oldest', async () => {
    const edge = cache(2);
    const keyed = (token: string) => request({ headers: { authorization: token } });
    for (const token of ['a', 'b', 'c']) await edge.serve(keyed(token), anonymous);
    expect((await edge.serve(keyed('b'), anonymous)).headers['x-cache']).toBe(X_CACHE_HIT);
    expect((await edge.serve(keyed('c'), anonymous)).headers['x-cache']).toBe(X_CACHE_HIT);
    expect((await edge.serve(keyed('a'), anonymous)).headers['x-cache']).toBe(X_CACHE_MISS);
  });

  it('drops expired answers before live ones when full', async () => {
    const edge = cache(2);
    await edge.serve(request({ url: '/api/slow' }), origin('max-age=10'));
    at(100);
    await edge.serve(request(), anonymous);
    at(1200);
    await edge.serve(request({ headers: { authorization: 'c' } }), anonymous);
    expect((await edge.serve(request({ url: '/api/slow' }), origin('max-age=10'))).headers['x-cache']).toBe(
      X_CACHE_HIT,
    );
  });
});
