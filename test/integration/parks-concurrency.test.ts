import { api } from '../support/api';
import { collectPages, histogramSum, meanToOneDecimal, type Analytics, type Review } from './parks-helpers';

const { call, newUser } = api();

/** Only this file writes reviews of Arches, so every review listed there is one of ours. */
const PARK = 'arches';
const USERS = 20;
const mine = `/api/parks/${PARK}/reviews/me`;

/** The invariant of the spec: count == Σ histogram == reviews listed (all pages), average == their mean. */
async function expectInvariant(): Promise<Review[]> {
  const analytics = await call<Analytics>('GET', `/api/parks/${PARK}/analytics`);
  expect(analytics.status).toBe(200);
  const { items } = await collectPages<Review>(call, `/api/parks/${PARK}/reviews`, 'reviews', 7);
  expect(new Set(items.map((r) => r.author)).size).toBe(items.length);
  expect(analytics.body.count).toBe(items.length);
  expect(histogramSum(analytics.body)).toBe(items.length);
  for (const stars of [1, 2, 3, 4, 5] as const) {
    expect(analytics.body.histogram[String(stars) as '1']).toBe(
      items.filter((r) => r.stars === stars).length,
    );
  }
  expect(analytics.body.average).toBe(meanToOneDecimal(items.map((r) => r.stars)));
  const park = await call<{ rating: { average: number; count: number } }>('GET', `/api/parks/${PARK}`);
  expect(park.body.rating).toEqual({ average: analytics.body.average, count: analytics.body.count });
  return items;
}

describe(`review statistics under concurrency (${USERS} users, one park)`, () => {
  it('create, then change stars and delete all at once: the invariant holds after each wave', async () => {
    const users = await Promise.all(Array.from({ length: USERS }, () => newUser('crowd')));
    const start = await expectInvariant();
    expect(start).toEqual([]);

    // Wave 1: every user creates a review at the same time.
    const firstStars = users.map((_, i) => (i % 5) + 1);
    const created = await Promise.all(
      users.map((user, i) =>
        call<Review>('PUT', mine, { token: user.token, body: { stars: firstStars[i], title: `first ${i}` } }),
      ),
    );
    expect(created.map((a) => a.status)).toEqual(users.map(() => 201));
    const afterCreate = await expectInvariant();
    expect(afterCreate).toHaveLength(USERS);

    // Wave 2: every user changes their stars; a third of them also delete, racing their own change;
    // and some send two different changes at once.
    const secondStars = users.map((_, i) => ((i * 3) % 5) + 1);
    const deleting = new Set(users.map((_, i) => i).filter((i) => i % 3 === 0));
    const doubling = new Set(users.map((_, i) => i).filter((i) => i % 4 === 1));
    const requests: Promise<{ kind: string; status: number }>[] = [];
    users.forEach((user, i) => {
      const put = (stars: number) =>
        call('PUT', mine, { token: user.token, body: { stars, title: `second ${i}` } }).then((a) => ({
          kind: 'put',
          status: a.status,
        }));
      requests.push(put(secondStars[i]));
      if (doubling.has(i)) requests.push(put(6 - secondStars[i]));
      if (deleting.has(i)) {
        requests.push(
          call('DELETE', mine, { token: user.token }).then((a) => ({ kind: 'delete', status: a.status })),
        );
      }
    });
    const answers = await Promise.all(requests);
    // A PUT updates (200) or, after the racing delete, creates again (201); the one DELETE finds the review.
    for (const answer of answers) {
      expect(answer.kind === 'put' ? [200, 201] : [204]).toContain(answer.status);
    }

    const afterRace = await expectInvariant();
    // Whatever order the races took, each user's own review agrees with the list.
    const listedByAuthor = new Map(afterRace.map((r) => [r.author, r]));
    await Promise.all(
      users.map(async (user, i) => {
        const own = await call<Review>('GET', mine, { token: user.token });
        const listed = listedByAuthor.get(user.username.toLowerCase());
        if (own.status === 404) {
          expect(deleting.has(i)).toBe(true);
          expect(listed).toBeUndefined();
        } else {
          expect(own.status).toBe(200);
          expect(own.body).toEqual(listed);
          expect(own.body.title).toBe(`second ${i}`);
          const allowed = doubling.has(i) ? [secondStars[i], 6 - secondStars[i]] : [secondStars[i]];
          expect(allowed).toContain(own.body.stars);
        }
      }),
    );
    expect(afterRace.length).toBeGreaterThanOrEqual(USERS - deleting.size);

    // Wave 3: everyone deletes at once; the park is back to no ratings.
    const deleted = await Promise.all(users.map((user) => call('DELETE', mine, { token: user.token })));
    for (const answer of deleted) expect([204, 404]).toContain(answer.status);
    expect(deleted.filter((a) => a.status === 204)).toHaveLength(afterRace.length);
    expect(await expectInvariant()).toEqual([]);
    const analytics = await call<Analytics>('GET', `/api/parks/${PARK}/analytics`);
    expect(analytics.body).toEqual({
      parkId: PARK,
      count: 0,
      average: 0,
      histogram: { 1: 0, 2: 0, 3: 0, 4: 0, 5: 0 },
    });
  }, 90_000);
});
