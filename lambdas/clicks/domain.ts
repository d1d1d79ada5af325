/** Click arithmetic that knows nothing of HTTP or DynamoDB. */

const MINUTE_MS = 60_000;

/** A minute bucket's key: ISO-8601 UTC to the minute, so keys sort by time as strings. */
export const minuteKey = (at: Date): string => at.toISOString().slice(0, 16);

export const minuteStart = (key: string): string => `${key}:00.000Z`;

/** The keys of the `count` minutes ending with the one containing `now`, oldest first. */
export function windowMinutes(now: Date, count: number): string[] {
  const last = Math.floor(now.getTime() / MINUTE_MS) * MINUTE_MS;
  return Array.from({ length: count }, (_, i) => minuteKey(new Date(last - (count - 1 - i) * MINUTE_MS)));
}

export interface MinuteEntry {
  readonly minute: string;
  readonly clicks: number;
  readonly total: number;
}

export interface ClickLog {
  readonly minutes: MinuteEntry[];
  readonly clicks_per_minute: number;
  readonly total_clicks: number;
}

/**
 * Builds the log of a window from per-minute counts and the current total. The running total at the
 * end of a minute is the current total less every click counted after that minute.
 */
export function buildClickLog(
  window: readonly string[],
  counts: ReadonlyMap<string, number>,
  total: number,
): ClickLog {
  let after = 0;
  const entries: MinuteEntry[] = new Array<MinuteEntry>(window.length);
  for (let i = window.length - 1; i >= 0; i--) {
    const clicks = counts.get(window[i]) ?? 0;
    entries[i] = { minute: minuteStart(window[i]), clicks, total: Math.max(0, total - after) };
    after += clicks;
  }
  return {
    minutes: entries,
    // Exact: the page rounds for display, an API client may want the figure itself.
    clicks_per_minute: after / window.length,
    total_clicks: total,
  };
}
