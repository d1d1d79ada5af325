import fc from 'fast-check';
import {
  analyticsOf,
  applyDelta,
  averageOf,
  emptyStats,
  isEmptyDelta,
  isStars,
  optionalText,
  reviewDelta,
  statsFromItem,
  statsOf,
  type Stars,
} from '../../lambdas/parks/domain';
import { catalogHash } from '../../lambdas/parks/catalog-seed';
import { postPatchBody, reviewBody, postBody } from '../../lambdas/parks/schemas';
import { findPark, parkCatalog } from '../../lambdas/shared/park-catalog';

describe('averageOf', () => {
  it('is 0 when there are no reviews', () => {
    expect(averageOf({ count: 0, starSum: 0 })).toBe(0);
  });

  it('is the mean to one decimal, half rounding up', () => {
    expect(averageOf({ count: 1, starSum: 4 })).toBe(4);
    expect(averageOf({ count: 3, starSum: 13 })).toBe(4.3); // 4.333…
    expect(averageOf({ count: 3, starSum: 14 })).toBe(4.7); // 4.666…
    expect(averageOf({ count: 20, starSum: 89 })).toBe(4.5); // exactly 4.45 → 4.5
    expect(averageOf({ count: 2, starSum: 3 })).toBe(1.5);
    expect(averageOf({ count: 40, starSum: 81 })).toBe(2.0); // 2.025 → 2.0
    expect(averageOf({ count: 7, starSum: 35 })).toBe(5);
  });

  it('agrees with the decimal rounding of the exact mean for any set of reviews', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 500 }), (stars) => {
        const sum = stars.reduce((a, b) => a + b, 0);
        const average = averageOf({ count: stars.length, starSum: sum });
        // |average - mean| ≤ 0.05, and it has one decimal at most.
        expect(Math.abs(average - sum / stars.length)).toBeLessThanOrEqual(0.05 + 1e-9);
        expect(Math.round(average * 10) / 10).toBe(average);
        expect(average).toBeGreaterThanOrEqual(1);
        expect(average).toBeLessThanOrEqual(5);
      }),
    );
  });
});

describe('reviewDelta', () => {
  it('creating a review adds one to count, its stars to the sum and one to its bucket', () => {
    expect(reviewDelta(undefined, 4)).toEqual({ count: 1, starSum: 4, histogram: { 4: 1 } });
  });

  it('changing stars moves one review between buckets and keeps the count', () => {
    expect(reviewDelta(2, 5)).toEqual({ count: 0, starSum: 3, histogram: { 2: -1, 5: 1 } });
    expect(reviewDelta(5, 1)).toEqual({ count: 0, starSum: -4, histogram: { 5: -1, 1: 1 } });
  });

  it('an edit that keeps the stars changes nothing', () => {
    const delta = reviewDelta(3, 3);
    expect(delta).toEqual({ count: 0, starSum: 0, histogram: {} });
    expect(isEmptyDelta(delta)).toBe(true);
    expect(isEmptyDelta(reviewDelta(undefined, 3))).toBe(false);
  });

  it('deleting takes the review out again', () => {
    expect(reviewDelta(3, undefined)).toEqual({ count: -1, starSum: -3, histogram: { 3: -1 } });
  });

  it('any sequence of creates, changes and deletes adds up to the statistics of the reviews left', () => {
    const op = fc.record({
      user: fc.integer({ min: 0, max: 9 }),
      stars: fc.option(fc.constantFrom<Stars>(1, 2, 3, 4, 5), { nil: undefined }),
    });
    fc.assert(
      fc.property(fc.array(op, { maxLength: 200 }), (ops) => {
        const reviews = new Map<number, Stars>();
        let stats = emptyStats();
        for (const { user, stars } of ops) {
          stats = applyDelta(stats, reviewDelta(reviews.get(user), stars));
          if (stars === undefined) reviews.delete(user);
          else reviews.set(user, stars);
        }
        expect(stats).toEqual(statsOf(reviews.values()));
        const histogramSum = Object.values(stats.histogram).reduce((a, b) => a + b, 0);
        expect(histogramSum).toBe(stats.count);
        expect(stats.count).toBe(reviews.size);
      }),
    );
  });
});

