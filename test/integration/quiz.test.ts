import { api } from '../support/api';

const { call, newUser } = api();

interface Question {
  id: string;
  text: string;
  options: { id: string; text: string }[];
}
interface Result {
  id: string;
  park: { id: string; name: string };
  createdAt: string;
}
interface ResultList {
  results: Result[];
  next_cursor: string | null;
}

let questions: Question[];
/** Answers choosing option `pick(questionIndex)` of every question. */
const answersWith = (pick: (q: Question, i: number) => number = () => 0): Record<string, string> =>
  Object.fromEntries(questions.map((q, i) => [q.id, q.options[pick(q, i) % q.options.length].id]));

beforeAll(async () => {
  const quiz = await call<{ questions: Question[] }>('GET', '/api/quiz');
  expect(quiz.status).toBe(200);
  questions = quiz.body.questions;
});

describe('GET /api/quiz', () => {
  it('answers at least 7 questions with options, no weights, to anyone', async () => {
    const answer = await call<{ questions: Question[] }>('GET', '/api/quiz');
    expect(answer.status).toBe(200);
    expect(answer.body.questions.length).toBeGreaterThanOrEqual(7);
    for (const question of answer.body.questions) {
      expect(Object.keys(question).sort()).toEqual(['id', 'options', 'text']);
      expect(question.options.length).toBeGreaterThanOrEqual(2);
      for (const option of question.options) expect(Object.keys(option).sort()).toEqual(['id', 'text']);
    }
    expect(JSON.stringify(answer.body)).not.toMatch(/weight|score|points/i);
  });

  it('answers 401 for an invalid token, even though none is needed', async () => {
    expect((await call('GET', '/api/quiz', { token: 'not-a-token' })).status).toBe(401);
  });
});

describe('POST /api/quiz/results', () => {
  it('needs a token: 401, and nothing is stored', async () => {
    expect((await call('POST', '/api/quiz/results', { body: { answers: answersWith() } })).status).toBe(401);
    expect(
      (await call('POST', '/api/quiz/results', { token: 'x.y.z', body: { answers: answersWith() } })).status,
    ).toBe(401);
  });

  it('scores the answers: 201 with the park, and the same answers always give the same park', async () => {
    const { token } = await newUser('quiz');
    const answers = answersWith((_, i) => i + 1);
    const first = await call<Result>('POST', '/api/quiz/results', { token, body: { answers } });
    expect(first.status).toBe(201);
    expect(Object.keys(first.body).sort()).toEqual(['createdAt', 'id', 'park']);
    expect(first.body.park.id).toMatch(/^[a-z-]+$/);
    expect(first.body.park.name.length).toBeGreaterThan(0);
    expect(new Date(first.body.createdAt).toISOString()).toBe(first.body.createdAt);
    expect(Math.abs(Date.now() - Date.parse(first.body.createdAt))).toBeLessThan(60_000);

    const park = await call<{ id: string; name: string }>('GET', `/api/parks/${first.body.park.id}`);
    expect(park.status).toBe(200);
    expect(park.body.name).toBe(first.body.park.name);

    // Same answers, other key order, other user: same park, a new result.
    const other = await newUser('quiz');
    const reordered = Object.fromEntries(Object.entries(answers).reverse());
    const second = await call<Result>('POST', '/api/quiz/results', {
      token: other.token,
      body: { answers: reordered },
    });
    expect(second.status).toBe(201);
    expect(second.body.park).toEqual(first.body.park);
    expect(second.body.id).not.toBe(first.body.id);
  });

  it('assigns different parks to different answers', async () => {
    const { token } = await newUser('quiz');
    const parks = new Set<string>();
    for (let k = 0; k < 5; k++) {
      const answer = await call<Result>('POST', '/api/quiz/results', {
        token,
        body: { answers: answersWith(() => k) },
      });
      expect(answer.status).toBe(201);
      parks.add(answer.body.park.id);
    }
    expect(parks.size).toBeGreaterThan(1);
  });

  describe('bad answers → 400 naming the problem, and nothing is stored', () => {
    let token: string;
    beforeAll(async () => {
      ({ token } = await newUser('quizbad'));
    });
    afterAll(async () => {
      const list = await call<ResultList>('GET', '/api/quiz/results', { token });
      expect(list.body.results).toEqual([]);
    });

    it.each([
      [
        'a missing question',
        (a: Record<string, unknown>) => delete a[questions[0].id],
        () => `answers.${questions[0].id}`,
        /missing/,
      ],
      [
        'an unknown question',
        (a: Record<string, unknown>) => (a.favourite_colour = 'green'),
        () => 'answers',
        /favourite_colour/,
      ],
      [
        'an unknown option',
        (a: Record<string, unknown>) => (a[questions[1].id] = 'no-such-option'),
        () => `answers.${questions[1].id}`,
        /not an option/,
      ],
      [
        'an option that belongs to another question',
        (a: Record<string, unknown>) => (a[questions[0].id] = questions[1].options[0].id),
        () => `answers.${questions[0].id}`,
        /not an option/,
      ],
      [
        'a number instead of an option id',
        (a: Record<string, unknown>) => (a[questions[2].id] = 2),
        () => `answers.${questions[2].id}`,
        /string/,
      ],
      [
        'points instead of an option id',
        (a: Record<string, unknown>) => (a[questions[2].id] = { denali: 100 }),
        () => `answers.${questions[2].id}`,
        /string/,
      ],
    ])('%s', async (_, spoil, field, pattern) => {
      const answers: Record<string, unknown> = answersWith();
      spoil(answers);
      const answer = await call('POST', '/api/quiz/results', { token, body: { answers } });
      expect(answer.status).toBe(400);
      const fields = answer.body.fields as Record<string, string>;
      expect(fields[field()]).toMatch(pattern);
      expect(String(answer.body.message)).toContain(field());
    });

    it('no answers at all, an empty object, answers that are not an object, or extra fields', async () => {
      for (const body of [
        {},
        { answers: {} },
        { answers: 'denali' },
        { answers: answersWith(), park: 'zion' },
      ]) {
        const answer = await call('POST', '/api/quiz/results', { token, body });
        expect(answer.status).toBe(400);
        expect(answer.body.fields).toBeDefined();
      }
      const empty = await call('POST', '/api/quiz/results', { token, body: { answers: {} } });
      expect(Object.keys(empty.body.fields as object).sort()).toEqual(
        questions.map((q) => `answers.${q.id}`).sort(),
      );
    });

    it('malformed JSON and an empty body', async () => {
      const malformed = await call('POST', '/api/quiz/results', {
        token,
        raw: '{"answers": {',
        headers: { 'content-type': 'application/json' },
      });
      expect(malformed.status).toBe(400);
      expect((await call('POST', '/api/quiz/results', { token })).status).toBe(400);
    });
  });

  it('takes the last of duplicate keys in a raw body, as JSON defines', async () => {
    const { token } = await newUser('quizdup');
    const base = answersWith();
    const [firstQuestion] = questions;
    const last = firstQuestion.options[firstQuestion.options.length - 1].id;
    const raw = `{"answers":{${Object.entries(base)
      .map(([q, o]) => `"${q}":"${o}"`)
      .join(',')},"${firstQuestion.id}":"${last}"}}`;
    const duplicated = await call<Result>('POST', '/api/quiz/results', {
      token,
      raw,
      headers: { 'content-type': 'application/json' },
    });
    expect(duplicated.status).toBe(201);
    const plain = await call<Result>('POST', '/api/quiz/results', {
      token,
      body: { answers: { ...base, [firstQuestion.id]: last } },
    });
    expect(duplicated.body.park).toEqual(plain.body.park);
  });
});

