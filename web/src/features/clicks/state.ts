/** What the clicks page knows: the totals shown, who is signed in, and how clicks are retried. */
import { ApiError } from '../../api';
import type { ClickTotals } from '../../endpoints/clicks';
import { MonotonicTotals, type TotalsUpdate } from '../../totals';

export const POLL_INTERVAL_MS = 2_000;
export const CLICK_ATTEMPTS = 4;
const RETRY_DELAYS_MS = [250, 1_000, 2_000];
const MAX_RETRY_AFTER_MS = 5_000;

export interface ClicksState {
  readonly totals: MonotonicTotals;
  /** The name typed at sign-in, until /api/me (the authority on its spelling) answers. */
  readonly storedUsername: string;
  knowMe: boolean;
  /** Clicks in a row that did not go through; the first success clears the message. */
  failedClicks: number;
}

export function clicksState(storedUsername: string): ClicksState {
  return { totals: new MonotonicTotals(), storedUsername, knowMe: false, failedClicks: 0 };
}

/** An answer of the clicks API as the totals take it. */
export const totalsOf = (answer: ClickTotals): TotalsUpdate => ({
  totalClicks: answer.total_clicks,
  userClicks: answer.user_clicks,
});

/** How long to wait before re-sending a click, or null to give up. */
export function retryDelayMs(err: unknown, attempt: number): number | null {
  if (!(err instanceof ApiError) || !err.retryable || attempt >= CLICK_ATTEMPTS) return null;
  return err.retryAfterSeconds !== undefined
    ? Math.min(err.retryAfterSeconds * 1000, MAX_RETRY_AFTER_MS)
    : RETRY_DELAYS_MS[attempt - 1];
}
