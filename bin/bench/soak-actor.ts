import { quizAnswers, type QuizQuestion } from './fixtures';
import { allPages, type Answer, type SoakClient } from './soak-client';

/**
 * One soak user: a loop of mixed requests, one at a time, until the deadline. Because each user waits
 * for one answer before sending the next request, the soak knows exactly what each user's data must
 * be (its model below), and can check the server against it at the end and along the way.
 */

export type ReviewState = number | 'none' | 'unknown';

export interface SoakUser {
  readonly index: number;
  readonly username: string;
  readonly token: string;
  /** Clicks answered 200, each sent with its own Idempotency-Key. */
  clicks: number;
  /** Clicks whose every attempt went unanswered or failed: counted at most once, maybe not at all. */
  clicksUnresolved: number;
  keys: number;
  /** The user's review of each soak park, as the answers say it must be. */
  readonly reviews: Map<string, ReviewState>;
  /** Ids of the user's saved locations; undefined while unknown (a failed write not yet read back). */
  locations: Set<string> | undefined;
}

/** Disagreements between the server and the model, by kind, with the first few examples. */
export class Findings {
  private readonly counts = new Map<string, number>();
  private readonly examples = new Map<string, string[]>();

  add(kind: string, example: string): void {
    this.counts.set(kind, (this.counts.get(kind) ?? 0) + 1);
    const list = this.examples.get(kind) ?? [];
    if (list.length < 3) list.push(example);
    this.examples.set(kind, list);
  }

  count(kind: string): number {
    return this.counts.get(kind) ?? 0;
  }

  examplesOf(kind: string): readonly string[] {
    return this.examples.get(kind) ?? [];
  }

  kinds(): string[] {
    return [...this.counts.keys()];
  }
}

export const UNEXPECTED = 'unexpected answer';
export const CLICK_ANSWER = 'click answer counts the user’s clicks so far';
export const CLICK_REPLAY = 'retry with the same Idempotency-Key answers the same numbers';
export const OWN_CLICKS = 'GET /api/clicks shows the user’s own clicks';
export const OWN_REVIEW = 'GET …/reviews/me shows the user’s own review';
export const OWN_LOCATIONS = 'GET /api/locations shows the user’s own locations';

export interface SoakWorld {
  readonly client: SoakClient;
  /** The parks whose reviews and posts the soak writes. */
  readonly parks: readonly string[];
  /** Every catalog park, for reads. */
  readonly allParks: readonly string[];
  readonly questions: readonly QuizQuestion[];
  /** Ids of acknowledged posts, per park. */
  readonly posts: Map<string, Set<string>>;
  /** Post writes that went unanswered or failed with a 5xx, per park: they may exist or not. */
  readonly postsUnresolved: Map<string, number>;
  readonly findings: Findings;
  readonly deadline: number;
  replays: number;
}

/** Statuses that mean "try again later", not "your request was wrong". */
const retryable = (status: number): boolean => status === 0 || status === 429 || status >= 500;

const CLICK_ATTEMPTS = 6;
/** Share of clicks sent a second time with the same key, as a client that lost the answer would. */
const REPLAY_SHARE = 0.1;
/** Each user keeps at most this many saved locations, deleting as it goes (the cap is 200). */
const LOCATIONS_KEEP = 8;
const LOCATIONS_LIMIT = 100;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)];
const backoff = (attempt: number): number => Math.min(2000, 50 * 2 ** attempt) * (0.5 + Math.random());

const describe = (answer: Answer<unknown>): string =>
  answer.status === 0
    ? `no answer (${answer.error})`
    : `${answer.status} ${JSON.stringify(answer.body).slice(0, 160)}`;

function unexpected(world: SoakWorld, what: string, answer: Answer<unknown>): void {
  // 503 (busy or a dependency down, with Retry-After) and no answer at all are counted in the report;
  // anything else outside what the request must get is a finding.
  if (answer.status === 0 || answer.status === 503) return;
  world.findings.add(UNEXPECTED, `${what}: ${describe(answer)}`);
}

type Action = (user: SoakUser, world: SoakWorld) => Promise<void>;

