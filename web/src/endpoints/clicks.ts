/** Click endpoints: count a click, read the totals, read the per-minute log. */
import { apiFetch, arrayField, asObject, numberField, stringField } from '../api';

export interface Totals {
  readonly totalClicks: number;
  /** Absent when asked without a token. */
  readonly userClicks?: number;
}

export interface MinuteEntry {
  /** ISO-8601 UTC start of the minute. */
  readonly minute: string;
  readonly clicks: number;
  /** Running total at the end of that minute. */
  readonly total: number;
}

export interface ClickLog {
  readonly minutes: readonly MinuteEntry[];
  readonly clicksPerMinute: number;
  readonly totalClicks: number;
}

export const LOG_WINDOWS = [15, 60, 240, 1440] as const;
export const DEFAULT_LOG_WINDOW = 60;

/**
 * The key makes a re-send of the same click (after a lost answer) count once, so callers must
 * reuse it for retries of one click and mint a new one per click.
 */
export async function postClick(idempotencyKey: string, signal?: AbortSignal): Promise<Required<Totals>> {
  const body = asObject(
    await apiFetch('/api/clicks', {
      method: 'POST',
      auth: 'required',
      headers: { 'Idempotency-Key': idempotencyKey },
      signal,
    }),
  );
  return { totalClicks: numberField(body, 'total_clicks'), userClicks: numberField(body, 'user_clicks') };
}

export async function getTotals(signal?: AbortSignal): Promise<Totals> {
  const body = asObject(await apiFetch('/api/clicks', { auth: 'optional', signal }));
  const totalClicks = numberField(body, 'total_clicks');
  return body.user_clicks === undefined
    ? { totalClicks }
    : { totalClicks, userClicks: numberField(body, 'user_clicks') };
}

export async function getClickLog(minutes: number, signal?: AbortSignal): Promise<ClickLog> {
  const body = asObject(await apiFetch(`/api/clicks/log?minutes=${encodeURIComponent(minutes)}`, { signal }));
  const entries = arrayField(body, 'minutes').map((raw, i) => {
    const entry = asObject(raw, `minutes[${i}]`);
    return {
      minute: stringField(entry, 'minute'),
      clicks: numberField(entry, 'clicks'),
      total: numberField(entry, 'total'),
    };
  });
  return {
    minutes: entries,
    clicksPerMinute: numberField(body, 'clicks_per_minute'),
    totalClicks: numberField(body, 'total_clicks'),
  };
}
