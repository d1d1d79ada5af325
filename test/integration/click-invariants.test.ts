import { api } from '../support/api';
import { drained, quietCounts } from '../support/clicks';

const client = api();
const { call, newUser } = client;

interface Totals {
  total_clicks: number;
  user_clicks: number;
}

const USERS = 8;
/** Twice the burst: about half of each user's clicks are refused (429) and must count nowhere. */
const CLICKS_EACH = 80;

describe('click invariants under concurrency', () => {
  it(`${USERS} users × ${CLICKS_EACH} concurrent clicks: every acknowledged click is counted exactly once`, async () => {
    const users = await Promise.all(Array.from({ length: USERS }, () => newUser('load')));
    const before = await quietCounts(client);
    expect(before.inLog).toBe(before.total);

    const perUser = await Promise.all(
      users.map((user) =>
        Promise.all(
          Array.from({ length: CLICKS_EACH }, () =>
            call<Totals>('POST', '/api/clicks', { token: user.token }),
          ),
        ),
      ),
    );
    let acknowledged = 0;
    for (const [u, answers] of perUser.entries()) {
      expect(answers.filter((a) => a.status !== 200 && a.status !== 429)).toEqual([]);
      const counted = answers.filter((a) => a.status === 200).map((a) => a.body.user_clicks);
      acknowledged += counted.length;
      // The answers were 1..n in some order: no click was answered twice or skipped.
      expect([...counted].sort((a, b) => a - b)).toEqual(
        Array.from({ length: counted.length }, (_, i) => i + 1),
      );
      const mine = await call<Totals>('GET', '/api/clicks', { token: users[u].token });
      expect(mine.body.user_clicks).toBe(counted.length);
    }
    expect(acknowledged).toBeGreaterThan(0);
    await drained(client, before, acknowledged);
  }, 120_000);
});
