import { api } from '../support/api';

const { call, newUser } = api();

interface Totals {
  total_clicks: number;
  user_clicks: number;
}
interface Log {
  minutes: { clicks: number }[];
  total_clicks: number;
}

const USERS = 8;
const CLICKS_EACH = 250;

const logSum = (log: Log): number => log.minutes.reduce((sum, m) => sum + m.clicks, 0);

describe('click invariants under concurrency', () => {
  it(`${USERS} users × ${CLICKS_EACH} concurrent clicks: every acknowledged click is counted exactly once`, async () => {
    const users = await Promise.all(Array.from({ length: USERS }, () => newUser('load')));
    const before = await call<Log>('GET', '/api/clicks/log?minutes=1440');
    expect(logSum(before.body)).toBe(before.body.total_clicks);

    const answers = await Promise.all(
      users.flatMap((user) =>
        Array.from({ length: CLICKS_EACH }, () => call<Totals>('POST', '/api/clicks', { token: user.token })),
      ),
    );
    expect(answers.filter((a) => a.status !== 200)).toEqual([]);

    const after = await call<Log>('GET', '/api/clicks/log?minutes=1440');
    expect(after.body.total_clicks - before.body.total_clicks).toBe(USERS * CLICKS_EACH);
    expect(logSum(after.body)).toBe(after.body.total_clicks);

    for (const user of users) {
      const mine = await call<Totals>('GET', '/api/clicks', { token: user.token });
      expect(mine.body.user_clicks).toBe(CLICKS_EACH);
    }
    // Each user's answers were 1..250 in some order: no click was answered twice or skipped.
    const perUser = new Map<number, number[]>();
    answers.forEach((answer, i) => {
      const u = Math.floor(i / CLICKS_EACH);
      perUser.set(u, [...(perUser.get(u) ?? []), answer.body.user_clicks]);
    });
    for (const values of perUser.values()) {
      expect(Math.max(...values)).toBe(CLICKS_EACH);
      expect(Math.min(...values)).toBeGreaterThanOrEqual(1);
    }
  }, 120_000);
});
