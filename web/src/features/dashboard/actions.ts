/**
 * The dashboard's behaviour: clicks over time for a chosen window, refreshing on its own. The log
 * is public, so this works signed out too.
 */
import { getClickLog } from '../../endpoints/clicks';
import { Poller } from '../../poll';
import { REFRESH_INTERVAL_MS, windowFromUrl, writeWindowToUrl, type DashboardState } from './state';
import {
  dashboardView,
  renderLog,
  showLoading,
  showRefreshProblem,
  showWindow,
  type DashboardView,
} from './view';

function logPoller(view: DashboardView, state: DashboardState): Poller {
  return new Poller({
    intervalMs: REFRESH_INTERVAL_MS,
    task: async (signal) => {
      const asked = state.minutes;
      const log = await getClickLog(asked, signal);
      // An answer for a window the user has since left is of no use.
      if (asked !== state.minutes) return;
      state.lastUpdated = new Date();
      renderLog(view, log, asked, state.lastUpdated);
    },
    onError: (err) => showRefreshProblem(view, err, state.lastUpdated),
  });
}

export function startDashboard(): void {
  const view = dashboardView();
  const state: DashboardState = { minutes: windowFromUrl(), lastUpdated: null };
  const poller = logPoller(view, state);
  view.picker.addEventListener('change', () => {
    const chosen = Number(new FormData(view.picker).get('window'));
    if (!Number.isFinite(chosen) || chosen === state.minutes) return;
    state.minutes = chosen;
    writeWindowToUrl(chosen);
    showWindow(view, chosen);
    showLoading(view);
    poller.runNow();
  });
  // The radios apply on change; there is nothing to submit.
  view.picker.addEventListener('submit', (event) => event.preventDefault());
  showWindow(view, state.minutes);
  showLoading(view);
  poller.start();
}
