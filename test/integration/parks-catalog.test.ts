import { api } from '../support/api';
import type { Analytics, ErrorBody, ParkWithRating } from './parks-helpers';

const { call, newUser } = api();

/** This file is the only one that writes reviews of Acadia. */
const PARK = 'acadia';

describe('GET /api/parks', () => {
  it('lists the catalog — at least 12 parks including the old app’s four — each with coordinates and a rating', async () => {
    const answer = await call<{ parks: ParkWithRating[] }>('GET', '/api/parks');
    expect(answer.status).toBe(200);
    const { parks } = answer.body;
    expect(parks.length).toBeGreaterThanOrEqual(12);
    expect(new Set(parks.map((p) => p.id)).size).toBe(parks.length);
    expect(parks.map((p) => p.id)).toEqual(
      expect.arrayContaining(['denali', 'grand-canyon', 'redwood', 'buck-island-reef']),
    );
    for (const park of parks) {
      expect(Object.keys(park).sort()).toEqual(
        ['biome', 'description', 'id', 'latitude', 'longitude', 'name', 'rating', 'state'].sort(),
      );
      expect(typeof park.latitude).toBe('number');
      expect(typeof park.longitude).toBe('number');
      expect(park.rating).toEqual({ average: expect.any(Number), count: expect.any(Number) });
    }
    const denali = parks.find((p) => p.id === 'denali');
    expect(denali).toMatchObject({ name: 'Denali', state: 'AK' });
    expect(denali?.latitude).toBeCloseTo(63.1, 0);
    expect(denali?.longitude).toBeCloseTo(-151.2, 0);
    const buckIsland = parks.find((p) => p.id === 'buck-island-reef');
    expect(buckIsland?.latitude).toBeCloseTo(17.8, 0);
  });

  it('answers 401 to a token that is present but invalid, even on this public list', async () => {
    expect((await call('GET', '/api/parks', { token: 'not-a-token' })).status).toBe(401);
  });
});

describe('GET /api/parks/{parkId}', () => {
  it('answers one park with its rating', async () => {
    const answer = await call<ParkWithRating>('GET', '/api/parks/grand-canyon');
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ id: 'grand-canyon', name: 'Grand Canyon', state: 'AZ' });
    expect(answer.body.rating).toEqual({ average: expect.any(Number), count: expect.any(Number) });
  });

  it.each(['no-such-park', 'DENALI', '%2e%2e', 'x'.repeat(300)])('answers 404 for %s', async (id) => {
    const answer = await call<ErrorBody>('GET', `/api/parks/${id}`);
    expect(answer.status).toBe(404);
    expect(answer.body.message).toEqual(expect.any(String));
  });
});

describe('ratings, analytics and the summary agree', () => {
  it('a new park starts at count 0, average 0 and an all-zero histogram', async () => {
    const answer = await call<Analytics>('GET', '/api/parks/buck-island-reef/analytics');
    expect(answer.status).toBe(200);
    expect(Object.keys(answer.body.histogram).sort()).toEqual(['1', '2', '3', '4', '5']);
    expect(answer.body.parkId).toBe('buck-island-reef');
  });

  it('reviews show up in the park, its analytics, the park list and the summary', async () => {
    const [a, b, c] = await Promise.all([newUser('rater'), newUser('rater'), newUser('rater')]);
    for (const [user, stars] of [
      [a, 5],
      [b, 4],
      [c, 4],
    ] as const) {
      expect(
        (await call('PUT', `/api/parks/${PARK}/reviews/me`, { token: user.token, body: { stars } })).status,
      ).toBe(201);
    }
    const analytics = await call<Analytics>('GET', `/api/parks/${PARK}/analytics`);
    expect(analytics.status).toBe(200);
    // 13 / 3 = 4.333… → 4.3
    expect(analytics.body).toEqual({
      parkId: PARK,
      count: 3,
      average: 4.3,
      histogram: { 1: 0, 2: 0, 3: 0, 4: 2, 5: 1 },
    });

    const park = await call<ParkWithRating>('GET', `/api/parks/${PARK}`);
    expect(park.body.rating).toEqual({ average: 4.3, count: 3 });
    const list = await call<{ parks: ParkWithRating[] }>('GET', '/api/parks');
    expect(list.body.parks.find((p) => p.id === PARK)?.rating).toEqual({ average: 4.3, count: 3 });

    const summary = await call<{ parks: { parkId: string; name: string; count: number; average: number }[] }>(
      'GET',
      '/api/analytics/parks',
    );
    expect(summary.status).toBe(200);
    expect(summary.body.parks.find((p) => p.parkId === PARK)).toEqual({
      parkId: PARK,
      name: 'Acadia',
      count: 3,
      average: 4.3,
    });
    expect(summary.body.parks.map((p) => p.parkId)).toEqual(list.body.parks.map((p) => p.id));
    for (const entry of summary.body.parks) {
      expect(Object.keys(entry).sort()).toEqual(['average', 'count', 'name', 'parkId']);
    }

    // Deleting one moves everything back consistently.
    expect((await call('DELETE', `/api/parks/${PARK}/reviews/me`, { token: a.token })).status).toBe(204);
    const after = await call<Analytics>('GET', `/api/parks/${PARK}/analytics`);
    expect(after.body).toEqual({
      parkId: PARK,
      count: 2,
      average: 4,
      histogram: { 1: 0, 2: 0, 3: 0, 4: 2, 5: 0 },
    });
  });

  it('answers 404 for the analytics of an unknown park', async () => {
    expect((await call('GET', '/api/parks/atlantis/analytics')).status).toBe(404);
  });
});

describe('the OpenAPI document describes the parks API', () => {
  it('documents the review body limits and the park routes', async () => {
    const doc = await call<{
      paths: Record<
        string,
        Record<
          string,
          {
            requestBody?: {
              content: { 'application/json': { schema: { properties: Record<string, object> } } };
            };
          }
        >
      >;
    }>('GET', '/api/openapi.json');
    const put = doc.body.paths['/api/parks/{parkId}/reviews/me'].put;
    const properties = put.requestBody?.content['application/json'].schema.properties ?? {};
    expect(properties.stars).toMatchObject({ type: 'integer', minimum: 1, maximum: 5 });
    expect(doc.body.paths['/api/analytics/parks']).toHaveProperty('get');
  });
});
