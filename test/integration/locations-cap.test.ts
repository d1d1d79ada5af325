import { LOCATION_CAP } from '../../lambdas/locations/store';
import { api } from '../support/api';

const { call, newUser } = api();

interface LocationList {
  locations: { id: string }[];
  next_cursor: string | null;
}

/** Runs `count` calls of `task`, at most `concurrency` at a time, and answers their statuses. */
async function pool(
  count: number,
  concurrency: number,
  task: (i: number) => Promise<number>,
): Promise<number[]> {
  const statuses: number[] = new Array<number>(count);
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        const i = next++;
        statuses[i] = await task(i);
      }
    }),
  );
  return statuses;
}

async function countAll(token: string): Promise<number> {
  let total = 0;
  let cursor: string | null = null;
  do {
    const path: string = `/api/locations?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const page: { status: number; body: LocationList } = await call<LocationList>('GET', path, { token });
    expect(page.status).toBe(200);
    total += page.body.locations.length;
    cursor = page.body.next_cursor;
  } while (cursor);
  return total;
}

it(`caps saved locations at ${LOCATION_CAP} per user, atomically under concurrent saves: 409 LOCATION_LIMIT`, async () => {
  const started = Date.now();
  const [{ token }, neighbour] = [await newUser('loccap'), await newUser('loccap')];
  const save = (i: number) =>
    call('POST', '/api/locations', {
      token,
      body: { name: `spot ${i}`, latitude: (i % 180) - 89.5, longitude: (i % 360) - 179.5 },
    });

  // Fill to 10 below the cap, then race 30 saves for the last 10 places.
  const filled = await pool(LOCATION_CAP - 10, 20, async (i) => (await save(i)).status);
  expect(filled.every((s) => s === 201)).toBe(true);
  const raced = await pool(30, 30, async (i) => (await save(1000 + i)).status);
  expect(raced.filter((s) => s === 201)).toHaveLength(10);
  expect(raced.filter((s) => s === 409)).toHaveLength(20);
  expect(await countAll(token)).toBe(LOCATION_CAP);

  const over = await save(9999);
  expect(over.status).toBe(409);
  expect(over.body).toMatchObject({ code: 'LOCATION_LIMIT' });
  expect(String(over.body.message)).toContain(String(LOCATION_CAP));

  // Another user is not affected.
  expect(
    (
      await call('POST', '/api/locations', {
        token: neighbour.token,
        body: { name: 'x', latitude: 0, longitude: 0 },
      })
    ).status,
  ).toBe(201);

  // Deleting frees exactly one place.
  const page = await call<LocationList>('GET', '/api/locations?limit=1', { token });
  expect((await call('DELETE', `/api/locations/${page.body.locations[0].id}`, { token })).status).toBe(204);
  expect((await save(10_000)).status).toBe(201);
  expect((await save(10_001)).status).toBe(409);
  expect(await countAll(token)).toBe(LOCATION_CAP);

  // A failed delete (unknown id) frees nothing.
  expect((await call('DELETE', '/api/locations/0000000000000000000000', { token })).status).toBe(404);
  expect((await save(10_002)).status).toBe(409);

  const seconds = (Date.now() - started) / 1000;
  console.info(`cap test: ${LOCATION_CAP + 40} saves in ${seconds.toFixed(1)} s`);
  expect(seconds).toBeLessThan(30);
});
