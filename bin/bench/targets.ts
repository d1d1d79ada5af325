import { LOCATION_CAP } from '../../lambdas/locations/store';
import type { Area } from '../../lambdas/contract/routes';
import { benchLocation, signUp, type Api, type BenchUser, type Fixtures } from './fixtures';
import type { HttpWorkload, LoadResult, RequestTemplate } from './load-protocol';
import type { RunPlan, Target } from './throughput';

/**
 * What `npm run bench` loads besides the click engine (bin/bench/click-engine.ts): every other read
 * endpoint, and the other write paths, each as a rotation of requests over the fixture users. Names
 * use `{id}` for the park, so rows stay short.
 */

const get = (path: string, token?: string): RequestTemplate => ({ method: 'GET', path, token });
const json = (value: unknown): string => JSON.stringify(value);
const http = (origin: string, requests: readonly RequestTemplate[]): HttpWorkload => ({
  kind: 'http',
  origin,
  requests,
});

/** One request per user, so consecutive requests come from different users. */
const perUser = (users: readonly BenchUser[], make: (user: BenchUser) => RequestTemplate) => users.map(make);

const readTarget = (
  origin: string,
  name: string,
  area: Area,
  requests: readonly RequestTemplate[],
): Target => ({
  name,
  tags: [area, 'reads'],
  local: true,
  workload: () => http(origin, requests),
});

/** The click read the engine section leaves out; it needs no seeded data. */
export function clickLogTarget(origin: string): Target {
  return readTarget(origin, 'GET /api/clicks/log', 'clicks', [get('/api/clicks/log?minutes=60')]);
}

export function readTargets(origin: string, fixtures: Fixtures): Target[] {
  const { users, readPark } = fixtures;
  const park = `/api/parks/${readPark}`;
  const signedIn = (path: string): RequestTemplate[] => users.map((u) => get(path, u.token));
  const read = (name: string, area: Area, requests: readonly RequestTemplate[]): Target =>
    readTarget(origin, name, area, requests);
  return [
    read('GET /api/health', 'ops', [get('/api/health')]),
    read('GET /api/me', 'auth', signedIn('/api/me')),
    read('GET /api/parks', 'parks', [get('/api/parks')]),
    read('GET /api/parks/{id}', 'parks', [get(park)]),
    read('GET /api/parks/{id}/reviews', 'parks', [get(`${park}/reviews`)]),
    read('GET /api/parks/{id}/analytics', 'parks', [get(`${park}/analytics`)]),
    read('GET /api/analytics/parks', 'parks', [get('/api/analytics/parks')]),
    read('GET /api/parks/{id}/posts', 'parks', [get(`${park}/posts`)]),
    read('GET /api/quiz', 'quiz', [get('/api/quiz')]),
    read('GET /api/quiz/results', 'quiz', signedIn('/api/quiz/results')),
    read('GET /api/locations', 'locations', signedIn('/api/locations')),
    read('GET /api/chat/conversations', 'chat', signedIn('/api/chat/conversations')),
  ];
}

const STAR_ROUNDS = 5;

export function writeTargets(origin: string, fixtures: Fixtures, api: Api): Target[] {
  const { users, parks, readPark } = fixtures;
  const write = (
    name: string,
    area: Area,
    requests: (plan: RunPlan) => Promise<RequestTemplate[]> | RequestTemplate[],
    finished?: Target['finished'],
  ): Target => ({
    name,
    tags: [area, 'writes'],
    local: true,
    workload: async (plan) => http(origin, await requests(plan)),
    finished,
  });

  // Every run reviews a park nobody has reviewed yet, so each user's first write there is a create and
  // every later one moves their stars by one (1→2→…→5→1): each request is a create or a change.
  const reviewParks = parks.filter((p) => p !== readPark);
  let reviewRuns = 0;
  const reviewRequests = (): RequestTemplate[] => {
    const park = reviewParks[reviewRuns++ % reviewParks.length];
    const requests: RequestTemplate[] = [];
    for (let round = 0; round < STAR_ROUNDS; round++) {
      for (const user of users) {
        requests.push({
          method: 'PUT',
          path: `/api/parks/${park}/reviews/me`,
          token: user.token,
          body: json({ stars: round + 1, title: 'Bench review' }),
        });
      }
    }
    return requests;
  };

  const postPark = reviewParks[0] ?? readPark;
  const locations = new LocationUsers(api, users, fixtures.locationsPerUser);

  return [
    write('PUT /api/parks/{id}/reviews/me', 'parks', reviewRequests),
    write('POST /api/parks/{id}/posts', 'parks', () =>
      perUser(users, (u) => ({
        method: 'POST',
        path: `/api/parks/${postPark}/posts`,
        token: u.token,
        body: json({ title: 'Bench post {seq}', body: 'Written by npm run bench under load.' }),
      })),
    ),
    write(
      'POST /api/locations',
      'locations',
      (plan) => locations.requests(plan),
      (plan, result) => locations.finished(plan, result),
    ),
  ];
}

/** Locations a bench user may still save, with room to spare under the per-user cap. */
const LOCATION_BUDGET = LOCATION_CAP - 20;
/** A first guess of POST /api/locations req/s, before a run has measured it; generous on purpose. */
const GUESS_RPS = 400;

/**
 * Hands out users for POST /api/locations so that none reaches the cap of 200: each run gets enough
 * users for twice the requests the last run managed, signing up fresh ones when the others are full.
 * Request n goes to user n % users, so each user saves at most ⌈(answered + in flight) / users⌉.
 */
class LocationUsers {
  private readonly saved = new Map<BenchUser, number>();
  private current: BenchUser[] = [];
  private fastest = GUESS_RPS;

  constructor(
    private readonly api: Api,
    seeded: readonly BenchUser[],
    seededEach: number,
  ) {
    for (const user of seeded) this.saved.set(user, seededEach);
  }

  async requests(plan: RunPlan): Promise<RequestTemplate[]> {
    const expected = 2 * this.fastest * plan.seconds + plan.connections;
    const needed = Math.max(2 * plan.connections, Math.ceil(expected / (LOCATION_BUDGET / 2)));
    const each = Math.ceil(expected / needed);
    const fits = [...this.saved].filter(([, n]) => n + each <= LOCATION_BUDGET).map(([u]) => u);
    if (fits.length < needed) {
      for (const user of await signUp(this.api, 'bench_loc', needed - fits.length)) {
        this.saved.set(user, 0);
        fits.push(user);
      }
    }
    this.current = fits.slice(0, needed);
    return this.current.map((user, i) => ({
      method: 'POST',
      path: '/api/locations',
      token: user.token,
      body: json(benchLocation(i, { name: 'Bench spot {seq}' })),
    }));
  }

  finished(plan: RunPlan, result: LoadResult): void {
    this.fastest = Math.max(this.fastest, result.requestsPerSecond);
    const each = Math.ceil((result.requests + plan.connections) / Math.max(1, this.current.length));
    for (const user of this.current) this.saved.set(user, (this.saved.get(user) ?? 0) + each);
  }
}
