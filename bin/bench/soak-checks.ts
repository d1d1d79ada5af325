import { LOCATION_CAP } from '../../lambdas/locations/store';
import {
  CLICK_ANSWER,
  CLICK_REPLAY,
  OWN_CLICKS,
  OWN_LOCATIONS,
  OWN_REVIEW,
  UNEXPECTED,
  type SoakUser,
  type SoakWorld,
} from './soak-actor';
import { allPages, type SoakClient } from './soak-client';

/** The soak's verdict is a list of these; any `pass: false` fails it. */
export interface Check {
  readonly name: string;
  readonly pass: boolean | 'skip';
  readonly detail: string;
}

const check = (name: string, pass: boolean, detail: string): Check => ({ name, pass, detail });

// ---- snapshots, taken before the users start and after they stop ------------------------------

export interface ClickSnapshot {
  readonly total: number;
  /** Clicks per minute of the last 1440 minutes, by the minute's start (ISO). */
  readonly minutes: ReadonlyMap<string, number>;
}

const LOG_MINUTES = 1440;

export async function clickSnapshot(client: SoakClient): Promise<ClickSnapshot> {
  const answer = await client.call<{ total_clicks: number; minutes: { minute: string; clicks: number }[] }>(
    'GET',
    '/api/clicks/log',
    `/api/clicks/log?minutes=${LOG_MINUTES}`,
  );
  if (answer.status !== 200) throw new Error(`GET /api/clicks/log answered ${answer.status || answer.error}`);
  return {
    total: answer.body.total_clicks,
    minutes: new Map(answer.body.minutes.map((m) => [m.minute, m.clicks])),
  };
}

export interface ListedReview {
  readonly author: string;
  readonly stars: number;
}

export interface ParkSnapshot {
  readonly reviews: ListedReview[];
  readonly postIds: Set<string>;
}

/** A park's reviews and posts, every page (small pages, so the cursors are exercised too). */
export async function parkSnapshot(client: SoakClient, park: string): Promise<ParkSnapshot> {
  const [reviews, posts] = await Promise.all([
    allPages<ListedReview>(client, '/api/parks/{parkId}/reviews', `/api/parks/${park}/reviews`, 'reviews', {
      limit: 7,
    }),
    allPages<{ id: string }>(client, '/api/parks/{parkId}/posts', `/api/parks/${park}/posts`, 'posts', {
      limit: 50,
    }),
  ]);
  if (reviews.failure) throw new Error(`listing the reviews of ${park}: ${reviews.failure}`);
  if (posts.failure) throw new Error(`listing the posts of ${park}: ${posts.failure}`);
  return { reviews: reviews.items, postIds: new Set(posts.items.map((p) => p.id)) };
}

// ---- the checks ----------------------------------------------------------------------------------

const sum = (values: Iterable<number>): number => {
  let total = 0;
  for (const v of values) total += v;
  return total;
};

/** The API's average: mean to one decimal, half up, in integers (see lambdas/parks/domain.ts). */
const average = (stars: readonly number[]): number =>
  stars.length === 0 ? 0 : Math.floor((sum(stars) * 20 + stars.length) / (2 * stars.length)) / 10;

export function findingChecks(world: SoakWorld): Check[] {
  const line = (kind: string, name: string, seen: string): Check => {
    const n = world.findings.count(kind);
    const examples = world.findings.examplesOf(kind);
    return check(name, n === 0, n === 0 ? seen : `${n} times, e.g. ${examples.join(' | ')}`);
  };
  return [
    line(
      UNEXPECTED,
      'every answer was one the request must get (or a 503, or a 429 to a click)',
      'none unexpected',
    ),
    line(CLICK_ANSWER, `clicks: ${CLICK_ANSWER}`, 'every answer'),
    line(CLICK_REPLAY, `clicks: ${CLICK_REPLAY}`, `${world.replays} retries`),
    line(OWN_CLICKS, `reads: ${OWN_CLICKS}`, 'every read'),
    line(OWN_REVIEW, `reads: ${OWN_REVIEW}`, 'every read'),
    line(OWN_LOCATIONS, `reads: ${OWN_LOCATIONS}`, 'every read'),
  ];
}

