import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { apiClient } from '../support/api';
import { LOCAL_MODE_START_MS, startLocalProcess, stopLocalProcess } from '../support/local-process';
import type { Analytics, ParkWithRating, Post, Review } from './parks-helpers';

// The test's own work, and two starts of local mode.
jest.setTimeout(90_000 + 2 * LOCAL_MODE_START_MS);

describe('parks across a restart of local mode', () => {
  it('keeps reviews, ratings and posts; loading the catalog again at start changes none of them', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'cloud-clicker-parks-restart-'));
    const logFile = join(dataDir, 'local-mode.log');
    const first = await startLocalProcess({ dataDir, logFile });
    let review: Review;
    let post: Post;
    let user: { username: string; password: string; token: string };
    try {
      const a = apiClient(first.url);
      user = await a.newUser('restart');
      review = (
        await a.call<Review>('PUT', '/api/parks/denali/reviews/me', {
          token: user.token,
          body: { stars: 4, title: 'Saw the summit' },
        })
      ).body;
      post = (
        await a.call<Post>('POST', '/api/parks/denali/posts', {
          token: user.token,
          body: { title: 'Bus tickets', body: 'Book early.' },
        })
      ).body;
    } finally {
      expect(await stopLocalProcess(first)).toBe(0);
    }

    const second = await startLocalProcess({ dataDir, logFile });
    try {
      const b = apiClient(second.url);
      const analytics = await b.call<Analytics>('GET', '/api/parks/denali/analytics');
      expect(analytics.body).toEqual({
        parkId: 'denali',
        count: 1,
        average: 4,
        histogram: { 1: 0, 2: 0, 3: 0, 4: 1, 5: 0 },
      });
      const parks = await b.call<{ parks: ParkWithRating[] }>('GET', '/api/parks');
      expect(parks.body.parks.find((p) => p.id === 'denali')?.rating).toEqual({ average: 4, count: 1 });
      expect(
        (await b.call<Review>('GET', '/api/parks/denali/reviews/me', { token: user.token })).body,
      ).toEqual(review);
      expect((await b.call<Post>('GET', `/api/parks/denali/posts/${post.id}`)).body).toEqual(post);
    } finally {
      await stopLocalProcess(second);
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