async function click(user: SoakUser, world: SoakWorld): Promise<void> {
  const key = `soak-${user.index}-${++user.keys}`;
  const send = () =>
    world.client.call<{ total_clicks: number; user_clicks: number }>('POST', '/api/clicks', '/api/clicks', {
      token: user.token,
      headers: { 'idempotency-key': key },
    });
  let acknowledged: Answer<{ total_clicks: number; user_clicks: number }> | undefined;
  for (let attempt = 0; attempt < CLICK_ATTEMPTS; attempt++) {
    const answer = await send();
    if (answer.status === 200) {
      acknowledged = answer;
      break;
    }
    // Over the per-user limit: counted nowhere, so the same click may be tried again after a pause.
    if (answer.status !== 429) unexpected(world, 'POST /api/clicks', answer);
    if (!retryable(answer.status)) break;
    // The same key again: if the first attempt was counted after all, this one is not.
    await sleep(backoff(attempt));
  }
  if (!acknowledged) {
    user.clicksUnresolved++;
    return;
  }
  user.clicks++;
  const counted = acknowledged.body.user_clicks;
  if (counted < user.clicks || counted > user.clicks + user.clicksUnresolved)
    world.findings.add(
      CLICK_ANSWER,
      `${user.username}: click ${user.clicks} answered user_clicks ${counted}` +
        (user.clicksUnresolved ? ` (${user.clicksUnresolved} unresolved)` : ''),
    );
  if (Math.random() < REPLAY_SHARE) {
    const again = await send();
    if (again.status === 200) {
      world.replays++;
      const same =
        again.body.total_clicks === acknowledged.body.total_clicks &&
        again.body.user_clicks === acknowledged.body.user_clicks;
      if (!same)
        world.findings.add(
          CLICK_REPLAY,
          `${user.username} key ${key}: ${JSON.stringify(acknowledged.body)} then ${JSON.stringify(again.body)}`,
        );
    } else {
      unexpected(world, 'POST /api/clicks (retry)', again);
    }
  }
}

const reviewRoute = '/api/parks/{parkId}/reviews/me';

async function review(user: SoakUser, world: SoakWorld): Promise<void> {
  const park = pick(world.parks);
  const path = `/api/parks/${park}/reviews/me`;
  const current = user.reviews.get(park) ?? 'none';
  if (current === 'unknown') return resyncReview(user, world, park);
  if (current !== 'none' && Math.random() < 0.3) {
    const answer = await world.client.call('DELETE', reviewRoute, path, { token: user.token });
    if (answer.status === 204) {
      user.reviews.set(park, 'none');
      return;
    }
    unexpected(world, `DELETE ${path} (review of ${current} stars)`, answer);
    return resyncReview(user, world, park, answer);
  }
  // Always a create or a change of stars: never the same stars again.
  const choices = [1, 2, 3, 4, 5].filter((s) => s !== current);
  const stars = pick(choices);
  const answer = await world.client.call<{ stars: number }>('PUT', reviewRoute, path, {
    token: user.token,
    body: { stars, title: `Soak review by user ${user.index}`, body: 'Written by npm run bench -- --soak.' },
  });
  const expected = current === 'none' ? 201 : 200;
  if (answer.status === expected && answer.body.stars === stars) {
    user.reviews.set(park, stars);
    return;
  }
  unexpected(world, `PUT ${path} (expected ${expected}, had ${current})`, answer);
  return resyncReview(user, world, park, answer);
}

/** After a write whose outcome is not known, reads the review back: this user is the only writer. */
async function resyncReview(
  user: SoakUser,
  world: SoakWorld,
  park: string,
  failed?: Answer<unknown>,
): Promise<void> {
  user.reviews.set(park, 'unknown');
  // A request that timed out may still be running on the server; give it time to finish first.
  if (failed?.status === 0) await sleep(2000);
  for (let attempt = 0; attempt < 5; attempt++) {
    const answer = await world.client.call<{ stars: number }>(
      'GET',
      reviewRoute,
      `/api/parks/${park}/reviews/me`,
      { token: user.token },
    );
    if (answer.status === 200) return void user.reviews.set(park, answer.body.stars);
    if (answer.status === 404) return void user.reviews.set(park, 'none');
    if (!retryable(answer.status)) return unexpected(world, `GET /api/parks/${park}/reviews/me`, answer);
    await sleep(backoff(attempt));
  }
}

