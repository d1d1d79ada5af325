import { apiClient, type ApiAnswer } from '../../test/support/api';

/**
 * Users and data for the bench and the soak, made through the HTTP API like any client would: the
 * read endpoints are measured on a park with reviews and posts, users with saved locations, quiz
 * results and a conversation.
 */
export type Api = ReturnType<typeof apiClient>;

export interface BenchUser {
  readonly username: string;
  readonly token: string;
}

/** Sign-ups in parallel: quicker than one by one, gentle enough for cognito-local. */
const SIGN_UP_PARALLEL = 4;

/** Signs up `count` fresh users (`<prefix>_<random>`), a few at a time. */
export async function signUp(api: Api, prefix: string, count: number): Promise<BenchUser[]> {
  const users: BenchUser[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < count) {
      next++;
      const { username, token } = await api.newUser(prefix);
      users.push({ username, token });
    }
  };
  await Promise.all(Array.from({ length: Math.min(SIGN_UP_PARALLEL, count) }, worker));
  return users;
}

/** Throws unless the answer has the expected status; the bench must not measure a broken fixture. */
export function expectStatus<T>(answer: ApiAnswer<T>, what: string, ...statuses: number[]): ApiAnswer<T> {
  if (!statuses.includes(answer.status))
    throw new Error(`${what} answered ${answer.status}: ${JSON.stringify(answer.body).slice(0, 300)}`);
  return answer;
}

export interface QuizQuestion {
  readonly id: string;
  readonly options: readonly { readonly id: string }[];
}

export async function quizQuestions(api: Api): Promise<QuizQuestion[]> {
  const quiz = expectStatus(
    await api.call<{ questions: QuizQuestion[] }>('GET', '/api/quiz'),
    'GET /api/quiz',
    200,
  );
  return quiz.body.questions;
}

/** A complete set of answers; `variant` picks different options, so users get different parks. */
export const quizAnswers = (questions: readonly QuizQuestion[], variant: number): Record<string, string> =>
  Object.fromEntries(questions.map((q, i) => [q.id, q.options[(variant + i) % q.options.length].id]));

export async function parkIds(api: Api): Promise<string[]> {
  const parks = expectStatus(
    await api.call<{ parks: { id: string }[] }>('GET', '/api/parks'),
    'GET /api/parks',
    200,
  );
  return parks.body.parks.map((p) => p.id);
}

export interface Fixtures {
  readonly users: readonly BenchUser[];
  readonly parks: readonly string[];
  /** Has a review and a post by every user; the park the read targets ask about. */
  readonly readPark: string;
  readonly locationsPerUser: number;
}

const LOCATIONS_PER_USER = 3;

/** Every user: a review and a post on one park, a few saved locations, a quiz result and a chat. */
export async function seedFixtures(api: Api, users: readonly BenchUser[]): Promise<Fixtures> {
  const parks = await parkIds(api);
  const readPark = parks[0];
  const questions = await quizQuestions(api);
  await Promise.all(
    users.map(async (user, i) => {
      const token = user.token;
      expectStatus(
        await api.call('PUT', `/api/parks/${readPark}/reviews/me`, {
          token,
          body: { stars: (i % 5) + 1, title: `Bench review ${i}`, body: 'Seeded by npm run bench.' },
        }),
        'seeding a review',
        200,
        201,
      );
      expectStatus(
        await api.call('POST', `/api/parks/${readPark}/posts`, {
          token,
          body: { title: `Bench post ${i}`, body: 'Seeded by npm run bench.' },
        }),
        'seeding a post',
        201,
      );
      for (let n = 0; n < LOCATIONS_PER_USER; n++) {
        expectStatus(
          await api.call('POST', '/api/locations', { token, body: benchLocation(i * 10 + n) }),
          'seeding a location',
          201,
        );
      }
      expectStatus(
        await api.call('POST', '/api/quiz/results', { token, body: { answers: quizAnswers(questions, i) } }),
        'seeding a quiz result',
        201,
      );
      expectStatus(
        await api.call('POST', '/api/chat', { token, body: { message: 'Where should I camp in spring?' } }),
        'seeding a conversation',
        200,
      );
    }),
  );
  return { users, parks, readPark, locationsPerUser: LOCATIONS_PER_USER };
}

/** A valid location body; `n` spreads the points over the contiguous United States. */
export function benchLocation(n: number | string, extra: Record<string, unknown> = {}) {
  const i = typeof n === 'number' ? n : 0;
  return {
    name: `Bench spot ${n}`,
    latitude: 30 + (i % 17),
    longitude: -120 + ((i * 7) % 45),
    note: 'Saved by npm run bench.',
    ...extra,
  };
}