describe('statistics of a stored item', () => {
  it('reads count, star sum and h1..h5, counting missing attributes as 0', () => {
    expect(statsFromItem({ count: 3, starSum: 11, h3: 1, h4: 2 })).toEqual({
      count: 3,
      starSum: 11,
      histogram: { 1: 0, 2: 0, 3: 1, 4: 2, 5: 0 },
    });
    expect(statsFromItem(undefined)).toEqual(emptyStats());
  });

  it('answers analytics with every histogram bucket', () => {
    expect(analyticsOf('denali', statsOf([5, 5, 4]))).toEqual({
      parkId: 'denali',
      count: 3,
      average: 4.7,
      histogram: { 1: 0, 2: 0, 3: 0, 4: 1, 5: 2 },
    });
  });
});

describe('review and post input', () => {
  it('accepts whole stars 1 to 5 only', () => {
    for (const stars of [1, 2, 3, 4, 5]) expect(isStars(stars)).toBe(true);
    for (const stars of [0, 6, 4.5, '5', null, Number.NaN]) expect(isStars(stars)).toBe(false);
    for (const stars of [0, 6, 4.5, '5', null, -1]) {
      const result = reviewBody.safeParse({ stars });
      expect(result.success).toBe(false);
      expect(result.error?.issues[0].path).toEqual(['stars']);
    }
  });

  it('trims review text, checks lengths after trimming, and treats absent or null as empty', () => {
    expect(reviewBody.parse({ stars: 3, title: '  Great  ', body: null })).toEqual({
      stars: 3,
      title: 'Great',
      body: null,
    });
    expect(optionalText(null)).toBe('');
    expect(optionalText(undefined)).toBe('');
    expect(optionalText('  x ')).toBe('x');
    expect(reviewBody.safeParse({ stars: 3, title: 't'.repeat(120) }).success).toBe(true);
    expect(reviewBody.safeParse({ stars: 3, title: ` ${'t'.repeat(120)} ` }).success).toBe(true);
    expect(reviewBody.safeParse({ stars: 3, title: 't'.repeat(121) }).success).toBe(false);
    expect(reviewBody.safeParse({ stars: 3, body: 'b'.repeat(4000) }).success).toBe(true);
    expect(reviewBody.safeParse({ stars: 3, body: 'b'.repeat(4001) }).success).toBe(false);
    expect(reviewBody.safeParse({ stars: 3, extra: 1 }).success).toBe(false);
  });

  it('posts need a non-blank title (≤120) and body (≤4000); a patch needs at least one of them', () => {
    expect(postBody.safeParse({ title: 'a', body: 'b' }).success).toBe(true);
    expect(postBody.safeParse({ title: '   ', body: 'b' }).success).toBe(false);
    expect(postBody.safeParse({ title: 'a', body: 'b'.repeat(4001) }).success).toBe(false);
    expect(postBody.safeParse({ title: 'a' }).success).toBe(false);
    expect(postPatchBody.safeParse({ body: 'new' }).success).toBe(true);
    expect(postPatchBody.safeParse({}).success).toBe(false);
    expect(postPatchBody.safeParse({ title: '' }).success).toBe(false);
    expect(postPatchBody.safeParse({ author: 'me' }).success).toBe(false);
  });
});

describe('park catalog', () => {
  it('holds at least 12 parks with unique ids, real coordinates and every field filled', () => {
    expect(parkCatalog.length).toBeGreaterThanOrEqual(12);
    expect(new Set(parkCatalog.map((p) => p.id)).size).toBe(parkCatalog.length);
    for (const park of parkCatalog) {
      expect(park.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(park.name && park.state && park.biome && park.description).toBeTruthy();
      // Every U.S. national park lies between American Samoa (14°S) and Alaska, west of Maine.
      expect(park.latitude).toBeGreaterThanOrEqual(-15);
      expect(park.latitude).toBeLessThanOrEqual(72);
      expect(park.longitude).toBeGreaterThanOrEqual(-171);
      expect(park.longitude).toBeLessThanOrEqual(-64);
    }
    for (const id of ['denali', 'grand-canyon', 'redwood', 'buck-island-reef'])
      expect(findPark(id)).toBeDefined();
  });

  it('has a hash that changes with the data and only with it', () => {
    expect(catalogHash()).toBe(catalogHash([...parkCatalog]));
    expect(catalogHash()).toMatch(/^[0-9a-f]{64}$/);
    const moved = parkCatalog.map((p, i) => (i === 0 ? { ...p, latitude: p.latitude + 0.001 } : p));
    expect(catalogHash(moved)).not.toBe(catalogHash());
  });
});