describe('GET /api/quiz/results, /latest and DELETE', () => {
  it('need a token', async () => {
    expect((await call('GET', '/api/quiz/results')).status).toBe(401);
    expect((await call('GET', '/api/quiz/results/latest')).status).toBe(401);
    expect((await call('DELETE', '/api/quiz/results/0000000000000000000000')).status).toBe(401);
  });

  it('a new user has no results: an empty list and a 404 latest', async () => {
    const { token } = await newUser('quiznew');
    const list = await call<ResultList>('GET', '/api/quiz/results', { token });
    expect(list.status).toBe(200);
    expect(list.body).toEqual({ results: [], next_cursor: null });
    const latest = await call('GET', '/api/quiz/results/latest', { token });
    expect(latest.status).toBe(404);
    expect(latest.body.message).toEqual(expect.any(String));
  });

  it('lists only the caller’s results, newest first, in pages; latest is the newest', async () => {
    const { token } = await newUser('quizlist');
    const stranger = await newUser('quizother');
    await call('POST', '/api/quiz/results', { token: stranger.token, body: { answers: answersWith() } });
    const created: Result[] = [];
    for (let k = 0; k < 5; k++) {
      const answer = await call<Result>('POST', '/api/quiz/results', {
        token,
        body: { answers: answersWith((_, i) => i + k) },
      });
      expect(answer.status).toBe(201);
      created.push(answer.body);
    }
    const newestFirst = [...created].reverse();

    const all = await call<ResultList>('GET', '/api/quiz/results', { token });
    expect(all.status).toBe(200);
    expect(all.body.results).toEqual(newestFirst);
    expect(all.body.next_cursor).toBeNull();

    const seen: Result[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: string = `?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const page: { status: number; body: ResultList } = await call<ResultList>(
        'GET',
        `/api/quiz/results${query}`,
        { token },
      );
      expect(page.status).toBe(200);
      expect(page.body.results.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.results);
      cursor = page.body.next_cursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toEqual(newestFirst);

    const latest = await call<Result>('GET', '/api/quiz/results/latest', { token });
    expect(latest.status).toBe(200);
    expect(latest.body).toEqual(created[created.length - 1]);
  });

  it('a page exactly as long as the list has no next cursor', async () => {
    const { token } = await newUser('quizexact');
    for (let k = 0; k < 2; k++)
      await call('POST', '/api/quiz/results', { token, body: { answers: answersWith() } });
    const page = await call<ResultList>('GET', '/api/quiz/results?limit=2', { token });
    expect(page.body.results).toHaveLength(2);
    expect(page.body.next_cursor).toBeNull();
  });

  it.each(['0', '101', 'ten', '-1', '1.5'])('limit=%s → 400 naming limit', async (limit) => {
    const { token } = await newUser('quizlimit');
    const answer = await call('GET', `/api/quiz/results?limit=${limit}`, { token });
    expect(answer.status).toBe(400);
    expect(answer.body.fields).toHaveProperty('limit');
  });

  it('refuses a tampered cursor and another user’s cursor with a 400, never their results', async () => {
    const [owner, thief] = [await newUser('quizcur'), await newUser('quizcur')];
    for (let k = 0; k < 3; k++)
      await call('POST', '/api/quiz/results', { token: owner.token, body: { answers: answersWith() } });
    const page = await call<ResultList>('GET', '/api/quiz/results?limit=1', { token: owner.token });
    const cursor = page.body.next_cursor as string;
    expect(cursor).toEqual(expect.any(String));
    const stolen = await call('GET', `/api/quiz/results?cursor=${encodeURIComponent(cursor)}`, {
      token: thief.token,
    });
    expect(stolen.status).toBe(400);
    expect(stolen.body.fields).toHaveProperty('cursor');
    for (const bad of ['garbage', Buffer.from('{"s":"quiz-results","k":{}}').toString('base64url')]) {
      const answer = await call('GET', `/api/quiz/results?cursor=${bad}`, { token: owner.token });
      expect(answer.status).toBe(400);
    }
  });

  it('deletes the caller’s result: 204, then gone from the list and latest, and 404 the second time', async () => {
    const { token } = await newUser('quizdel');
    const older = await call<Result>('POST', '/api/quiz/results', {
      token,
      body: { answers: answersWith() },
    });
    const newer = await call<Result>('POST', '/api/quiz/results', {
      token,
      body: { answers: answersWith(() => 1) },
    });
    const deleted = await call('DELETE', `/api/quiz/results/${newer.body.id}`, { token });
    expect(deleted.status).toBe(204);
    const list = await call<ResultList>('GET', '/api/quiz/results', { token });
    expect(list.body.results).toEqual([older.body]);
    expect((await call<Result>('GET', '/api/quiz/results/latest', { token })).body).toEqual(older.body);
    expect((await call('DELETE', `/api/quiz/results/${newer.body.id}`, { token })).status).toBe(404);
  });

  it('another user’s result id → 404, and the result is still there', async () => {
    const [owner, other] = [await newUser('quizown'), await newUser('quizown')];
    const result = await call<Result>('POST', '/api/quiz/results', {
      token: owner.token,
      body: { answers: answersWith() },
    });
    const attempt = await call('DELETE', `/api/quiz/results/${result.body.id}`, { token: other.token });
    expect(attempt.status).toBe(404);
    const list = await call<ResultList>('GET', '/api/quiz/results', { token: owner.token });
    expect(list.body.results).toEqual([result.body]);
    expect((await call<ResultList>('GET', '/api/quiz/results', { token: other.token })).body.results).toEqual(
      [],
    );
  });

  it.each([
    ['"latest"', 'latest'],
    ['a word', 'not-an-id'],
    ['an encoded path', '..%2F..%2Fparks'],
    ['300 characters', 'x'.repeat(300)],
    ['upper case', '0000000000ZZZZZZZZZZZZ'],
  ])('a malformed id (%s) → 404, never a 500', async (_, id) => {
    const { token } = await newUser('quizbadid');
    const answer = await call('DELETE', `/api/quiz/results/${id}`, { token });
    expect(answer.status).toBe(404);
    expect(answer.body.message).toEqual(expect.any(String));
  });

  it('refuses a body on DELETE, deleting nothing', async () => {
    const { token } = await newUser('quizbody');
    const result = await call<Result>('POST', '/api/quiz/results', {
      token,
      body: { answers: answersWith() },
    });
    const answer = await call('DELETE', `/api/quiz/results/${result.body.id}`, {
      token,
      body: { force: true },
    });
    expect(answer.status).toBe(400);
    expect((await call<ResultList>('GET', '/api/quiz/results', { token })).body.results).toHaveLength(1);
  });
});
