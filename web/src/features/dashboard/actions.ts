/**
 * The dashboard's behaviour: clicks over time for a chosen window, pushed while live and polled
 * otherwise. The log is public, so this works signed out too.
 */
import { getClickLog } from '../../endpoints/clicks';
import { LiveTotals } from '../../live/live-totals';
import { showPolled, showPushed } from '../../live/status';
import { Poller } from '../../poll';
import {
  KnownMinutes,
  REFRESH_INTERVAL_MS,
  windowFromUrl,
  writeWindowToUrl,
  type DashboardState,
} from './state';
import {
  dashboardView,
  renderLog,
  showLoading,
  showRefreshProblem,
  showWindow,
  type DashboardView,
} from './view';

/** While live, how often the charts are drawn again from what is known, so the window rolls on. */
const ROLL_INTERVAL_MS = 10_000;

interface Dashboard {
  readonly view: DashboardView;
  readonly state: DashboardState;
  readonly known: KnownMinutes;
}

function render({ view, state, known }: Dashboard): void {
  if (!state.lastUpdated) return;
  renderLog(view, known.logOf(state.minutes, new Date()), state.minutes, state.lastUpdated);
}

async function loadLog(dashboard: Dashboard, signal?: AbortSignal): Promise<void> {
  const { state, known } = dashboard;
  const asked = state.minutes;
  const log = await getClickLog(asked, signal);
  known.addLog(log, asked);
  // An answer for a window the user has since left is still known, but not drawn.
  if (asked !== state.minutes) return;
  state.lastUpdated = new Date();
  // The server's own window, by the server's clock; pushes then move it on (render).
  renderLog(dashboard.view, log, asked, state.lastUpdated);
}

export function startDashboard(): void {
  const view = dashboardView();
  const dashboard: Dashboard = {
    view,
    state: { minutes: windowFromUrl(), lastUpdated: null },
    known: new KnownMinutes(),
  };
  const { state, known } = dashboard;
  const onError = (err: unknown): void => showRefreshProblem(view, err, state.lastUpdated);
  const poller = new Poller({
    intervalMs: REFRESH_INTERVAL_MS,
    task: (signal) => loadLog(dashboard, signal),
    onError,
  });
  let rolling: number | undefined;
  let isLive = false;
  const live = new LiveTotals({
    onTotals: (event) => {
      known.addPush(event);
      state.lastUpdated = new Date();
      render(dashboard);
    },
    onLive: () => {
      isLive = true;
      poller.stop();
      showPushed(view.liveStatus);
      // What changed while not live; then pushes only.
      loadLog(dashboard).catch(onError);
      rolling = window.setInterval(() => render(dashboard), ROLL_INTERVAL_MS);
    },
    onPolling: () => {
      isLive = false;
      window.clearInterval(rolling);
      showPolled(view.liveStatus);
      poller.start();
    },
  });
  view.picker.addEventListener('change', () => {
    const chosen = Number(new FormData(view.picker).get('window'));
    if (!Number.isFinite(chosen) || chosen === state.minutes) return;
    state.minutes = chosen;
    writeWindowToUrl(chosen);
    showWindow(view, chosen);
    if (!isLive) {
      showLoading(view);
      poller.runNow();
    } else if (known.covers(chosen)) render(dashboard);
    else {
      showLoading(view);
      loadLog(dashboard).catch(onError);
    }
  });
  // The radios apply on change; there is nothing to submit.
  view.picker.addEventListener('submit', (event) => event.preventDefault());
  showWindow(view, state.minutes);
  showLoading(view);
  live.start();
}