/** Local mode aggregates within 2 s of a click (the spec); past this the soak stops waiting and fails. */
export const CLICK_DRAIN_TIMEOUT_MS = 30_000;
const CLICK_DRAIN_POLL_MS = 250;

/**
 * Once the users have stopped: each user's own count is exact at once, the total and the minutes
 * follow through the click stream. Polls the log until the total and the minutes since the soak
 * began have grown by Σ user_clicks of the soak users (the server's own count of what it took), or
 * the time-out passes, then checks everything against what the answers said.
 */
export async function clickChecks(
  client: SoakClient,
  users: readonly SoakUser[],
  before: ClickSnapshot,
  soakStart: Date,
  stoppedAt: number,
): Promise<Check[]> {
  const acknowledged = sum(users.map((u) => u.clicks));
  const unresolved = sum(users.map((u) => u.clicksUnresolved));
  const within = (value: number, low: number): boolean => value >= low && value <= low + unresolved;
  const maybe = unresolved > 0 ? ` (+ up to ${unresolved} unresolved)` : '';
  const checks: Check[] = [];

  const perUser = await Promise.all(
    users.map(async (user) => {
      const answer = await client.call<{ user_clicks: number }>('GET', '/api/clicks', '/api/clicks', {
        token: user.token,
      });
      return { user, counted: answer.status === 200 ? answer.body.user_clicks : Number.NaN };
    }),
  );
  const counted = sum(perUser.map((u) => u.counted));

  // Minutes from the one the soak started in: they held only the clicks before the soak then.
  const startMinute = `${soakStart.toISOString().slice(0, 16)}:00.000Z`;
  const since = (snapshot: ClickSnapshot): number =>
    sum([...snapshot.minutes].filter(([minute]) => minute >= startMinute).map(([, clicks]) => clicks));
  const beforeInLog = sum(before.minutes.values());
  // Σ minutes == total only if every click the server ever took is inside the log's window.
  const logCoversAll = beforeInLog === before.total;
  const drainedIn = (snapshot: ClickSnapshot): boolean =>
    snapshot.total === before.total + counted &&
    since(snapshot) - since(before) === counted &&
    (!logCoversAll || sum(snapshot.minutes.values()) === snapshot.total);
  let after = await clickSnapshot(client);
  while (!drainedIn(after) && Date.now() - stoppedAt < CLICK_DRAIN_TIMEOUT_MS) {
    await new Promise((resolve) => setTimeout(resolve, CLICK_DRAIN_POLL_MS));
    after = await clickSnapshot(client);
  }
  const drained = drainedIn(after);
  const waited = (Date.now() - stoppedAt) / 1000;
  checks.push(
    check(
      'clicks: the stream drained: total and minutes grew by Σ user_clicks',
      drained,
      drained
        ? `${waited.toFixed(1)} s after the users stopped (local mode's figure: within 2 s of a click)`
        : `not after ${CLICK_DRAIN_TIMEOUT_MS / 1000} s: total ${after.total}, expected ${before.total + counted}`,
    ),
  );

  checks.push(
    check(
      'clicks: total_clicks == total before + acknowledged clicks',
      within(after.total - before.total, acknowledged),
      `${after.total} == ${before.total} + ${acknowledged}${maybe}`,
    ),
  );
  const wrong = perUser.filter((u) => !within(u.counted, u.user.clicks));
  checks.push(
    check(
      'clicks: each user’s user_clicks == their acknowledged clicks',
      wrong.length === 0,
      wrong.length === 0
        ? `${users.length} users, Σ user_clicks ${counted} == ${acknowledged}${maybe}`
        : `${wrong.length} users differ, e.g. ${wrong
            .slice(0, 3)
            .map((u) => `${u.user.username} ${u.counted} vs ${u.user.clicks}`)
            .join(', ')}`,
    ),
  );
  checks.push(
    check(
      'clicks: Σ user_clicks of the soak users + clicks before == total_clicks',
      counted + before.total === after.total,
      `${counted} + ${before.total} == ${after.total}`,
    ),
  );
  const logged = since(after) - since(before);
  checks.push(
    check(
      'clicks: the log’s minutes since the soak began grew by the acknowledged clicks',
      within(logged, acknowledged),
      `${logged} == ${acknowledged}${maybe}`,
    ),
  );
  const inLog = sum(after.minutes.values());
  if (logCoversAll) {
    checks.push(
      check(
        `clicks: Σ minute clicks in /api/clicks/log?minutes=${LOG_MINUTES} == total_clicks`,
        inLog === after.total,
        `${inLog} == ${after.total}`,
      ),
    );
  } else {
    checks.push({
      name: `clicks: Σ minute clicks in /api/clicks/log?minutes=${LOG_MINUTES} == total_clicks`,
      pass: 'skip',
      detail: `this server has clicks older than ${LOG_MINUTES} minutes (${before.total} total, ${beforeInLog} in the log before)`,
    });
  }
  return checks;
}

