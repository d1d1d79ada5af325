import { randomUUID } from 'node:crypto';
import { api } from '../support/api';
import { drained, quietCounts } from '../support/clicks';

const client = api();
const { call, newUser } = client;

interface Totals {
  total_clicks: number;
  user_clicks: number;
}

const click = (token: string, key?: string) =>
  call<Totals>('POST', '/api/clicks', { token, headers: key ? { 'idempotency-key': key } : {} });

const userClicks = async (token: string): Promise<number> =>
  (await call<Totals>('GET', '/api/clicks', { token })).body.user_clicks;

describe('the click engine (one write per click, totals from the stream)', () => {
  it('counts 50 concurrent requests with one Idempotency-Key once, and answers all 50 alike', async () => {
    const { token } = await newUser('samekey');
    const before = await quietCounts(client);
    const key = randomUUID();
    const answers = await Promise.all(Array.from({ length: 50 }, () => click(token, key)));
    expect(answers.map((a) => a.status)).toEqual(Array(50).fill(200));
    expect(new Set(answers.map((a) => JSON.stringify(a.body))).size).toBe(1);
    expect(answers[0].body.user_clicks).toBe(1);
    expect(await userClicks(token)).toBe(1);
    await drained(client, before, 1);
  });

  it('16 users, keys and no keys, retries: total == Σ user_clicks == Σ minute clicks within 2 s of the last click', async () => {
    const users = await Promise.all(Array.from({ length: 16 }, () => newUser('mixed')));
    const before = await quietCounts(client);
    // Per user: 20 clicks without a key and 10 with one, 5 of those sent twice at once (a retry
    // racing the original). Under the burst of 40, so none is refused.
    await Promise.all(
      users.map(async ({ token }) => {
        const keys = Array.from({ length: 10 }, () => randomUUID());
        const sends = [
          ...Array.from({ length: 20 }, () => click(token)),
          ...keys.map((key) => click(token, key)),
          ...keys.slice(0, 5).map((key) => click(token, key)),
        ];
        const answers = await Promise.all(sends);
        expect(answers.filter((a) => a.status !== 200)).toEqual([]);
      }),
    );
    const perUser = await Promise.all(users.map(({ token }) => userClicks(token)));
    expect(perUser).toEqual(Array(16).fill(30));
    const lag = await drained(client, before, 16 * 30);
    expect(lag).toBeLessThanOrEqual(2000);
  });

  it('answers 429 with Retry-After past the burst, counts none of those, and takes clicks again after the wait', async () => {
    const { token } = await newUser('fast');
    const before = await quietCounts(client);
    const answers = await Promise.all(Array.from({ length: 70 }, () => click(token)));
    const ok = answers.filter((a) => a.status === 200);
    const limited = answers.filter((a) => a.status === 429);
    expect(ok.length + limited.length).toBe(70);
    // At most the burst at once (one more window's worth if the clicks straddled a window's end).
    expect(ok.length).toBeGreaterThanOrEqual(40);
    expect(ok.length).toBeLessThan(70);
    for (const answer of limited) {
      expect(Number(answer.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(answer.body).toMatchObject({ code: 'TOO_MANY_REQUESTS' });
    }
    expect(await userClicks(token)).toBe(ok.length);
    await drained(client, before, ok.length);

    // A keyed click refused by the limit is not claimed: its retry after the wait counts, once.
    const key = randomUUID();
    const refused = await click(token, key);
    expect(refused.status).toBe(429);
    await new Promise((resolve) => setTimeout(resolve, Number(refused.headers.get('retry-after')) * 1000));
    const first = await click(token, key);
    const again = await click(token, key);
    expect(first.status).toBe(200);
    expect(again.body).toEqual(first.body);
    expect(await userClicks(token)).toBe(ok.length + 1);
  });

  it("answers the click's user_clicks exactly and a total that never goes down", async () => {
    const { token } = await newUser('monotonic');
    let lastTotal = 0;
    for (let i = 1; i <= 10; i++) {
      const answer = await click(token);
      expect(answer.body.user_clicks).toBe(i);
      expect(answer.body.total_clicks).toBeGreaterThanOrEqual(lastTotal);
      lastTotal = answer.body.total_clicks;
    }
  });
});
