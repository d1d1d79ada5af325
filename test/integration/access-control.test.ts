import { api, type ApiAnswer } from '../support/api';

const { call, newUser } = api();

type User = { token: string };

interface OwnedResource {
  /** What the owner creates. */
  readonly name: string;
  create(owner: User): Promise<string>;
  /** How the owner reads it back; must answer the same before and after the intruder's attempts. */
  read(owner: User, id: string): Promise<ApiAnswer>;
  /** What another user tries, and the status each attempt must get. */
  attempts(id: string): { method: string; path: string; body?: unknown; status: number }[];
}

const created = async (answer: Promise<ApiAnswer>, field = 'id'): Promise<string> => {
  const result = await answer;
  if (result.status !== 201 && result.status !== 200) throw new Error(`create answered ${result.status}`);
  return String(result.body[field]);
};

/** Every endpoint that touches one user's data, once per kind of data. */
const resources: OwnedResource[] = [
  {
    name: 'review',
    create: (owner) =>
      created(
        call('PUT', '/api/parks/zion/reviews/me', { token: owner.token, body: { stars: 5, title: 'Mine' } }),
        'parkId',
      ),
    read: (owner) => call('GET', '/api/parks/zion/reviews/me', { token: owner.token }),
    // A review is addressed as "me": another user only ever reaches their own (absent) review.
    attempts: () => [
      { method: 'GET', path: '/api/parks/zion/reviews/me', status: 404 },
      { method: 'DELETE', path: '/api/parks/zion/reviews/me', status: 404 },
    ],
  },
  {
    name: 'post',
    create: (owner) =>
      created(
        call('POST', '/api/parks/zion/posts', {
          token: owner.token,
          body: { title: 'Mine', body: 'Original' },
        }),
      ),
    read: (_owner, id) => call('GET', `/api/parks/zion/posts/${id}`),
    attempts: (id) => [
      { method: 'PATCH', path: `/api/parks/zion/posts/${id}`, body: { body: 'Hijacked' }, status: 403 },
      { method: 'DELETE', path: `/api/parks/zion/posts/${id}`, status: 403 },
    ],
  },
  {
    name: 'quiz result',
    create: async (owner) => {
      const quiz = await call<{ questions: { id: string; options: { id: string }[] }[] }>('GET', '/api/quiz');
      const answers = Object.fromEntries(quiz.body.questions.map((q) => [q.id, q.options[0].id]));
      return created(call('POST', '/api/quiz/results', { token: owner.token, body: { answers } }));
    },
    read: (owner) => call('GET', '/api/quiz/results', { token: owner.token }),
    attempts: (id) => [
      { method: 'DELETE', path: `/api/quiz/results/${id}`, status: 404 },
      { method: 'GET', path: '/api/quiz/results/latest', status: 404 },
    ],
  },
  {
    name: 'saved location',
    create: (owner) =>
      created(
        call('POST', '/api/locations', {
          token: owner.token,
          body: { name: 'Secret spot', latitude: 37.3, longitude: -113 },
        }),
      ),
    read: (owner, id) => call('GET', `/api/locations/${id}`, { token: owner.token }),
    attempts: (id) => [
      { method: 'GET', path: `/api/locations/${id}`, status: 404 },
      { method: 'PATCH', path: `/api/locations/${id}`, body: { name: 'Stolen' }, status: 404 },
      { method: 'DELETE', path: `/api/locations/${id}`, status: 404 },
    ],
  },
  {
    name: 'conversation',
    create: (owner) =>
      created(
        call('POST', '/api/chat', { token: owner.token, body: { message: 'private plans' } }),
        'conversationId',
      ),
    read: (owner, id) => call('GET', `/api/chat/conversations/${id}`, { token: owner.token }),
    attempts: (id) => [
      { method: 'GET', path: `/api/chat/conversations/${id}`, status: 404 },
      { method: 'POST', path: '/api/chat', body: { message: 'let me in', conversationId: id }, status: 404 },
      { method: 'DELETE', path: `/api/chat/conversations/${id}`, status: 404 },
    ],
  },
];

/** The intruder's own lists never show the owner's items. */
const intruderLists = ['/api/quiz/results', '/api/locations', '/api/chat/conversations'];

describe('access control matrix: another user can neither read, change nor delete', () => {
  let owner: User;
  let intruder: User;

  beforeAll(async () => {
    [owner, intruder] = await Promise.all([newUser('owner'), newUser('intruder')]);
  });

  it.each(resources.map((r) => [r.name, r] as const))('%s', async (_, resource) => {
    const id = await resource.create(owner);
    const before = await resource.read(owner, id);
    expect(before.status).toBe(200);
    for (const attempt of resource.attempts(id)) {
      const answer = await call(attempt.method, attempt.path, { token: intruder.token, body: attempt.body });
      expect({ ...attempt, got: answer.status }).toEqual({ ...attempt, got: attempt.status });
    }
    const after = await resource.read(owner, id);
    expect(after.status).toBe(200);
    expect(after.body).toEqual(before.body);
  });

  it.each(intruderLists)("%s lists only the caller's own items", async (path) => {
    const answer = await call<Record<string, unknown[]>>('GET', path, { token: intruder.token });
    expect(answer.status).toBe(200);
    const items = Object.values(answer.body).find(Array.isArray) ?? [];
    expect(items).toEqual([]);
  });

  it("a user's click total counts only their own clicks", async () => {
    const mine = await call<{ user_clicks: number }>('GET', '/api/clicks', { token: intruder.token });
    expect(mine.body.user_clicks).toBe(0);
  });
});
