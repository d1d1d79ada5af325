import { api } from '../support/api';
import { collectPages, type Analytics, type ErrorBody, type Review } from './parks-helpers';

const { call, newUser } = api();

/** Parks only this file writes reviews of. */
const PARK = 'grand-canyon';
const LISTED_PARK = 'olympic';
const reviewsOf = (park: string) => `/api/parks/${park}/reviews`;
const mine = (park: string) => `/api/parks/${park}/reviews/me`;

describe('my review: create, read, update, delete', () => {
  it('PUT creates (201), PUT again updates (200), GET answers it, DELETE removes it (204), then 404', async () => {
    const user = await newUser('reviewer');
    const { token } = user;
    expect((await call('GET', mine(PARK), { token })).status).toBe(404);

    const created = await call<Review>('PUT', mine(PARK), {
      token,
      body: { stars: 4, title: '  Deep and wide  ', body: 'Hiked rim to rim.' },
    });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      parkId: PARK,
      author: user.username.toLowerCase(),
      stars: 4,
      title: 'Deep and wide',
      body: 'Hiked rim to rim.',
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      updatedAt: created.body.createdAt,
    });

    const read = await call<Review>('GET', mine(PARK), { token });
    expect(read.status).toBe(200);
    expect(read.body).toEqual(created.body);

    const updated = await call<Review>('PUT', mine(PARK), { token, body: { stars: 2, title: 'Too hot' } });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({
      stars: 2,
      title: 'Too hot',
      body: '',
      createdAt: created.body.createdAt,
    });
    expect(updated.body.updatedAt >= created.body.updatedAt).toBe(true);
    expect((await call<Review>('GET', mine(PARK), { token })).body).toEqual(updated.body);

    // Still one review per user and park.
    const listed = await collectPages<Review>(call, reviewsOf(PARK), 'reviews', 100);
    expect(listed.items.filter((r) => r.author === user.username.toLowerCase())).toEqual([updated.body]);

    expect((await call('DELETE', mine(PARK), { token })).status).toBe(204);
    expect((await call('GET', mine(PARK), { token })).status).toBe(404);
    expect((await call('DELETE', mine(PARK), { token })).status).toBe(404);
    const after = await collectPages<Review>(call, reviewsOf(PARK), 'reviews', 100);
    expect(after.items.filter((r) => r.author === user.username.toLowerCase())).toEqual([]);
  });

  it('keeps the statistics right through create, change of stars, same-stars edit and delete', async () => {
    const { token } = await newUser('stats');
    const before = (await call<Analytics>('GET', `/api/parks/${PARK}/analytics`)).body;
    const expectDelta = async (
      count: number,
      buckets: Partial<Record<'1' | '2' | '3' | '4' | '5', number>>,
    ) => {
      const now = (await call<Analytics>('GET', `/api/parks/${PARK}/analytics`)).body;
      expect(now.count - before.count).toBe(count);
      for (const key of ['1', '2', '3', '4', '5'] as const) {
        expect(now.histogram[key] - before.histogram[key]).toBe(buckets[key] ?? 0);
      }
    };
    await call('PUT', mine(PARK), { token, body: { stars: 3 } });
    await expectDelta(1, { 3: 1 });
    await call('PUT', mine(PARK), { token, body: { stars: 5 } });
    await expectDelta(1, { 5: 1 });
    await call('PUT', mine(PARK), { token, body: { stars: 5, title: 'Edited' } });
    await expectDelta(1, { 5: 1 });
    await call('DELETE', mine(PARK), { token });
    await expectDelta(0, {});
  });

  it('each user has their own review of each park', async () => {
    const [a, b] = await Promise.all([newUser('own'), newUser('own')]);
    await call('PUT', mine(PARK), { token: a.token, body: { stars: 5, title: 'A' } });
    await call('PUT', mine(PARK), { token: b.token, body: { stars: 1, title: 'B' } });
    expect((await call<Review>('GET', mine(PARK), { token: a.token })).body.title).toBe('A');
    expect((await call<Review>('GET', mine(PARK), { token: b.token })).body.title).toBe('B');
    expect((await call('GET', mine('zion'), { token: a.token })).status).toBe(404);
    await call('DELETE', mine(PARK), { token: b.token });
    expect((await call<Review>('GET', mine(PARK), { token: a.token })).status).toBe(200);
    await call('DELETE', mine(PARK), { token: a.token });
  });

  it('needs a token for /reviews/me (401), and a valid one', async () => {
    expect((await call('PUT', mine(PARK), { body: { stars: 5 } })).status).toBe(401);
    expect((await call('GET', mine(PARK))).status).toBe(401);
    expect((await call('DELETE', mine(PARK))).status).toBe(401);
    expect((await call('PUT', mine(PARK), { token: 'forged', body: { stars: 5 } })).status).toBe(401);
  });

  it('answers 404 on every review route of an unknown park', async () => {
    const { token } = await newUser('nowhere');
    expect((await call('GET', reviewsOf('atlantis'))).status).toBe(404);
    expect((await call('PUT', mine('atlantis'), { token, body: { stars: 3 } })).status).toBe(404);
    expect((await call('GET', mine('atlantis'), { token })).status).toBe(404);
    expect((await call('DELETE', mine('atlantis'), { token })).status).toBe(404);
  });
});

