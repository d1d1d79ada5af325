/**
 * Dashboard: clicks over time for a chosen window, refreshing on its own. The log is public, so
 * this page works signed out too.
 */
import { ApiError, messageOf } from '../api';
import { ClickCharts } from '../dashboard/charts';
import { byId, setText, showStatus } from '../dom';
import { DEFAULT_LOG_WINDOW, getClickLog, LOG_WINDOWS, type ClickLog } from '../endpoints/clicks';
import { formatClock, formatCount, formatRate, formatWindow } from '../format';
import { startPage } from '../page';
import { Poller } from '../poll';

const REFRESH_INTERVAL_MS = 5_000;

startPage('dashboard');

const picker = byId('window-picker', HTMLFormElement);
const status = byId('dashboard-status', HTMLElement);
const emptyNote = byId('empty-note', HTMLElement);
const charts = new ClickCharts(byId('total-chart', HTMLCanvasElement), byId('rate-chart', HTMLCanvasElement));

function windowFromUrl(): number {
  const asked = Number(new URLSearchParams(window.location.search).get('minutes'));
  return (LOG_WINDOWS as readonly number[]).includes(asked) ? asked : DEFAULT_LOG_WINDOW;
}

let minutes = windowFromUrl();
let lastUpdated: Date | null = null;

function showWindow(): void {
  const input = picker.querySelector<HTMLInputElement>(`input[name="window"][value="${minutes}"]`);
  if (input) input.checked = true;
  for (const label of Array.from(document.querySelectorAll<HTMLElement>('[data-window-label]'))) {
    setText(label, formatWindow(minutes));
  }
}

function render(log: ClickLog): void {
  const windowClicks = log.minutes.reduce((sum, m) => sum + m.clicks, 0);
  setText(byId('clicks-per-minute', HTMLElement), formatRate(log.clicks_per_minute));
  setText(byId('window-clicks', HTMLElement), formatCount(windowClicks));
  setText(byId('dashboard-total', HTMLElement), formatCount(log.total_clicks));
  byId('stats', HTMLElement).setAttribute('aria-busy', 'false');
  emptyNote.hidden = windowClicks > 0;
  charts.show(log, minutes);
  lastUpdated = new Date();
  showStatus(status, `Updated at ${formatClock(lastUpdated)}`, 'success');
}

const poller = new Poller({
  intervalMs: REFRESH_INTERVAL_MS,
  task: async (signal) => {
    const asked = minutes;
    const log = await getClickLog(asked, signal);
    // An answer for a window the user has since left is of no use.
    if (asked === minutes) render(log);
  },
  onError: (err) => {
    const reason =
      err instanceof ApiError && err.status === 0
        ? "Can't reach the server"
        : messageOf(err).replace(/\.$/, '');
    const since = lastUpdated ? ` (last updated at ${formatClock(lastUpdated)})` : '';
    showStatus(status, `${reason} — retrying…${since}`, 'warning');
  },
});

picker.addEventListener('change', () => {
  const chosen = Number(new FormData(picker).get('window'));
  if (!Number.isFinite(chosen) || chosen === minutes) return;
  minutes = chosen;
  const url = new URL(window.location.href);
  url.searchParams.set('minutes', String(minutes));
  window.history.replaceState(null, '', url);
  showWindow();
  showStatus(status, 'Loading…');
  poller.runNow();
});
// The radios apply on change; there is nothing to submit.
picker.addEventListener('submit', (event) => event.preventDefault());

showWindow();
showStatus(status, 'Loading…');
poller.start();