interface Analytics {
  readonly count: number;
  readonly average: number;
  readonly histogram: Record<string, number>;
}

export async function reviewChecks(
  client: SoakClient,
  world: SoakWorld,
  users: readonly SoakUser[],
  before: ReadonlyMap<string, ParkSnapshot>,
): Promise<Check[]> {
  const soakAuthors = new Map(users.map((u) => [u.username, u]));
  const rows = await Promise.all(
    world.parks.map(async (park) => {
      const [analytics, parkAnswer, listing] = await Promise.all([
        client.call<Analytics>('GET', '/api/parks/{parkId}/analytics', `/api/parks/${park}/analytics`),
        client.call<{ rating: { average: number; count: number } }>(
          'GET',
          '/api/parks/{parkId}',
          `/api/parks/${park}`,
        ),
        parkSnapshot(client, park),
      ]);
      if (analytics.status !== 200 || parkAnswer.status !== 200)
        throw new Error(`reading ${park}: ${analytics.status} / ${parkAnswer.status}`);
      return { park, analytics: analytics.body, rating: parkAnswer.body.rating, listing };
    }),
  );
  const all = await client.call<{ parks: { parkId: string; count: number; average: number }[] }>(
    'GET',
    '/api/analytics/parks',
    '/api/analytics/parks',
  );
  const summaries = new Map((all.body.parks ?? []).map((p) => [p.parkId, p]));

  const perPark = (name: string, test: (row: (typeof rows)[number]) => { ok: boolean; text: string }) => {
    const results = rows.map((row) => ({ park: row.park, ...test(row) }));
    const failed = results.filter((r) => !r.ok);
    return check(
      `reviews: ${name}`,
      failed.length === 0,
      (failed.length === 0 ? results : failed).map((r) => `${r.park} ${r.text}`).join('; '),
    );
  };

  const starsOf = (row: (typeof rows)[number]) => row.listing.reviews.map((r) => r.stars);
  return [
    perPark('analytics count == Σ histogram', ({ analytics }) => {
      const total = sum(Object.values(analytics.histogram));
      return { ok: total === analytics.count, text: `${analytics.count} == ${total}` };
    }),
    perPark('analytics count == reviews listed over all pages (no duplicates)', (row) => {
      const authors = new Set(row.listing.reviews.map((r) => r.author));
      const listed = row.listing.reviews.length;
      return {
        ok: listed === row.analytics.count && authors.size === listed,
        text: `${row.analytics.count} == ${listed}${authors.size === listed ? '' : ` (${listed - authors.size} listed twice)`}`,
      };
    }),
    perPark('histogram == the listed stars, star by star', (row) => {
      const listed: Record<string, number> = { 1: 0, 2: 0, 3: 0, 4: 0, 5: 0 };
      for (const stars of starsOf(row)) listed[String(stars)] = (listed[String(stars)] ?? 0) + 1;
      const ok = Object.keys(listed).every((k) => (row.analytics.histogram[k] ?? 0) === listed[k]);
      return { ok, text: Object.values(listed).join('/') };
    }),
    perPark('average == mean of the listed stars (one decimal)', (row) => {
      const mean = average(starsOf(row));
      return { ok: mean === row.analytics.average, text: `${row.analytics.average} == ${mean}` };
    }),
    perPark('GET /api/parks/{id} and /api/analytics/parks agree with the analytics', (row) => {
      const summary = summaries.get(row.park);
      const ok =
        row.rating.count === row.analytics.count &&
        row.rating.average === row.analytics.average &&
        summary?.count === row.analytics.count &&
        summary.average === row.analytics.average;
      return { ok, text: `${row.rating.count}/${row.rating.average}` };
    }),
    perPark('listed reviews == the final state each soak user’s answers imply', (row) => {
      const listed = new Map(row.listing.reviews.map((r) => [r.author, r.stars]));
      const problems: string[] = [];
      let unknown = 0;
      for (const user of users) {
        const expected = user.reviews.get(row.park) ?? 'none';
        if (expected === 'unknown') {
          unknown++;
          continue;
        }
        const seen = listed.get(user.username) ?? 'none';
        if (seen !== expected) problems.push(`${user.username} ${seen} vs ${expected}`);
      }
      // Reviews by anyone else must be as they were before the soak.
      const others = (reviews: readonly ListedReview[]) =>
        reviews
          .filter((r) => !soakAuthors.has(r.author))
          .map((r) => `${r.author}:${r.stars}`)
          .sort()
          .join(',');
      const othersBefore = others(before.get(row.park)?.reviews ?? []);
      if (others(row.listing.reviews) !== othersBefore) problems.push('reviews by other users changed');
      const reviewed = users.filter((u) => typeof u.reviews.get(row.park) === 'number').length;
      return {
        ok: problems.length === 0,
        text:
          problems.length === 0
            ? `${reviewed} soak reviews as expected${unknown ? `, ${unknown} unknown` : ''}`
            : problems.slice(0, 3).join(', '),
      };
    }),
  ];
}

