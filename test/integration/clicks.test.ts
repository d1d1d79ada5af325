import { randomUUID } from 'node:crypto';
import { api } from '../support/api';
import { drained, quietCounts } from '../support/clicks';

const client = api();
const { call, newUser } = client;

interface Totals {
  total_clicks: number;
  user_clicks: number;
}
interface Log {
  minutes: { minute: string; clicks: number; total: number }[];
  clicks_per_minute: number;
  total_clicks: number;
}

describe('POST /api/clicks', () => {
  it('needs a token', async () => {
    // Read signed in: an anonymous read may come from the edge cache and would hide a counted click.
    const { token } = await newUser();
    const before = await call<Totals>('GET', '/api/clicks', { token });
    expect((await call('POST', '/api/clicks')).status).toBe(401);
    expect((await call<Totals>('GET', '/api/clicks', { token })).body.total_clicks).toBeLessThanOrEqual(
      before.body.total_clicks,
    );
  });

  it('counts a click in the user total at once and in the global total once the stream is aggregated', async () => {
    const { token } = await newUser();
    const before = await quietCounts(client);
    const first = await call<Totals>('POST', '/api/clicks', { token });
    expect(first.status).toBe(200);
    expect(first.body.user_clicks).toBe(1);
    const second = await call<Totals>('POST', '/api/clicks', { token });
    expect(second.body.user_clicks).toBe(2);
    // The answer's total is the latest aggregate: it may not hold these clicks yet, but never goes down.
    expect(second.body.total_clicks).toBeGreaterThanOrEqual(first.body.total_clicks);
    await drained(client, before, 2);
  });

  it('counts the same Idempotency-Key three times as one click, with three equal answers', async () => {
    const { token } = await newUser();
    const key = randomUUID();
    const answers = [];
    for (let i = 0; i < 3; i++)
      answers.push(await call<Totals>('POST', '/api/clicks', { token, headers: { 'idempotency-key': key } }));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    expect(answers[1].body).toEqual(answers[0].body);
    expect(answers[2].body).toEqual(answers[0].body);
    expect(answers[0].body.user_clicks).toBe(1);
    const mine = await call<Totals>('GET', '/api/clicks', { token });
    expect(mine.body.user_clicks).toBe(1);
  });

  it('counts the same key once when the three requests race', async () => {
    const { token } = await newUser();
    const key = randomUUID();
    const answers = await Promise.all(
      [0, 1, 2].map(() =>
        call<Totals>('POST', '/api/clicks', { token, headers: { 'idempotency-key': key } }),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    expect(new Set(answers.map((a) => JSON.stringify(a.body))).size).toBe(1);
    expect((await call<Totals>('GET', '/api/clicks', { token })).body.user_clicks).toBe(1);
  });

  it('keeps keys apart per user: the same key from two users is two clicks', async () => {
    const [a, b] = [await newUser(), await newUser()];
    const key = randomUUID();
    const answerA = await call<Totals>('POST', '/api/clicks', {
      token: a.token,
      headers: { 'idempotency-key': key },
    });
    const answerB = await call<Totals>('POST', '/api/clicks', {
      token: b.token,
      headers: { 'idempotency-key': key },
    });
    expect(answerA.body.user_clicks).toBe(1);
    expect(answerB.body.user_clicks).toBe(1);
  });

  it.each([
    ['longer than 128 characters', 'k'.repeat(129)],
    ['containing a space', 'two words'],
  ])('answers 400 for an Idempotency-Key %s, counting nothing', async (_, key) => {
    const { token } = await newUser();
    const answer = await call('POST', '/api/clicks', { token, headers: { 'idempotency-key': key } });
    expect(answer.status).toBe(400);
    expect(answer.body.message).toMatch(/idempotency-key/i);
    expect((await call<Totals>('GET', '/api/clicks', { token })).body.user_clicks).toBe(0);
  });

  it('accepts a 128 character key', async () => {
    const { token } = await newUser();
    expect(
      (await call('POST', '/api/clicks', { token, headers: { 'idempotency-key': 'k'.repeat(128) } })).status,
    ).toBe(200);
  });
});

describe('GET /api/clicks', () => {
  it('answers only the total to anonymous callers, cacheable for 1 s', async () => {
    const answer = await call<Totals>('GET', '/api/clicks');
    expect(answer.status).toBe(200);
    expect(Object.keys(answer.body)).toEqual(['total_clicks']);
    expect(answer.headers.get('cache-control')).toBe('public, max-age=1');
  });

  it('adds user_clicks for a signed-in caller and keeps that answer private', async () => {
    const { token } = await newUser();
    await call('POST', '/api/clicks', { token });
    const answer = await call<Totals>('GET', '/api/clicks', { token });
    expect(answer.body.user_clicks).toBe(1);
    expect(answer.headers.get('cache-control')).toMatch(/private|no-store/);
  });

  it('answers 401 for an invalid token even though the token is optional here', async () => {
    expect((await call('GET', '/api/clicks', { token: 'not-a-jwt' })).status).toBe(401);
  });
});

describe('GET /api/clicks/log', () => {
  it('answers one entry per minute of the default 60 minute window, oldest first', async () => {
    const { token } = await newUser();
    await call('POST', '/api/clicks', { token });
    const answer = await call<Log>('GET', '/api/clicks/log');
    expect(answer.status).toBe(200);
    expect(answer.body.minutes).toHaveLength(60);
    const times = answer.body.minutes.map((m) => Date.parse(m.minute));
    for (let i = 1; i < times.length; i++) expect(times[i] - times[i - 1]).toBe(60_000);
    expect(Date.now() - times[59]).toBeLessThan(120_000);
    const last = answer.body.minutes[59];
    expect(last.total).toBe(answer.body.total_clicks);
    expect(answer.body.minutes.every((m) => Number.isInteger(m.clicks) && m.clicks >= 0)).toBe(true);
  });

  it('has running totals that step by each minute and a clicks_per_minute of clicks in the window / N', async () => {
    const answer = await call<Log>('GET', '/api/clicks/log?minutes=5');
    expect(answer.body.minutes).toHaveLength(5);
    const inWindow = answer.body.minutes.reduce((s, m) => s + m.clicks, 0);
    for (let i = 1; i < 5; i++) {
      expect(answer.body.minutes[i].total - answer.body.minutes[i - 1].total).toBe(
        answer.body.minutes[i].clicks,
      );
    }
    expect(answer.body.clicks_per_minute).toBeCloseTo(inWindow / 5, 2);
  });

  it.each(['0', '1441', '-1', 'abc', '1.5', '1e3', ''])(
    'answers 400 naming minutes for minutes=%p',
    async (minutes) => {
      const answer = await call('GET', `/api/clicks/log?minutes=${minutes}`);
      expect(answer.status).toBe(400);
      expect(answer.body.fields).toHaveProperty('minutes');
    },
  );

  it('accepts the bounds 1 and 1440', async () => {
    expect((await call<Log>('GET', '/api/clicks/log?minutes=1')).body.minutes).toHaveLength(1);
    expect((await call<Log>('GET', '/api/clicks/log?minutes=1440')).body.minutes).toHaveLength(1440);
  });
});
