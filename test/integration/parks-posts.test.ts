import { api } from '../support/api';
import { collectPages, type ErrorBody, type Post } from './parks-helpers';

const { call, newUser } = api();

/** Parks only this file writes posts to. */
const PARK = 'yosemite';
const LISTED_PARK = 'glacier';
const postsOf = (park: string) => `/api/parks/${park}/posts`;

let author: { username: string; token: string };
let other: { username: string; token: string };

beforeAll(async () => {
  [author, other] = await Promise.all([newUser('author'), newUser('other')]);
});

async function createPost(park = PARK, token = author.token, title = 'Half Dome permits'): Promise<Post> {
  const answer = await call<Post>('POST', postsOf(park), {
    token,
    body: { title, body: 'Got mine in the lottery. Start before dawn!' },
  });
  expect(answer.status).toBe(201);
  return answer.body;
}

describe('posts: create, read, edit, delete', () => {
  it('creates (201) a post that reads back by id and in the list', async () => {
    const answer = await call<Post>('POST', postsOf(PARK), {
      token: author.token,
      body: { title: '  Tuolumne Meadows  ', body: '<img src=x onerror=alert(1)> stays text' },
    });
    expect(answer.status).toBe(201);
    expect(answer.body).toEqual({
      id: expect.stringMatching(/^[0-9a-z]{22}$/),
      parkId: PARK,
      author: author.username.toLowerCase(),
      title: 'Tuolumne Meadows',
      body: '<img src=x onerror=alert(1)> stays text',
      createdAt: expect.stringMatching(/Z$/),
      updatedAt: answer.body.createdAt,
    });
    const read = await call<Post>('GET', `${postsOf(PARK)}/${answer.body.id}`);
    expect(read.status).toBe(200);
    expect(read.body).toEqual(answer.body);
    const list = await call<{ posts: Post[]; next_cursor: string | null }>('GET', postsOf(PARK));
    expect(list.status).toBe(200);
    expect(list.body.posts).toContainEqual(answer.body);
  });

  it('the author edits with PATCH (200): only the fields given change', async () => {
    const post = await createPost();
    await new Promise((resolve) => setTimeout(resolve, 5));
    const edited = await call<Post>('PATCH', `${postsOf(PARK)}/${post.id}`, {
      token: author.token,
      body: { title: 'Half Dome permits (update)' },
    });
    expect(edited.status).toBe(200);
    expect(edited.body).toEqual({
      ...post,
      title: 'Half Dome permits (update)',
      updatedAt: expect.any(String),
    });
    expect(edited.body.updatedAt > post.updatedAt).toBe(true);
    const both = await call<Post>('PATCH', `${postsOf(PARK)}/${post.id}`, {
      token: author.token,
      body: { title: 'T', body: 'B' },
    });
    expect(both.body).toMatchObject({
      title: 'T',
      body: 'B',
      createdAt: post.createdAt,
      author: post.author,
    });
    expect((await call<Post>('GET', `${postsOf(PARK)}/${post.id}`)).body).toEqual(both.body);
  });

  it('someone else’s PATCH and DELETE → 403, and the post is unchanged', async () => {
    const post = await createPost();
    const patch = await call<ErrorBody>('PATCH', `${postsOf(PARK)}/${post.id}`, {
      token: other.token,
      body: { title: 'Hijacked', body: 'spam' },
    });
    expect(patch.status).toBe(403);
    expect(patch.body.message).toEqual(expect.any(String));
    const remove = await call('DELETE', `${postsOf(PARK)}/${post.id}`, { token: other.token });
    expect(remove.status).toBe(403);
    expect((await call<Post>('GET', `${postsOf(PARK)}/${post.id}`)).body).toEqual(post);
  });

  it('the author deletes (204); then the post is gone (404 on GET, PATCH and DELETE)', async () => {
    const post = await createPost();
    expect((await call('DELETE', `${postsOf(PARK)}/${post.id}`, { token: author.token })).status).toBe(204);
    expect((await call('GET', `${postsOf(PARK)}/${post.id}`)).status).toBe(404);
    expect((await call('DELETE', `${postsOf(PARK)}/${post.id}`, { token: author.token })).status).toBe(404);
    expect(
      (await call('PATCH', `${postsOf(PARK)}/${post.id}`, { token: author.token, body: { title: 'x' } }))
        .status,
    ).toBe(404);
    // Someone else gets 404 too for a post that does not exist: there is nothing to forbid.
    expect((await call('DELETE', `${postsOf(PARK)}/${post.id}`, { token: other.token })).status).toBe(404);
    const list = await collectPages<Post>(call, postsOf(PARK), 'posts', 100);
    expect(list.items.map((p) => p.id)).not.toContain(post.id);
  });

  it('a post is found only under its own park, and only by a real id', async () => {
    const post = await createPost();
    expect((await call('GET', `${postsOf('zion')}/${post.id}`)).status).toBe(404);
    expect((await call('GET', `${postsOf(PARK)}/not-an-id`)).status).toBe(404);
    expect((await call('GET', `${postsOf(PARK)}/${'z'.repeat(2000)}`)).status).toBe(404);
    const sibling = `${post.id.slice(0, -1)}${post.id.endsWith('0') ? '1' : '0'}`;
    expect((await call('GET', `${postsOf(PARK)}/${sibling}`)).status).toBe(404);
    expect(
      (await call('PATCH', `${postsOf(PARK)}/not-an-id`, { token: author.token, body: { title: 'x' } }))
        .status,
    ).toBe(404);
  });

  it('writing needs a token: 401 for POST, PATCH and DELETE without one', async () => {
    const post = await createPost();
    expect((await call('POST', postsOf(PARK), { body: { title: 't', body: 'b' } })).status).toBe(401);
    expect((await call('PATCH', `${postsOf(PARK)}/${post.id}`, { body: { title: 't' } })).status).toBe(401);
    expect((await call('DELETE', `${postsOf(PARK)}/${post.id}`)).status).toBe(401);
    expect((await call<Post>('GET', `${postsOf(PARK)}/${post.id}`)).body).toEqual(post);
  });

  it('answers 404 on every post route of an unknown park', async () => {
    const post = await createPost();
    const base = postsOf('atlantis');
    expect((await call('GET', base)).status).toBe(404);
    expect((await call('POST', base, { token: author.token, body: { title: 't', body: 'b' } })).status).toBe(
      404,
    );
    expect((await call('GET', `${base}/${post.id}`)).status).toBe(404);
    expect(
      (await call('PATCH', `${base}/${post.id}`, { token: author.token, body: { title: 't' } })).status,
    ).toBe(404);
    expect((await call('DELETE', `${base}/${post.id}`, { token: author.token })).status).toBe(404);
  });
});

