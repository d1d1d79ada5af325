import { nearestPark } from '../../lambdas/locations/geo';
import { api } from '../support/api';

const { call, newUser } = api();

interface SavedLocation {
  id: string;
  name: string;
  latitude: number;
  longitude: number;
  parkId: string | null;
  note: string | null;
  nearestPark: { id: string; name: string; distanceKm: number };
  createdAt: string;
  updatedAt: string;
}
interface LocationList {
  locations: SavedLocation[];
  next_cursor: string | null;
}

/** El Tovar Hotel at the Grand Canyon's South Rim. */
const rim = { name: 'South Rim', latitude: 36.0577, longitude: -112.1376 };
/** Christiansted on St. Croix, across the water from Buck Island. */
const christiansted = { name: 'Christiansted', latitude: 17.7466, longitude: -64.7032 };

const save = (token: string, body: Record<string, unknown>) =>
  call<SavedLocation>('POST', '/api/locations', { token, body });

async function listAll(token: string): Promise<SavedLocation[]> {
  const answer = await call<LocationList>('GET', '/api/locations?limit=100', { token });
  expect(answer.status).toBe(200);
  return answer.body.locations;
}

describe('auth', () => {
  it.each([
    ['GET', '/api/locations'],
    ['POST', '/api/locations'],
    ['GET', '/api/locations/0000000000000000000000'],
    ['PATCH', '/api/locations/0000000000000000000000'],
    ['DELETE', '/api/locations/0000000000000000000000'],
  ])('%s %s without a token or with a bad one → 401', async (method, path) => {
    const body = method === 'POST' || method === 'PATCH' ? rim : undefined;
    expect((await call(method, path, { body })).status).toBe(401);
    expect((await call(method, path, { body, token: 'bad.token.here' })).status).toBe(401);
  });
});

describe('POST /api/locations', () => {
  it('saves a location: 201 with its nearest park, and null parkId and note when not given', async () => {
    const { token } = await newUser('loc');
    const answer = await save(token, rim);
    expect(answer.status).toBe(201);
    expect(Object.keys(answer.body).sort()).toEqual(
      [
        'createdAt',
        'id',
        'latitude',
        'longitude',
        'name',
        'nearestPark',
        'note',
        'parkId',
        'updatedAt',
      ].sort(),
    );
    expect(answer.body).toMatchObject({ ...rim, parkId: null, note: null });
    expect(answer.body.nearestPark).toEqual(nearestPark(rim));
    expect(answer.body.nearestPark.id).toBe('grand-canyon');
    expect(answer.body.nearestPark.distanceKm).toBeLessThan(2);
    expect(answer.body.createdAt).toBe(answer.body.updatedAt);
    expect(new Date(answer.body.createdAt).toISOString()).toBe(answer.body.createdAt);
    expect(await listAll(token)).toEqual([answer.body]);
  });

  it('keeps a chosen park and a note, and measures to the nearest park with one decimal', async () => {
    const { token } = await newUser('loc');
    const answer = await save(token, { ...christiansted, parkId: 'buck-island-reef', note: 'Boat at 9' });
    expect(answer.status).toBe(201);
    expect(answer.body).toMatchObject({ parkId: 'buck-island-reef', note: 'Boat at 9' });
    expect(answer.body.nearestPark.id).toBe('buck-island-reef');
    expect(answer.body.nearestPark.distanceKm).toBe(nearestPark(christiansted).distanceKm);
    expect(Math.round(answer.body.nearestPark.distanceKm * 10)).toBe(answer.body.nearestPark.distanceKm * 10);
  });

  it('accepts the limits of every field', async () => {
    const { token } = await newUser('loc');
    for (const [latitude, longitude] of [
      [90, 180],
      [-90, -180],
    ]) {
      const answer = await save(token, { name: 'n'.repeat(80), latitude, longitude, note: 'x'.repeat(500) });
      expect(answer.status).toBe(201);
      expect(answer.body.nearestPark.distanceKm).toBeGreaterThan(0);
    }
  });

  describe('bad input → 400 naming the field, and nothing is saved', () => {
    let token: string;
    beforeAll(async () => {
      ({ token } = await newUser('locbad'));
    });
    afterAll(async () => {
      expect(await listAll(token)).toEqual([]);
    });

    it.each([
      ['name', ''],
      ['name', '   '],
      ['name', 'n'.repeat(81)],
      ['name', 12],
      ['latitude', 90.5],
      ['latitude', -90.01],
      ['latitude', '36.05'],
      ['latitude', null],
      ['longitude', 181],
      ['longitude', -180.1],
      ['longitude', '12'],
      ['longitude', { value: 1 }],
      ['parkId', 'atlantis'],
      ['parkId', 42],
      ['note', 'x'.repeat(501)],
      ['note', ['a']],
    ])('%s = %p', async (field, value) => {
      const answer = await save(token, { ...rim, [field]: value });
      expect(answer.status).toBe(400);
      expect(Object.keys((answer.body as unknown as { fields: object }).fields)).toEqual([field]);
      expect((answer.body as unknown as { message: string }).message).toContain(field);
    });

    it('numbers JSON can only spell as overflow (1e999 → Infinity)', async () => {
      const answer = await call('POST', '/api/locations', {
        token,
        raw: '{"name":"far","latitude":1e999,"longitude":-1e999}',
        headers: { 'content-type': 'application/json' },
      });
      expect(answer.status).toBe(400);
      expect(Object.keys(answer.body.fields as object).sort()).toEqual(['latitude', 'longitude']);
    });

    it('missing fields, unknown fields, and no body', async () => {
      const missing = await call('POST', '/api/locations', { token, body: {} });
      expect(Object.keys(missing.body.fields as object).sort()).toEqual(['latitude', 'longitude', 'name']);
      const extra = await call('POST', '/api/locations', { token, body: { ...rim, ownerId: 'me' } });
      expect(extra.status).toBe(400);
      expect(String(extra.body.message)).toContain('ownerId');
      expect((await call('POST', '/api/locations', { token })).status).toBe(400);
    });

    it('an unknown parkId is named as such', async () => {
      const answer = await save(token, { ...rim, parkId: 'atlantis' });
      expect((answer.body as unknown as { fields: Record<string, string> }).fields.parkId).toMatch(
        /not a park/,
      );
    });
  });
});

