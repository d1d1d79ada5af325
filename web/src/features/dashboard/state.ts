/** What the dashboard knows: the chosen window (kept in the address) and when it last updated. */
import { DEFAULT_LOG_WINDOW, LOG_WINDOWS, type ClickLog } from '../../endpoints/clicks';

export const REFRESH_INTERVAL_MS = 5_000;

export interface DashboardState {
  /** The window shown, in minutes. */
  minutes: number;
  lastUpdated: Date | null;
}

export function windowFromUrl(): number {
  const asked = Number(new URLSearchParams(window.location.search).get('minutes'));
  return (LOG_WINDOWS as readonly number[]).includes(asked) ? asked : DEFAULT_LOG_WINDOW;
}

export function writeWindowToUrl(minutes: number): void {
  const url = new URL(window.location.href);
  url.searchParams.set('minutes', String(minutes));
  window.history.replaceState(null, '', url);
}

export const windowClicks = (log: ClickLog): number => log.minutes.reduce((sum, m) => sum + m.clicks, 0);
