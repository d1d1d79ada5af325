/** Click endpoints: count a click, read the totals, read the per-minute log. */
import { api, call, type ResponseBody } from '../api';

/** `user_clicks` is absent when asked without a token. */
export type ClickTotals = ResponseBody<'getClicks'>;
export type ClickLog = ResponseBody<'getClickLog'>;
export type MinuteEntry = ClickLog['minutes'][number];

export const LOG_WINDOWS = [15, 60, 240, 1440] as const;
export const DEFAULT_LOG_WINDOW = 60;

/**
 * The key makes a re-send of the same click (after a lost answer) count once, so callers must
 * reuse it for retries of one click and mint a new one per click.
 */
export async function postClick(
  idempotencyKey: string,
  signal?: AbortSignal,
): Promise<ResponseBody<'postClick'>> {
  const answer = await call(
    (extras) =>
      api.POST('/api/clicks', { params: { header: { 'idempotency-key': idempotencyKey } }, ...extras }),
    { auth: 'required', signal },
  );
  return answer.data;
}

export async function getTotals(signal?: AbortSignal): Promise<ClickTotals> {
  return (await call((extras) => api.GET('/api/clicks', extras), { auth: 'optional', signal })).data;
}

export async function getClickLog(minutes: number, signal?: AbortSignal): Promise<ClickLog> {
  const answer = await call(
    (extras) => api.GET('/api/clicks/log', { params: { query: { minutes: String(minutes) } }, ...extras }),
    { signal },
  );
  return answer.data;
}
