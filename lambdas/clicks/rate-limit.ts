/**
 * The per-user click rate limit, as arithmetic on time only, so that the store can check and count it
 * inside the click's one conditional write (DynamoDB update expressions have no `min` or `max`, which
 * a classic token bucket needs).
 *
 * Two series of fixed windows, each `burst / perSecond` seconds long and allowing `burst` clicks, the
 * second series shifted by half a window. A click must fit in the current window of both. So over any
 * long stretch no more than `perSecond` clicks a second get through (one series alone guarantees
 * that), and no more than `burst` in any half window (every such span lies inside one window of one of
 * the series): the sustained rate and the burst of a token bucket, without its refill arithmetic.
 */
export interface ClickRateLimit {
  readonly perSecond: number;
  readonly burst: number;
}

export interface RateWindow {
  /** The user item's attribute counting this window's clicks; its name changes with every window. */
  readonly attribute: string;
  readonly endsAtMs: number;
}

const SERIES = ['ra', 'rb'] as const;

export const windowLengthMs = (limit: ClickRateLimit): number => (limit.burst * 1000) / limit.perSecond;

/** The current window of each series at `nowMs`. */
export function rateWindows(limit: ClickRateLimit, nowMs: number): readonly RateWindow[] {
  const length = windowLengthMs(limit);
  return SERIES.map((prefix, series) => {
    const offset = (series * length) / 2;
    const index = Math.floor((nowMs + offset) / length);
    return { attribute: `${prefix}${index}`, endsAtMs: (index + 1) * length - offset };
  });
}

/** Whether an attribute of the user item is a rate window counter (of any window). */
export const isRateWindowAttribute = (name: string): boolean => /^r[ab]\d+$/.test(name);

/** Whole seconds until every full window has ended, as Retry-After wants them (at least 1). */
export function retryAfterSeconds(full: readonly RateWindow[], nowMs: number): number {
  const until = Math.max(...full.map((w) => w.endsAtMs)) - nowMs;
  return Math.max(1, Math.ceil(until / 1000));
}
