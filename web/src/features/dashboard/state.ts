/** What the dashboard knows: the chosen window (kept in the address) and when it last updated. */
import type { TotalsEvent } from '../../../../lambdas/contract/live-events';
import { buildClickLog, minuteKey, windowMinutes } from '../../../../lambdas/clicks/domain';
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

/**
 * The clicks per minute the dashboard knows, from the last log it read and the pushes since: the
 * log of any window it covers is built here, with the server's own arithmetic, so while live the
 * charts move (and roll with the clock) without asking the server. Counts only grow, so merging
 * takes the larger number and the order of answers and pushes does not matter.
 */
export class KnownMinutes {
  private readonly counts = new Map<string, number>();
  private total = 0;
  /** The widest window a log was read for: pushes only add minutes after it. */
  private coveredMinutes = 0;

  addLog(log: ClickLog, minutes: number): void {
    for (const entry of log.minutes) this.merge(minuteKey(new Date(entry.minute)), entry.clicks);
    this.total = Math.max(this.total, log.total_clicks);
    this.coveredMinutes = Math.max(this.coveredMinutes, minutes);
  }

  addPush(event: TotalsEvent): void {
    this.merge(event.minute, event.minuteClicks);
    const previous = new Date(Date.parse(`${event.minute}:00.000Z`) - 60_000);
    this.merge(minuteKey(previous), event.previousMinuteClicks);
    this.total = Math.max(this.total, event.total);
  }

  covers(minutes: number): boolean {
    return this.coveredMinutes >= minutes;
  }

  logOf(minutes: number, now: Date): ClickLog {
    return buildClickLog(windowMinutes(now, minutes), this.counts, this.total);
  }

  private merge(minute: string, clicks: number): void {
    this.counts.set(minute, Math.max(this.counts.get(minute) ?? 0, clicks));
  }
}
