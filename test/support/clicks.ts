import type { apiClient } from './api';

type Api = ReturnType<typeof apiClient>;

export interface ClickLog {
  minutes: { minute: string; clicks: number; total: number }[];
  clicks_per_minute: number;
  total_clicks: number;
}

export interface Counts {
  /** The aggregate total, as GET /api/clicks/log answers it. */
  readonly total: number;
  /** Σ clicks of the minutes of the last 24 hours. */
  readonly inLog: number;
}

export async function readCounts(api: Api): Promise<Counts> {
  const log = await api.call<ClickLog>('GET', '/api/clicks/log?minutes=1440');
  return { total: log.body.total_clicks, inLog: log.body.minutes.reduce((sum, m) => sum + m.clicks, 0) };
}

/**
 * Waits until the stream aggregator has counted `expected` clicks on top of `before`, in the total and
 * in the minutes alike, and says how long that took after the call. Fails after `withinMs`.
 */
export async function drained(api: Api, before: Counts, expected: number, withinMs = 2000): Promise<number> {
  const started = Date.now();
  let last = before;
  while (Date.now() - started <= withinMs) {
    last = await readCounts(api);
    if (last.total - before.total === expected && last.inLog - before.inLog === expected) {
      return Date.now() - started;
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(
    `after ${withinMs} ms the aggregate had ${last.total - before.total} new clicks in the total and ` +
      `${last.inLog - before.inLog} in the minutes, not ${expected}`,
  );
}

/**
 * The aggregate once no click is in flight: two reads `apartMs` apart agree and the total is the sum of
 * the minutes. A test that counts its own clicks on top of it must start here, for a click an earlier
 * test made may still be on its way through the stream and would be counted as the test's own.
 */
export async function quietCounts(api: Api, apartMs = 500, withinMs = 10_000): Promise<Counts> {
  const started = Date.now();
  let last = await readCounts(api);
  while (Date.now() - started <= withinMs) {
    await new Promise((resolve) => setTimeout(resolve, apartMs));
    const now = await readCounts(api);
    if (now.total === last.total && now.inLog === last.inLog && now.total === now.inLog) return now;
    last = now;
  }
  throw new Error(`the click aggregate did not settle within ${withinMs} ms`);
}

/**
 * Waits until the aggregate has stopped moving (quietCounts) and the functions' cached totals have
 * caught up: every click made so far is counted, so later reads of the total compare equal.
 */
export async function settled(api: Api, withinMs = 10_000): Promise<Counts> {
  const quiet = await quietCounts(api, 700, withinMs);
  // GET /api/clicks answers from its container's latest total, up to a second old: let it catch up.
  await new Promise((resolve) => setTimeout(resolve, 1200));
  return quiet;
}