describe('GET /api/locations', () => {
  it('lists only the caller’s locations, newest first, in pages', async () => {
    const [owner, other] = [await newUser('loclist'), await newUser('loclist')];
    await save(other.token, rim);
    const saved: SavedLocation[] = [];
    for (let i = 0; i < 5; i++) saved.push((await save(owner.token, { ...rim, name: `spot ${i}` })).body);
    const newestFirst = [...saved].reverse();

    const first = await call<LocationList>('GET', '/api/locations', { token: owner.token });
    expect(first.body).toEqual({ locations: newestFirst, next_cursor: null });

    const seen: SavedLocation[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const path: string = `/api/locations?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const page: { status: number; body: LocationList } = await call<LocationList>('GET', path, {
        token: owner.token,
      });
      expect(page.status).toBe(200);
      seen.push(...page.body.locations);
      cursor = page.body.next_cursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toEqual(newestFirst);

    // A cursor is bound to its owner's list.
    const page = await call<LocationList>('GET', '/api/locations?limit=1', { token: owner.token });
    const stolen = await call('GET', `/api/locations?cursor=${page.body.next_cursor}`, {
      token: other.token,
    });
    expect(stolen.status).toBe(400);
    expect(stolen.body.fields).toHaveProperty('cursor');
  });

  it.each(['0', '101', 'abc'])('limit=%s → 400 naming limit', async (limit) => {
    const { token } = await newUser('loclim');
    const answer = await call('GET', `/api/locations?limit=${limit}`, { token });
    expect(answer.status).toBe(400);
    expect(answer.body.fields).toHaveProperty('limit');
  });
});

describe('one location: GET, PATCH, DELETE', () => {
  it('GET answers the caller’s location; unknown and malformed ids → 404', async () => {
    const { token } = await newUser('locget');
    const saved = await save(token, rim);
    const answer = await call<SavedLocation>('GET', `/api/locations/${saved.body.id}`, { token });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual(saved.body);
    for (const id of ['0000000000000000000000', 'nope', 'a'.repeat(200), '%00']) {
      expect((await call('GET', `/api/locations/${id}`, { token })).status).toBe(404);
    }
  });

  it('PATCH changes any subset of fields, recomputes the nearest park, and keeps createdAt', async () => {
    const { token } = await newUser('locpatch');
    const saved = (await save(token, { ...rim, parkId: 'grand-canyon', note: 'sunset' })).body;
    await new Promise((r) => setTimeout(r, 5));

    const renamed = await call<SavedLocation>('PATCH', `/api/locations/${saved.id}`, {
      token,
      body: { name: '  Mather Point ' },
    });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ ...saved, name: 'Mather Point', updatedAt: expect.any(String) });
    expect(renamed.body.createdAt).toBe(saved.createdAt);
    expect(Date.parse(renamed.body.updatedAt)).toBeGreaterThan(Date.parse(saved.createdAt));

    const moved = await call<SavedLocation>('PATCH', `/api/locations/${saved.id}`, {
      token,
      body: { latitude: christiansted.latitude, longitude: christiansted.longitude },
    });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({
      name: 'Mather Point',
      latitude: christiansted.latitude,
      longitude: christiansted.longitude,
    });
    expect(moved.body.nearestPark).toEqual(nearestPark(christiansted));

    const cleared = await call<SavedLocation>('PATCH', `/api/locations/${saved.id}`, {
      token,
      body: { parkId: null, note: null },
    });
    expect(cleared.status).toBe(200);
    expect(cleared.body).toMatchObject({ parkId: null, note: null, name: 'Mather Point' });

    const reset = await call<SavedLocation>('PATCH', `/api/locations/${saved.id}`, {
      token,
      body: { parkId: 'zion', note: 'again' },
    });
    expect(reset.body).toMatchObject({ parkId: 'zion', note: 'again' });
    const emptied = await call<SavedLocation>('PATCH', `/api/locations/${saved.id}`, {
      token,
      body: { note: '' },
    });
    expect(emptied.body.note).toBeNull();

    const fetched = await call<SavedLocation>('GET', `/api/locations/${saved.id}`, { token });
    expect(fetched.body).toEqual(emptied.body);
  });

  it('PATCH with nothing, bad values or unknown fields → 400 naming them, location unchanged', async () => {
    const { token } = await newUser('locpatchbad');
    const saved = (await save(token, rim)).body;
    for (const [body, field] of [
      [{}, 'body'],
      [{ latitude: 100 }, 'latitude'],
      [{ longitude: 'east' }, 'longitude'],
      [{ name: null }, 'name'],
      [{ name: '' }, 'name'],
      [{ parkId: 'nowhere' }, 'parkId'],
      [{ note: 'x'.repeat(501) }, 'note'],
      [{ id: 'other' }, 'body'],
      [{ createdAt: '2000-01-01T00:00:00.000Z' }, 'body'],
    ] as const) {
      const answer = await call('PATCH', `/api/locations/${saved.id}`, { token, body });
      expect(answer.status).toBe(400);
      expect(Object.keys(answer.body.fields as object)).toEqual([field]);
    }
    expect((await call<SavedLocation>('GET', `/api/locations/${saved.id}`, { token })).body).toEqual(saved);
  });

  it('PATCH of an unknown id → 404 and creates nothing', async () => {
    const { token } = await newUser('locpatch404');
    const answer = await call('PATCH', '/api/locations/0000000000000000000000', {
      token,
      body: { name: 'x' },
    });
    expect(answer.status).toBe(404);
    expect(await listAll(token)).toEqual([]);
  });

  it('DELETE → 204, then GET, PATCH and DELETE → 404', async () => {
    const { token } = await newUser('locdel');
    const keep = (await save(token, rim)).body;
    const gone = (await save(token, christiansted)).body;
    expect((await call('DELETE', `/api/locations/${gone.id}`, { token })).status).toBe(204);
    expect((await call('GET', `/api/locations/${gone.id}`, { token })).status).toBe(404);
    expect((await call('PATCH', `/api/locations/${gone.id}`, { token, body: { name: 'back' } })).status).toBe(
      404,
    );
    expect((await call('DELETE', `/api/locations/${gone.id}`, { token })).status).toBe(404);
    expect(await listAll(token)).toEqual([keep]);
  });

  it('another user’s id → 404 for GET, PATCH and DELETE, and the location is unchanged', async () => {
    const [owner, other] = [await newUser('locown'), await newUser('locown')];
    const saved = (await save(owner.token, { ...rim, parkId: 'grand-canyon', note: 'mine' })).body;
    const path = `/api/locations/${saved.id}`;
    expect((await call('GET', path, { token: other.token })).status).toBe(404);
    expect(
      (await call('PATCH', path, { token: other.token, body: { name: 'stolen', note: null } })).status,
    ).toBe(404);
    expect((await call('DELETE', path, { token: other.token })).status).toBe(404);
    expect((await call<SavedLocation>('GET', path, { token: owner.token })).body).toEqual(saved);
    expect(await listAll(other.token)).toEqual([]);
  });
});
