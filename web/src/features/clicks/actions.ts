/**
 * What the clicks page does: follow the totals (pushed while live, polled otherwise), count clicks,
 * follow the session.
 *
 * Every click gets its own Idempotency-Key, reused only when that same click is re-sent after a
 * lost answer, so the server counts it once however many tries it took; the click window keeps every
 * re-sent key among those the server still remembers.
 */
import { sendToSignIn } from '../../api';
import { getMe } from '../../endpoints/auth';
import { getTotals, postClick } from '../../endpoints/clicks';
import { newIdempotencyKey } from '../../ids';
import { refreshHeader } from '../../page';
import { LiveTotals } from '../../live/live-totals';
import { Poller } from '../../poll';
import { currentSession, onSessionChange, rememberUsername } from '../../session';
import type { TotalsUpdate } from '../../totals';
import { ClickWindow } from './click-window';
import { clicksState, POLL_INTERVAL_MS, retryDelayMs, totalsOf, type ClicksState } from './state';
import {
  celebrate,
  clearClickProblem,
  clicksView,
  renderTotals,
  showClickFailed,
  showLive,
  showLiveProblem,
  showClicksWaiting,
  showPolling,
  showUsername,
  type ClicksView,
} from './view';

interface ClicksPage {
  readonly view: ClicksView;
  readonly state: ClicksState;
  readonly clicks: ClickWindow;
}

/** The one way new totals reach the screen (poll answers, click answers, or any other source). */
export function updateTotals(page: ClicksPage, update: TotalsUpdate): void {
  if (page.state.totals.apply(update)) renderTotals(page.view, page.state.totals.snapshot());
}

async function loadMe(page: ClicksPage): Promise<void> {
  const me = await getMe();
  page.state.knowMe = true;
  showUsername(page.view, me.username);
  if (me.username !== page.state.storedUsername) {
    rememberUsername(me.username);
    refreshHeader('clicks');
  }
}

async function readTotals(page: ClicksPage, signal?: AbortSignal): Promise<void> {
  updateTotals(page, totalsOf(await getTotals(signal)));
  if (!page.state.knowMe) await loadMe(page).catch(() => undefined);
}

function totalsPoller(page: ClicksPage): Poller {
  return new Poller({
    intervalMs: POLL_INTERVAL_MS,
    task: async (signal) => {
      await readTotals(page, signal);
      showPolling(page.view);
    },
    onError: (err) => showLiveProblem(page.view, err),
  });
}

/**
 * While live, pushes carry everyone's total and the page sends no reads: one when it goes live
 * (for your own count, and what changed while it was not live), then only its own clicks' answers.
 */
function liveTotals(page: ClicksPage, poller: Poller): LiveTotals {
  return new LiveTotals({
    onTotals: (event) => updateTotals(page, { totalClicks: event.total }),
    onLive: () => {
      poller.stop();
      showLive(page.view);
      readTotals(page).catch((err: unknown) => showLiveProblem(page.view, err));
    },
    onPolling: () => {
      showPolling(page.view);
      poller.start();
    },
  });
}

async function sendClick(page: ClicksPage, key: string): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      updateTotals(page, totalsOf(await postClick(key)));
      return;
    } catch (err) {
      const wait = retryDelayMs(err, attempt);
      if (wait === null) throw err;
      await new Promise((resolve) => window.setTimeout(resolve, wait));
    }
  }
}

/** The click status line: a failure stays until a click goes through; otherwise, the clicks waiting. */
function showClickProgress(page: ClicksPage): void {
  if (page.state.failedClicks > 0) return;
  if (page.clicks.waitingCount > 0) showClicksWaiting(page.view, page.clicks.waitingCount);
  else clearClickProblem(page.view);
}

function onClick(page: ClicksPage): void {
  celebrate(page.view.button);
  page.clicks
    .run(() => sendClick(page, newIdempotencyKey()))
    .then(
      () => {
        if (page.state.failedClicks === 0) return;
        page.state.failedClicks = 0;
        showClickProgress(page);
      },
      (err: unknown) => {
        page.state.failedClicks += 1;
        showClickFailed(page.view, err);
      },
    );
}

export function startClicks(storedUsername: string): void {
  const page: ClicksPage = {
    view: clicksView(),
    state: clicksState(storedUsername),
    clicks: new ClickWindow(() => showClickProgress(page)),
  };
  showUsername(page.view, storedUsername);
  const poller = totalsPoller(page);
  const live = liveTotals(page, poller);
  live.start();
  page.view.button.addEventListener('click', () => onClick(page));
  onSessionChange(() => {
    if (currentSession()) return;
    live.stop();
    poller.stop();
    void sendToSignIn(false);
  });
}