describe('bad post bodies answer 400 naming the field, and change nothing', () => {
  it.each([
    ['title', { body: 'no title' }],
    ['title', { title: '', body: 'b' }],
    ['title', { title: '   ', body: 'b' }],
    ['title', { title: 't'.repeat(121), body: 'b' }],
    ['title', { title: 7, body: 'b' }],
    ['body', { title: 't' }],
    ['body', { title: 't', body: '' }],
    ['body', { title: 't', body: 'b'.repeat(4001) }],
  ])('POST %s: %j', async (field, body) => {
    const before = await collectPages<Post>(call, postsOf(PARK), 'posts', 100);
    const answer = await call<ErrorBody>('POST', postsOf(PARK), { token: author.token, body });
    expect(answer.status).toBe(400);
    expect(Object.keys(answer.body.fields ?? {})).toContain(field);
    expect(answer.body.message).toContain(field);
    const after = await collectPages<Post>(call, postsOf(PARK), 'posts', 100);
    expect(after.items.filter((p) => p.author === author.username.toLowerCase()).length).toBe(
      before.items.filter((p) => p.author === author.username.toLowerCase()).length,
    );
  });

  it('PATCH with nothing to change, an unknown field, or a blank title → 400, post unchanged', async () => {
    const post = await createPost();
    for (const body of [{}, { author: 'me' }, { title: '' }, { body: 'b'.repeat(4001) }, { title: null }]) {
      const answer = await call('PATCH', `${postsOf(PARK)}/${post.id}`, { token: author.token, body });
      expect(answer.status).toBe(400);
    }
    expect((await call<Post>('GET', `${postsOf(PARK)}/${post.id}`)).body).toEqual(post);
  });

  it('not JSON → 415; over 16 KiB → 413', async () => {
    expect(
      (
        await call('POST', postsOf(PARK), {
          token: author.token,
          raw: 'title=t&body=b',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
        })
      ).status,
    ).toBe(415);
    expect(
      (
        await call('POST', postsOf(PARK), {
          token: author.token,
          body: { title: 't', body: 'x'.repeat(17 * 1024) },
        })
      ).status,
    ).toBe(413);
  });
});

describe('listing posts', () => {
  const COUNT = 5;
  let written: Post[] = [];

  beforeAll(async () => {
    written = [];
    for (let i = 0; i < COUNT; i++) {
      written.push(await createPost(LISTED_PARK, i % 2 === 0 ? author.token : other.token, `Post ${i}`));
      await new Promise((resolve) => setTimeout(resolve, 3));
    }
  });

  it.each([1, 2, 5, 20])(
    'newest first over every page with limit=%i, no duplicates, no gaps',
    async (limit) => {
      const { items, pageSizes } = await collectPages<Post>(call, postsOf(LISTED_PARK), 'posts', limit);
      expect(items).toEqual([...written].reverse());
      expect(pageSizes.length).toBe(Math.ceil(COUNT / limit));
    },
  );

  it('refuses a tampered, foreign or garbage cursor with 400', async () => {
    const first = await call<{ next_cursor: string }>('GET', `${postsOf(LISTED_PARK)}?limit=2`);
    const cursor = first.body.next_cursor;
    const decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as {
      s: string;
      k: Record<string, string>;
    };
    const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const reviewsCursor = encode({ ...decoded, s: `reviews:${LISTED_PARK}` });
    for (const bad of [
      'garbage',
      cursor.slice(3),
      reviewsCursor,
      encode({ ...decoded, s: 'posts:zion' }),
      encode({ s: decoded.s, k: { ...decoded.k, pk: 'PARK#zion' } }),
      encode({ s: decoded.s, k: { ...decoded.k, sk: 'REVIEW#x' } }),
    ]) {
      const answer = await call<ErrorBody>(
        'GET',
        `${postsOf(LISTED_PARK)}?cursor=${encodeURIComponent(bad)}`,
      );
      expect(answer.status).toBe(400);
      expect(answer.body.fields).toHaveProperty('cursor');
    }
    // The same cursor on another park's list.
    expect((await call('GET', `${postsOf('zion')}?cursor=${encodeURIComponent(cursor)}`)).status).toBe(400);
    expect((await call('GET', `${postsOf(LISTED_PARK)}?limit=0`)).status).toBe(400);
  });
});
