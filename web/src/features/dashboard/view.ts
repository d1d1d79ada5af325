/** The dashboard's elements: the window picker, the numbers, the charts and the status line. */
import { ApiError, messageOf } from '../../api';
import { byId, setText, showStatus } from '../../dom';
import type { ClickLog } from '../../endpoints/clicks';
import { formatClock, formatCount, formatRate, formatWindow } from '../../format';
import { ClickCharts } from './charts';
import { windowClicks } from './state';

export interface DashboardView {
  readonly picker: HTMLFormElement;
  readonly status: HTMLElement;
  readonly liveStatus: HTMLElement;
  readonly emptyNote: HTMLElement;
  readonly charts: ClickCharts;
}

export function dashboardView(): DashboardView {
  return {
    picker: byId('window-picker', HTMLFormElement),
    status: byId('dashboard-status', HTMLElement),
    liveStatus: byId('live-status', HTMLElement),
    emptyNote: byId('empty-note', HTMLElement),
    charts: new ClickCharts(byId('total-chart', HTMLCanvasElement), byId('rate-chart', HTMLCanvasElement)),
  };
}

export function showWindow(view: DashboardView, minutes: number): void {
  const input = view.picker.querySelector<HTMLInputElement>(`input[name="window"][value="${minutes}"]`);
  if (input) input.checked = true;
  for (const label of Array.from(document.querySelectorAll<HTMLElement>('[data-window-label]'))) {
    setText(label, formatWindow(minutes));
  }
}

export function renderLog(view: DashboardView, log: ClickLog, minutes: number, updatedAt: Date): void {
  const clicks = windowClicks(log);
  setText(byId('clicks-per-minute', HTMLElement), formatRate(log.clicks_per_minute));
  setText(byId('window-clicks', HTMLElement), formatCount(clicks));
  setText(byId('dashboard-total', HTMLElement), formatCount(log.total_clicks));
  byId('stats', HTMLElement).setAttribute('aria-busy', 'false');
  view.emptyNote.hidden = clicks > 0;
  view.charts.show(log, minutes);
  showStatus(view.status, `Updated at ${formatClock(updatedAt)}`, 'success');
}

export function showLoading(view: DashboardView): void {
  showStatus(view.status, 'Loading…');
}

export function showRefreshProblem(view: DashboardView, err: unknown, lastUpdated: Date | null): void {
  const reason =
    err instanceof ApiError && err.status === 0
      ? "Can't reach the server"
      : messageOf(err).replace(/\.$/, '');
  const since = lastUpdated ? ` (last updated at ${formatClock(lastUpdated)})` : '';
  showStatus(view.status, `${reason} — retrying…${since}`, 'warning');
}