async function post(user: SoakUser, world: SoakWorld): Promise<void> {
  const park = pick(world.parks);
  const path = `/api/parks/${park}/posts`;
  const answer = await world.client.call<{ id: string }>('POST', '/api/parks/{parkId}/posts', path, {
    token: user.token,
    body: { title: `Soak post ${user.index}-${Date.now()}`, body: 'Written by npm run bench -- --soak.' },
  });
  if (answer.status === 201 && typeof answer.body.id === 'string') {
    world.posts.get(park)?.add(answer.body.id);
    return;
  }
  if (retryable(answer.status)) world.postsUnresolved.set(park, (world.postsUnresolved.get(park) ?? 0) + 1);
  unexpected(world, `POST ${path}`, answer);
}

async function location(user: SoakUser, world: SoakWorld): Promise<void> {
  const saved = user.locations;
  if (!saved) return resyncLocations(user, world);
  if (saved.size >= LOCATIONS_KEEP || (saved.size > 0 && Math.random() < 0.3)) {
    const id = pick([...saved]);
    const answer = await world.client.call('DELETE', '/api/locations/{id}', `/api/locations/${id}`, {
      token: user.token,
    });
    if (answer.status === 204) return void saved.delete(id);
    unexpected(world, `DELETE /api/locations/${id}`, answer);
    return resyncLocations(user, world, answer);
  }
  const answer = await world.client.call<{ id: string }>('POST', '/api/locations', '/api/locations', {
    token: user.token,
    body: {
      name: `Soak spot ${user.index}`,
      latitude: 25 + Math.random() * 20,
      longitude: -120 + Math.random() * 45,
      parkId: pick(world.allParks),
      note: 'Saved by npm run bench -- --soak.',
    },
  });
  if (answer.status === 201 && typeof answer.body.id === 'string') return void saved.add(answer.body.id);
  unexpected(world, 'POST /api/locations', answer);
  return resyncLocations(user, world, answer);
}

async function listLocations(user: SoakUser, world: SoakWorld) {
  return allPages<{ id: string }>(world.client, '/api/locations', '/api/locations', 'locations', {
    token: user.token,
    limit: LOCATIONS_LIMIT,
  });
}

async function resyncLocations(user: SoakUser, world: SoakWorld, failed?: Answer<unknown>): Promise<void> {
  user.locations = undefined;
  if (failed?.status === 0) await sleep(2000);
  const listed = await listLocations(user, world);
  if (!listed.failure) user.locations = new Set(listed.items.map((l) => l.id));
}

async function quiz(user: SoakUser, world: SoakWorld): Promise<void> {
  const answer = await world.client.call('POST', '/api/quiz/results', '/api/quiz/results', {
    token: user.token,
    body: { answers: quizAnswers(world.questions, Math.floor(Math.random() * 100)) },
  });
  if (answer.status !== 201) unexpected(world, 'POST /api/quiz/results', answer);
}

