import { performance } from 'node:perf_hooks';
import type { ClickLedger, DrainResult } from './click-ledger';
import type { Api, BenchUser } from './fixtures';

/**
 * The aggregator's lag: from a click's 200 to the first strongly consistent read of the total item
 * that includes it. One click at a time with nothing else writing, so "includes it" is exact: the
 * total read just before the click, plus one. Beside it, when the click shows in anonymous
 * GET /api/clicks, which adds the caches in front of the total by design (CloudFront's second and the
 * container's latest total).
 */

export const LAG_TARGET_MS = 1000;
export const LAG_POLL_MS = 10;
export const API_POLL_MS = 25;
/** Pauses between samples, random so that clicks land anywhere in the poller's 250 ms cycle. */
export const LAG_GAP_MS = 250;
const SAMPLE_TIMEOUT_MS = 10_000;

export interface LagReport {
  /** Acknowledged → in the total item, ms, for each sample that got there. */
  readonly ms: number[];
  /** Acknowledged → in an anonymous GET /api/clicks answer, ms. */
  readonly apiMs: number[];
  /** Samples not in the total item within the time-out. */
  readonly timedOut: number;
  /** Clicks not acknowledged (so not samples), by status. */
  readonly refused: Record<string, number>;
  /** Draining what earlier sections left, before the first sample. */
  readonly drain: DrainResult;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export async function measureLag(
  api: Api,
  users: readonly BenchUser[],
  ledger: ClickLedger,
  samples: number,
  progress: (line: string) => void,
): Promise<LagReport> {
  const drain = await ledger.drained(SAMPLE_TIMEOUT_MS * 6);
  // One poller of the API for every sample: totals only grow, and each click is in the total item
  // before the next is sent, so the first answer at or above a sample's total is that sample's.
  const answers: { at: number; total: number }[] = [];
  let polling = true;
  const apiPoller = (async () => {
    while (polling) {
      const answer = await api.call<{ total_clicks: number }>('GET', '/api/clicks');
      if (answer.status === 200) answers.push({ at: performance.now(), total: answer.body.total_clicks });
      await sleep(API_POLL_MS);
    }
  })();
  const clicks: { acknowledged: number; total: number }[] = [];
  const ms: number[] = [];
  const refused: Record<string, number> = {};
  let timedOut = 0;
  try {
    for (let i = 0; i < samples; i++) {
      if (i > 0 && i % 25 === 0) progress(`  lag: ${i} of ${samples} samples...`);
      const before = await ledger.total();
      const click = await api.call('POST', '/api/clicks', { token: users[i % users.length].token });
      const acknowledged = performance.now();
      if (click.status !== 200) {
        refused[click.status] = (refused[click.status] ?? 0) + 1;
        continue;
      }
      clicks.push({ acknowledged, total: before + 1 });
      for (;;) {
        const seen = await ledger.total();
        const elapsed = performance.now() - acknowledged;
        if (seen > before) {
          ms.push(elapsed);
          break;
        }
        if (elapsed > SAMPLE_TIMEOUT_MS) {
          timedOut++;
          break;
        }
        await sleep(LAG_POLL_MS);
      }
      await sleep(Math.random() * LAG_GAP_MS);
    }
    const last = clicks[clicks.length - 1];
    const waitUntil = performance.now() + SAMPLE_TIMEOUT_MS;
    while (last && !answers.some((a) => a.total >= last.total) && performance.now() < waitUntil)
      await sleep(API_POLL_MS);
  } finally {
    polling = false;
    await apiPoller;
  }
  const apiMs = clicks.flatMap(({ acknowledged, total }) => {
    const shown = answers.find((a) => a.at >= acknowledged && a.total >= total);
    return shown ? [shown.at - acknowledged] : [];
  });
  return { ms, apiMs, timedOut, refused, drain };
}
