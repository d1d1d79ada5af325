/**
 * Review and rating arithmetic that knows nothing of HTTP or DynamoDB: what a review holds, how a
 * park's statistics (count, star sum, histogram) move when a review is created, changed or deleted,
 * and how they read as an average.
 */

export const STARS = [1, 2, 3, 4, 5] as const;
export type Stars = (typeof STARS)[number];
export type HistogramKey = '1' | '2' | '3' | '4' | '5';
export type Histogram = Record<HistogramKey, number>;

export const TITLE_MAX = 120;
export const REVIEW_BODY_MAX = 4000;
export const POST_BODY_MAX = 4000;

export const isStars = (value: unknown): value is Stars =>
  typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 5;

/** A park's rating statistics, as stored on its catalog item. */
export interface RatingStats {
  readonly count: number;
  readonly starSum: number;
  readonly histogram: Histogram;
}

export const emptyHistogram = (): Histogram => ({ '1': 0, '2': 0, '3': 0, '4': 0, '5': 0 });

export const emptyStats = (): RatingStats => ({ count: 0, starSum: 0, histogram: emptyHistogram() });

/** The attribute of the catalog item that holds the number of `stars`-star reviews. */
export const histogramAttribute = (stars: Stars): string => `h${stars}`;

/** Reads the statistics from a stored catalog item; attributes that are missing count as 0. */
export function statsFromItem(item: Readonly<Record<string, unknown>> | undefined): RatingStats {
  const number = (name: string): number => {
    const value = item?.[name];
    return typeof value === 'number' && Number.isFinite(value) ? value : 0;
  };
  const histogram = emptyHistogram();
  for (const stars of STARS) histogram[String(stars) as HistogramKey] = number(histogramAttribute(stars));
  return { count: number('count'), starSum: number('starSum'), histogram };
}

/**
 * The mean star rating to one decimal (half rounds up), in exact integer arithmetic so that e.g.
 * 89 stars over 20 reviews is 4.5 and never 4.4 through a floating-point accident. No reviews → 0:
 * clients show "no ratings yet" from `count`, and `average` is always a number.
 */
export function averageOf(stats: Pick<RatingStats, 'count' | 'starSum'>): number {
  if (stats.count <= 0) return 0;
  const tenths = Math.floor((stats.starSum * 20 + stats.count) / (2 * stats.count));
  return tenths / 10;
}

/** What a change of one review does to its park's statistics. */
export interface StatsDelta {
  readonly count: number;
  readonly starSum: number;
  /** Only the buckets that change, by star value. */
  readonly histogram: Readonly<Partial<Record<Stars, number>>>;
}

/**
 * The delta for a review going from `before` stars to `after` stars; `undefined` means "no review",
 * so (undefined → n) is a create, (n → undefined) a delete and (n → m) a change of stars.
 */
export function reviewDelta(before: Stars | undefined, after: Stars | undefined): StatsDelta {
  const histogram: Partial<Record<Stars, number>> = {};
  if (before !== undefined) histogram[before] = (histogram[before] ?? 0) - 1;
  if (after !== undefined) histogram[after] = (histogram[after] ?? 0) + 1;
  for (const stars of STARS) if (histogram[stars] === 0) delete histogram[stars];
  return {
    count: (after === undefined ? 0 : 1) - (before === undefined ? 0 : 1),
    starSum: (after ?? 0) - (before ?? 0),
    histogram,
  };
}

export const isEmptyDelta = (delta: StatsDelta): boolean =>
  delta.count === 0 && delta.starSum === 0 && Object.keys(delta.histogram).length === 0;

export function applyDelta(stats: RatingStats, delta: StatsDelta): RatingStats {
  const histogram = { ...stats.histogram };
  for (const stars of STARS) histogram[String(stars) as HistogramKey] += delta.histogram[stars] ?? 0;
  return { count: stats.count + delta.count, starSum: stats.starSum + delta.starSum, histogram };
}

/** The statistics of a set of reviews, computed from scratch (what the deltas must always add up to). */
export function statsOf(stars: Iterable<Stars>): RatingStats {
  let stats = emptyStats();
  for (const s of stars) stats = applyDelta(stats, reviewDelta(undefined, s));
  return stats;
}

/** The public rating of a park: `{average, count}`. */
export const ratingOf = (stats: RatingStats): { average: number; count: number } => ({
  average: averageOf(stats),
  count: stats.count,
});

/** The public analytics of a park. */
export const analyticsOf = (parkId: string, stats: RatingStats) => ({
  parkId,
  count: stats.count,
  average: averageOf(stats),
  histogram: { ...stats.histogram },
});

/**
 * Optional free text as stored: trimmed, and "" when absent, so a review always has a title and a
 * body to show. A review's PUT replaces the whole review, so leaving a field out clears it.
 */
export const optionalText = (value: string | null | undefined): string => (value ?? '').trim();

export interface ReviewInput {
  readonly stars: Stars;
  readonly title: string;
  readonly body: string;
}

/** Changes to a post: at least one field, each already trimmed and non-empty. */
export interface PostChanges {
  readonly title?: string;
  readonly body?: string;
}
