import { performance } from 'node:perf_hooks';
import type { ClickLedger, DrainResult } from './click-ledger';
import type { Api, BenchUser } from './fixtures';

/**
 * The aggregator's lag: from a click's 200 to the first GET /api/clicks whose total includes it.
 * One click at a time with nothing else running, so "includes it" is exact: the total read just
 * before the click, plus one.
 */

export const LAG_TARGET_MS = 1000;
export const LAG_POLL_MS = 10;
/** Pauses between samples, random so that clicks land anywhere in the poller's 250 ms cycle. */
export const LAG_GAP_MS = 250;
const SAMPLE_TIMEOUT_MS = 10_000;

export interface LagReport {
  /** Lag of each sample that became visible, ms. */
  readonly ms: number[];
  /** Samples not visible within the time-out. */
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
  const total = async (): Promise<number> => {
    const answer = await api.call<{ total_clicks: number }>('GET', '/api/clicks');
    if (answer.status !== 200) throw new Error(`GET /api/clicks answered ${answer.status}`);
    return answer.body.total_clicks;
  };
  const ms: number[] = [];
  const refused: Record<string, number> = {};
  let timedOut = 0;
  for (let i = 0; i < samples; i++) {
    if (i > 0 && i % 25 === 0) progress(`  lag: ${i} of ${samples} samples...`);
    const before = await total();
    const click = await api.call('POST', '/api/clicks', { token: users[i % users.length].token });
    const acknowledged = performance.now();
    if (click.status !== 200) {
      refused[click.status] = (refused[click.status] ?? 0) + 1;
      continue;
    }
    for (;;) {
      const seen = await total();
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
  return { ms, timedOut, refused, drain };
}