export async function postChecks(
  client: SoakClient,
  world: SoakWorld,
  before: ReadonlyMap<string, ParkSnapshot>,
): Promise<Check[]> {
  const results = await Promise.all(
    world.parks.map(async (park) => {
      const listing = await allPages<{ id: string }>(
        client,
        '/api/parks/{parkId}/posts',
        `/api/parks/${park}/posts`,
        'posts',
        { limit: 50 },
      );
      const ids = listing.items.map((p) => p.id);
      const listed = new Set(ids);
      const acknowledged = world.posts.get(park) ?? new Set<string>();
      const missing = [...acknowledged].filter((id) => !listed.has(id));
      const old = before.get(park)?.postIds ?? new Set<string>();
      const extra = [...listed].filter((id) => !acknowledged.has(id) && !old.has(id)).length;
      const unresolved = world.postsUnresolved.get(park) ?? 0;
      const ok =
        !listing.failure && missing.length === 0 && extra <= unresolved && listed.size === ids.length;
      return {
        park,
        ok,
        text:
          listing.failure ??
          `${acknowledged.size} acknowledged, ${missing.length} missing, ${extra} unacknowledged` +
            (ids.length !== listed.size ? `, ${ids.length - listed.size} listed twice` : ''),
      };
    }),
  );
  const failed = results.filter((r) => !r.ok);
  return [
    check(
      'posts: every acknowledged post is listed once, and nothing else new',
      failed.length === 0,
      (failed.length === 0 ? results : failed).map((r) => `${r.park} ${r.text}`).join('; '),
    ),
  ];
}

export async function locationChecks(client: SoakClient, users: readonly SoakUser[]): Promise<Check[]> {
  const results = await Promise.all(
    users.map(async (user) => {
      const listing = await allPages<{ id: string }>(
        client,
        '/api/locations',
        '/api/locations',
        'locations',
        {
          token: user.token,
          limit: 3,
        },
      );
      const listed = listing.items.map((l) => l.id);
      const expected = user.locations;
      const ok =
        !listing.failure &&
        listed.length <= LOCATION_CAP &&
        new Set(listed).size === listed.length &&
        (expected === undefined ||
          (expected.size === listed.length && listed.every((id) => expected.has(id))));
      return { user, ok, listed: listed.length, failure: listing.failure, known: expected !== undefined };
    }),
  );
  const failed = results.filter((r) => !r.ok);
  const total = sum(results.map((r) => r.listed));
  const unknown = results.filter((r) => !r.known).length;
  return [
    check(
      'locations: each user’s list (all pages) == the locations their answers imply',
      failed.length === 0,
      failed.length === 0
        ? `${users.length} users, ${total} locations${unknown ? `, ${unknown} users unknown` : ''}`
        : failed
            .slice(0, 3)
            .map((r) => `${r.user.username} ${r.failure ?? `${r.listed} vs ${r.user.locations?.size}`}`)
            .join(', '),
    ),
  ];
}