describe('bad review bodies answer 400 naming the field, and change nothing', () => {
  let token: string;
  let original: Review;

  beforeAll(async () => {
    ({ token } = await newUser('badbody'));
    original = (await call<Review>('PUT', mine(PARK), { token, body: { stars: 3, title: 'Original' } })).body;
  });

  afterAll(async () => {
    await call('DELETE', mine(PARK), { token });
  });

  it.each([
    ['stars', { stars: 0 }],
    ['stars', { stars: 6 }],
    ['stars', { stars: 4.5 }],
    ['stars', { stars: '5' }],
    ['stars', { stars: null }],
    ['stars', { title: 'no stars' }],
    ['title', { stars: 4, title: 't'.repeat(121) }],
    ['title', { stars: 4, title: 42 }],
    ['body', { stars: 4, body: 'b'.repeat(4001) }],
    ['author', { stars: 4, author: 'someone-else' }],
  ])('%s: %j', async (field, body) => {
    const answer = await call<ErrorBody>('PUT', mine(PARK), { token, body });
    expect(answer.status).toBe(400);
    expect(answer.body.message).toMatch(new RegExp(field === 'author' ? 'author|unrecognized' : field, 'i'));
    if (field !== 'author') expect(Object.keys(answer.body.fields ?? {})).toContain(field);
    expect((await call<Review>('GET', mine(PARK), { token })).body).toEqual(original);
  });

  it('accepts the longest title and body (after trimming)', async () => {
    const answer = await call<Review>('PUT', mine(PARK), {
      token,
      body: { stars: 3, title: ` ${'t'.repeat(120)} `, body: 'b'.repeat(4000) },
    });
    expect(answer.status).toBe(200);
    expect(answer.body.title).toHaveLength(120);
    await call('PUT', mine(PARK), { token, body: { stars: 3, title: 'Original' } });
  });

  it('malformed JSON → 400, not JSON → 415, over 16 KiB → 413', async () => {
    const malformed = await call<ErrorBody>('PUT', mine(PARK), {
      token,
      raw: '{"stars": 5',
      headers: { 'content-type': 'application/json' },
    });
    expect(malformed.status).toBe(400);
    const form = await call('PUT', mine(PARK), {
      token,
      raw: 'stars=5',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(form.status).toBe(415);
    const huge = await call('PUT', mine(PARK), { token, body: { stars: 5, body: 'x'.repeat(17 * 1024) } });
    expect(huge.status).toBe(413);
    const empty = await call<ErrorBody>('PUT', mine(PARK), { token });
    expect(empty.status).toBe(400);
    expect((await call<Review>('GET', mine(PARK), { token })).body.stars).toBe(3);
  });
});

describe('GET /api/parks/{parkId}/reviews', () => {
  const USERS = 7;
  let written: Review[] = [];

  beforeAll(async () => {
    const users = await Promise.all(Array.from({ length: USERS }, () => newUser('lister')));
    written = [];
    // One after the other, so that "newest first" has one right answer.
    for (const [i, user] of users.entries()) {
      const answer = await call<Review>('PUT', mine(LISTED_PARK), {
        token: user.token,
        body: { stars: (i % 5) + 1, title: `Review ${i}`, body: '<img src=x onerror=alert(1)>' },
      });
      expect(answer.status).toBe(201);
      written.push(answer.body);
      await new Promise((resolve) => setTimeout(resolve, 3));
    }
  });

  it('lists newest first, anonymously, as the reviews were written (text verbatim)', async () => {
    const answer = await call<{ reviews: Review[]; next_cursor: string | null }>(
      'GET',
      reviewsOf(LISTED_PARK),
    );
    expect(answer.status).toBe(200);
    expect(answer.body.reviews).toEqual([...written].reverse());
    expect(answer.body.next_cursor).toBeNull();
  });

  it.each([1, 2, 3, 7, 100])(
    'walks every page with limit=%i: no duplicates, no gaps, null at the end',
    async (limit) => {
      const { items, pageSizes } = await collectPages<Review>(call, reviewsOf(LISTED_PARK), 'reviews', limit);
      expect(items).toEqual([...written].reverse());
      expect(pageSizes.every((size) => size <= limit)).toBe(true);
      expect(pageSizes.slice(0, -1).every((size) => size === limit)).toBe(true);
      expect(pageSizes.length).toBe(Math.max(1, Math.ceil(USERS / limit)));
    },
  );

  it('defaults to 20 per page', async () => {
    const answer = await call<{ reviews: Review[] }>('GET', reviewsOf(LISTED_PARK));
    expect(answer.body.reviews.length).toBe(USERS);
  });

  it.each(['0', '101', '-1', 'abc', '1.5', '1e2', ''])('answers 400 for limit=%s', async (limit) => {
    const answer = await call<ErrorBody>('GET', `${reviewsOf(LISTED_PARK)}?limit=${limit}`);
    expect(answer.status).toBe(400);
    expect(answer.body.fields).toHaveProperty('limit');
  });

  describe('cursors are opaque, bound to their list, and checked', () => {
    let cursor: string;

    beforeAll(async () => {
      const first = await call<{ next_cursor: string }>('GET', `${reviewsOf(LISTED_PARK)}?limit=2`);
      cursor = first.body.next_cursor;
      expect(typeof cursor).toBe('string');
    });

    const decoded = (): { s: string; k: Record<string, string> } =>
      JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as {
        s: string;
        k: Record<string, string>;
      };
    const encode = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');

    const cases: [string, () => string][] = [
      ['garbage', () => 'not-a-cursor'],
      ['garbage base64 of JSON', () => encode({ hello: 'world' })],
      ['truncated', () => cursor.slice(0, -5)],
      [
        'a flipped character',
        () => `${cursor.slice(0, 10)}${cursor[10] === 'A' ? 'B' : 'A'}${cursor.slice(11)}`,
      ],
      ['too long', () => 'a'.repeat(5000)],
      ['another park’s list', () => encode({ ...decoded(), s: 'reviews:zion' })],
      ['the posts list', () => encode({ ...decoded(), s: `posts:${LISTED_PARK}` })],
      [
        'a key moved to another park',
        () => encode({ s: decoded().s, k: { ...decoded().k, gsi1pk: 'REVIEWS#zion' } }),
      ],
      ['a key on another partition', () => encode({ s: decoded().s, k: { ...decoded().k, pk: 'CATALOG' } })],
      ['an extra key attribute', () => encode({ s: decoded().s, k: { ...decoded().k, extra: 'x' } })],
      [
        'a missing key attribute',
        () => encode({ s: decoded().s, k: { pk: decoded().k.pk, sk: decoded().k.sk } }),
      ],
      ['a non-string key value', () => encode({ s: decoded().s, k: { ...decoded().k, gsi1sk: 5 } })],
    ];

    it.each(cases)('answers 400 (never 500) to %s', async (_, make) => {
      const answer = await call<ErrorBody>(
        'GET',
        `${reviewsOf(LISTED_PARK)}?cursor=${encodeURIComponent(make())}`,
      );
      expect(answer.status).toBe(400);
      expect(answer.body.fields).toHaveProperty('cursor');
    });

    it('a cursor of this list from another park’s list is refused there', async () => {
      const answer = await call<ErrorBody>(
        'GET',
        `${reviewsOf('zion')}?cursor=${encodeURIComponent(cursor)}`,
      );
      expect(answer.status).toBe(400);
    });

    it('the genuine cursor continues the list', async () => {
      const answer = await call<{ reviews: Review[] }>(
        'GET',
        `${reviewsOf(LISTED_PARK)}?limit=2&cursor=${encodeURIComponent(cursor)}`,
      );
      expect(answer.status).toBe(200);
      expect(answer.body.reviews).toEqual([...written].reverse().slice(2, 4));
    });
  });
});
