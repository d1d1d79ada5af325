import type { IncomingHttpHeaders } from 'node:http';
import type { ApiBehaviour, EdgeCachePolicy, KeyNames } from '../edge-cache';

/** CloudFront's X-Cache values. */
export const X_CACHE_HIT = 'Hit from cloudfront';
export const X_CACHE_MISS = 'Miss from cloudfront';

/** Enough for every anonymous variant local mode will see; personal answers are never stored. */
const DEFAULT_MAX_ENTRIES = 1000;

export interface EdgeRequest {
  readonly method: string;
  /** The URL's path, as received (CloudFront matches and keys on it undecoded). */
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingHttpHeaders;
}

export interface EdgeAnswer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[]>>;
  readonly body: Buffer | undefined;
}

/** `/api/*` → a regular expression matching what CloudFront's path pattern matches. */
export function pathPatternRegExp(pattern: string): RegExp {
  const source = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  // CloudFront accepts a pattern with or without its leading slash and means the same.
  return new RegExp(`^${source.startsWith('/') ? '' : '/'}${source}$`);
}

function parseCacheControl(value: string | undefined): Map<string, string | undefined> {
  const directives = new Map<string, string | undefined>();
  for (const part of (value ?? '').split(',')) {
    const [name, argument] = part.split('=', 2).map((s) => s.trim());
    if (name) directives.set(name.toLowerCase(), argument?.replace(/^"(.*)"$/, '$1'));
  }
  return directives;
}

const seconds = (value: string | undefined): number | undefined =>
  value !== undefined && /^\d+$/.test(value) ? Number(value) : undefined;

/**
 * How long CloudFront keeps an origin answer under a cache policy, in seconds (0: not kept), by
 * CloudFront's documented expiration rules. Only 200 is stored: CloudFront also keeps a few other
 * statuses and, for its error-caching TTL, some errors, which this emulation leaves out.
 */
export function edgeTtl(
  policy: Pick<EdgeCachePolicy, 'minTtl' | 'defaultTtl' | 'maxTtl'>,
  status: number,
  cacheControl: string | undefined,
): number {
  if (status !== 200) return 0;
  const directives = parseCacheControl(cacheControl);
  // With a minimum TTL above 0, CloudFront keeps even these answers for that minimum.
  if (['no-store', 'no-cache', 'private'].some((name) => directives.has(name))) return policy.minTtl;
  // s-maxage is meant for shared caches, so it wins over max-age.
  const maxAge = seconds(directives.get('s-maxage')) ?? seconds(directives.get('max-age'));
  if (maxAge === undefined) return policy.defaultTtl;
  return Math.min(policy.maxTtl, Math.max(policy.minTtl, maxAge));
}

function pick(names: KeyNames, pairs: Iterable<[string, string]>): [string, string][] {
  if (names === 'none') return [];
  const all = [...pairs];
  return names === 'all' ? all : all.filter(([name]) => names.allowList.includes(name));
}

function cookiesOf(header: string | undefined): [string, string][] {
  return (header ?? '')
    .split(';')
    .map((cookie) => cookie.trim())
    .filter((cookie) => cookie !== '')
    .map((cookie) => {
      const at = cookie.indexOf('=');
      return at < 0 ? [cookie, ''] : [cookie.slice(0, at), cookie.slice(at + 1)];
    });
}

/** Method and path, plus only what the policy puts in the key, in the order the request gives it. */
export function cacheKey(policy: EdgeCachePolicy, request: EdgeRequest): string {
  const headers = policy.headers.map((name) => {
    const value = request.headers[name.toLowerCase()];
    return Array.isArray(value) ? value.join(',') : (value ?? null);
  });
  return JSON.stringify([
    request.method,
    request.path,
    pick(policy.queryStrings, request.query),
    headers,
    pick(policy.cookies, cookiesOf(request.headers.cookie)),
  ]);
}

const headerOf = (answer: EdgeAnswer, name: string): string | undefined => {
  const found = Object.entries(answer.headers).find(([key]) => key.toLowerCase() === name);
  return found && (Array.isArray(found[1]) ? found[1].join(',') : found[1]);
};

const labelled = (answer: EdgeAnswer, extra: Record<string, string>): EdgeAnswer => ({
  ...answer,
  headers: { ...answer.headers, ...extra },
});

interface Entry {
  readonly answer: EdgeAnswer;
  readonly storedAt: number;
  readonly expiresAt: number;
}

export interface EdgeCacheOptions {
  /** At most this many answers are kept; when full, expired ones go first, then the oldest. */
  readonly maxEntries?: number;
  /** Milliseconds on a clock that never goes back. */
  readonly now?: () => number;
}

/**
 * CloudFront's cache in front of the API, for local mode. Concurrent misses for one key each go to
 * the origin: CloudFront may collapse them into one origin request, so local origin load is an
 * upper bound of what the API sees behind CloudFront.
 */
export class EdgeCache {
  private readonly behaviours: readonly { readonly pattern: RegExp; readonly behaviour: ApiBehaviour }[];
  private readonly entries = new Map<string, Entry>();
  private readonly maxEntries: number;
  private readonly now: () => number;

  constructor(behaviours: readonly ApiBehaviour[], options: EdgeCacheOptions = {}) {
    this.behaviours = behaviours.map((behaviour) => ({
      pattern: pathPatternRegExp(behaviour.pathPattern),
      behaviour,
    }));
    this.maxEntries = options.maxEntries ?? DEFAULT_MAX_ENTRIES;
    this.now = options.now ?? (() => performance.now());
  }

  /**
   * CloudFront's answer: a fresh stored copy, or the origin's answer (kept when its TTL allows).
   * A path outside every behaviour belongs to CloudFront's default behaviour (the site), which this
   * cache does not emulate, so it passes through untouched.
   */
  async serve(request: EdgeRequest, origin: () => Promise<EdgeAnswer>): Promise<EdgeAnswer> {
    const matched = this.behaviours.find(({ pattern }) => pattern.test(request.path));
    if (!matched) return origin();
    const { cache } = matched.behaviour;
    if (!cache || !cache.methods.some((method) => method === request.method))
      return labelled(await origin(), { 'x-cache': X_CACHE_MISS });

    const key = cacheKey(cache.policy, request);
    const entry = this.entries.get(key);
    const now = this.now();
    if (entry && now < entry.expiresAt) {
      const age = String(Math.floor((now - entry.storedAt) / 1000));
      return labelled(entry.answer, { age, 'x-cache': X_CACHE_HIT });
    }
    if (entry) this.entries.delete(key);

    const answer = await origin();
    const ttl = edgeTtl(cache.policy, answer.status, headerOf(answer, 'cache-control'));
    if (ttl > 0) {
      const storedAt = this.now();
      this.store(key, { answer, storedAt, expiresAt: storedAt + ttl * 1000 });
    }
    return labelled(answer, { 'x-cache': X_CACHE_MISS });
  }

  private store(key: string, entry: Entry): void {
    this.entries.delete(key);
    if (this.entries.size >= this.maxEntries) {
      for (const [stored, { expiresAt }] of this.entries)
        if (expiresAt <= entry.storedAt) this.entries.delete(stored);
    }
    if (this.entries.size >= this.maxEntries) {
      // A Map iterates in insertion order, so the first key is the oldest entry.
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    this.entries.set(key, entry);
  }
}