/** A read, checked where the soak knows the answer (the user's own clicks, review and locations). */
async function read(user: SoakUser, world: SoakWorld): Promise<void> {
  const { client } = world;
  const token = user.token;
  const expect200 = (what: string, answer: Answer<unknown>): boolean => {
    if (answer.status === 200) return true;
    unexpected(world, what, answer);
    return false;
  };
  const park = pick(world.parks);
  const anyPark = pick(world.allParks);
  const reads: (() => Promise<void>)[] = [
    async () => {
      const answer = await client.call<{ user_clicks: number }>(
        'GET',
        '/api/clicks (signed in)',
        '/api/clicks',
        {
          token,
        },
      );
      if (!expect200('GET /api/clicks', answer) || user.clicksUnresolved > 0) return;
      if (answer.body.user_clicks !== user.clicks)
        world.findings.add(
          OWN_CLICKS,
          `${user.username}: ${answer.body.user_clicks}, acknowledged ${user.clicks}`,
        );
    },
    async () =>
      void expect200('GET /api/clicks', await client.call('GET', '/api/clicks (anonymous)', '/api/clicks')),
    async () =>
      void expect200(
        'GET /api/clicks/log',
        await client.call('GET', '/api/clicks/log', '/api/clicks/log?minutes=60'),
      ),
    async () => void expect200('GET /api/parks', await client.call('GET', '/api/parks', '/api/parks')),
    async () =>
      void expect200(
        `GET /api/parks/${anyPark}`,
        await client.call('GET', '/api/parks/{parkId}', `/api/parks/${anyPark}`),
      ),
    async () =>
      void expect200(
        `GET /api/parks/${park}/reviews`,
        await client.call('GET', '/api/parks/{parkId}/reviews', `/api/parks/${park}/reviews`),
      ),
    async () =>
      void expect200(
        `GET /api/parks/${park}/analytics`,
        await client.call('GET', '/api/parks/{parkId}/analytics', `/api/parks/${park}/analytics`),
      ),
    async () =>
      void expect200(
        'GET /api/analytics/parks',
        await client.call('GET', '/api/analytics/parks', '/api/analytics/parks'),
      ),
    async () =>
      void expect200(
        `GET /api/parks/${park}/posts`,
        await client.call('GET', '/api/parks/{parkId}/posts', `/api/parks/${park}/posts`),
      ),
    async () => {
      const expected = user.reviews.get(park) ?? 'none';
      const answer = await client.call<{ stars: number }>(
        'GET',
        reviewRoute,
        `/api/parks/${park}/reviews/me`,
        {
          token,
        },
      );
      if (answer.status !== 200 && answer.status !== 404)
        return unexpected(world, `GET /api/parks/${park}/reviews/me`, answer);
      if (expected === 'unknown') return;
      const seen = answer.status === 404 ? 'none' : answer.body.stars;
      if (seen !== expected)
        world.findings.add(OWN_REVIEW, `${user.username} on ${park}: ${seen}, expected ${expected}`);
    },
    async () => void expect200('GET /api/quiz', await client.call('GET', '/api/quiz', '/api/quiz')),
    async () =>
      void expect200(
        'GET /api/quiz/results',
        await client.call('GET', '/api/quiz/results', '/api/quiz/results', { token }),
      ),
    async () => {
      const answer = await client.call<{ locations: { id: string }[] }>(
        'GET',
        '/api/locations',
        `/api/locations?limit=${LOCATIONS_LIMIT}`,
        { token },
      );
      if (!expect200('GET /api/locations', answer) || !user.locations) return;
      const seen = new Set(answer.body.locations.map((l) => l.id));
      const same = seen.size === user.locations.size && [...seen].every((id) => user.locations?.has(id));
      if (!same)
        world.findings.add(
          OWN_LOCATIONS,
          `${user.username}: ${seen.size} listed, ${user.locations.size} expected`,
        );
    },
    async () =>
      void expect200(
        'GET /api/chat/conversations',
        await client.call('GET', '/api/chat/conversations', '/api/chat/conversations', { token }),
      ),
    async () => void expect200('GET /api/me', await client.call('GET', '/api/me', '/api/me', { token })),
    async () => void expect200('GET /api/health', await client.call('GET', '/api/health', '/api/health')),
  ];
  await pick(reads)();
}

/** Share of each kind of action in a user's traffic. */
const MIX: readonly (readonly [Action, number])[] = [
  [click, 30],
  [review, 15],
  [post, 6],
  [location, 8],
  [quiz, 2],
  [read, 39],
];
const MIX_TOTAL = MIX.reduce((n, [, w]) => n + w, 0);

function nextAction(): Action {
  let roll = Math.random() * MIX_TOTAL;
  for (const [action, weight] of MIX) {
    roll -= weight;
    if (roll < 0) return action;
  }
  return read;
}

/** The user's loop: stops by itself at the deadline (each request has its own timeout). */
export async function actUntilDeadline(user: SoakUser, world: SoakWorld): Promise<void> {
  // Staggered starts, so the users do not move in lock-step.
  await sleep(Math.random() * 200);
  while (Date.now() < world.deadline) await nextAction()(user, world);
}
