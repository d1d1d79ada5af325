/**
 * Local mode's emulation of CloudFront's cache in front of the API (lib/edge-cache.ts): anonymous
 * reads of the clicks total are shared for the TTL the site stack sets, signed-in reads never are.
 */
import { API_BEHAVIOURS, API_CLICKS_PATH } from '../../lib/edge-cache';
import { edgeTtl, X_CACHE_HIT, X_CACHE_MISS } from '../../lib/local/edge-cache';
import { api, type ApiAnswer } from '../support/api';

const { call, newUser } = api();

interface Totals {
  total_clicks: number;
  user_clicks?: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const cachePolicy = API_BEHAVIOURS.find((b) => b.pathPattern === API_CLICKS_PATH)?.cache?.policy;
if (!cachePolicy) throw new Error(`${API_CLICKS_PATH} is not cached: nothing to test`);
/** The TTL CloudFront gives this answer under the stack's policy, in milliseconds. */
const ttlMsOf = (answer: ApiAnswer<Totals>): number =>
  edgeTtl(cachePolicy, answer.status, answer.headers.get('cache-control') ?? undefined) * 1000;

const readAnonymously = () => call<Totals>('GET', API_CLICKS_PATH);

/** An anonymous read that went to the API, so a whole TTL lies ahead of its cache entry. */
async function freshAnonymousRead(): Promise<{ answer: ApiAnswer<Totals>; sentAt: number }> {
  const deadline = performance.now() + 10_000;
  for (;;) {
    const sentAt = performance.now();
    const answer = await readAnonymously();
    if (answer.headers.get('x-cache') === X_CACHE_MISS) return { answer, sentAt };
    if (performance.now() > deadline) throw new Error('every anonymous read was a cache hit for 10 s');
    await sleep(100);
  }
}

/**
 * A fresh anonymous read, a click, and a second anonymous read, all within the first read's TTL: a
 * loaded machine may take longer than that, and then no hit is owed, so the three are tried again.
 */
async function readClickRead(token: string) {
  for (let attempt = 0; attempt < 5; attempt++) {
    const { answer: first, sentAt } = await freshAnonymousRead();
    const ttlMs = ttlMsOf(first);
    expect(ttlMs).toBeGreaterThan(0);
    expect((await call('POST', '/api/clicks', { token })).status).toBe(200);
    const second = await readAnonymously();
    if (performance.now() - sentAt < ttlMs) return { first, second, sentAt, ttlMs };
  }
  throw new Error('two anonymous reads and a click never fitted in one TTL');
}

describe(`CloudFront's cache of ${API_CLICKS_PATH} in local mode`, () => {
  it('answers an anonymous read again from the cache within the TTL, even after a click, and fresh after it', async () => {
    const { token } = await newUser('edge');
    const { first, second, sentAt, ttlMs } = await readClickRead(token);
    expect(first.status).toBe(200);
    expect(first.headers.get('age')).toBeNull();
    expect(second.headers.get('x-cache')).toBe(X_CACHE_HIT);
    expect(second.body).toEqual(first.body);
    expect(Number(second.headers.get('age')) * 1000).toBeLessThan(ttlMs);
    expect(second.headers.get('cache-control')).toBe(first.headers.get('cache-control'));

    // Past the TTL the entry is gone: reads go to the API again and come to show the click.
    await sleep(sentAt + ttlMs - performance.now() + 50);
    const deadline = performance.now() + 5_000;
    let later = await readAnonymously();
    while (later.body.total_clicks <= first.body.total_clicks && performance.now() < deadline) {
      await sleep(100);
      later = await readAnonymously();
    }
    expect(later.body.total_clicks).toBeGreaterThan(first.body.total_clicks);
  });

  it('never answers a request with Authorization from the cache: user_clicks is always fresh', async () => {
    const { token } = await newUser('edge');
    await readAnonymously();
    const before = await call<Totals>('GET', API_CLICKS_PATH, { token });
    await call('POST', '/api/clicks', { token });
    const after = await call<Totals>('GET', API_CLICKS_PATH, { token });
    for (const answer of [before, after]) {
      expect(answer.status).toBe(200);
      expect(answer.headers.get('x-cache')).toBe(X_CACHE_MISS);
      expect(answer.headers.get('age')).toBeNull();
    }
    expect(after.body.user_clicks).toBe((before.body.user_clicks ?? 0) + 1);
  });

  it('sends every other API request to the API, as CloudFront’s uncached behaviour does', async () => {
    for (let i = 0; i < 2; i++) {
      const answer = await call('GET', '/api/clicks/log?minutes=1');
      expect(answer.status).toBe(200);
      expect(answer.headers.get('x-cache')).toBe(X_CACHE_MISS);
    }
  });
});
