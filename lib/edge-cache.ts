/**
 * What CloudFront caches in front of the API, described once as plain data: the site stack builds its
 * cache policies and API behaviours from it (lib/stacks/site-stack.ts), and local mode's gateway
 * emulates the same cache (lib/local/edge-cache.ts), so reads age locally as they will behind
 * CloudFront. No CDK imports: local mode loads this module at start.
 */

/** Which query strings or cookies are part of the cache key. Names are case-sensitive, as in CloudFront. */
export type KeyNames = 'none' | 'all' | { readonly allowList: readonly string[] };

export interface EdgeCachePolicy {
  /** Names the policy's construct (`<name>CachePolicy`), so its logical id never changes. */
  readonly name: string;
  /**
   * Seconds. CloudFront combines them with the origin's Cache-Control (see edgeTtl in
   * lib/local/edge-cache.ts); CloudFront requires minTtl ≤ defaultTtl ≤ maxTtl.
   */
  readonly minTtl: number;
  readonly defaultTtl: number;
  readonly maxTtl: number;
  /** Request headers whose values are part of the key (CloudFront only takes an allow-list), lower case. */
  readonly headers: readonly string[];
  readonly queryStrings: KeyNames;
  readonly cookies: KeyNames;
}

/** The only two sets CloudFront offers. */
export type CachedMethods = readonly ['GET', 'HEAD'] | readonly ['GET', 'HEAD', 'OPTIONS'];

export interface ApiBehaviour {
  /** A CloudFront path pattern: `*` stands for any characters, `?` for exactly one. */
  readonly pathPattern: string;
  /** Absent: CloudFront's managed CachingDisabled policy, every request goes to the API. */
  readonly cache?: { readonly methods: CachedMethods; readonly policy: EdgeCachePolicy };
}

export const API_CLICKS_PATH = '/api/clicks';
export const API_PATH = '/api/*';

/**
 * Anonymous GET /api/clicks answers `public, max-age=1`; signed-in answers are `private, no-store`.
 * The Authorization header is part of the key, so a personal answer is never served to anyone
 * else, and anonymous callers share one entry for at most the second the API allows.
 */
const clicksPolicy: EdgeCachePolicy = {
  name: 'Clicks',
  minTtl: 0,
  defaultTtl: 0,
  maxTtl: 1,
  headers: ['authorization'],
  queryStrings: 'none',
  cookies: 'none',
};

/** CloudFront's API behaviours in its order of precedence: the first pattern that matches a path decides. */
export const API_BEHAVIOURS: readonly ApiBehaviour[] = [
  { pathPattern: API_CLICKS_PATH, cache: { methods: ['GET', 'HEAD'], policy: clicksPolicy } },
  { pathPattern: API_PATH },
];
