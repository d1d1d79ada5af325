/** The clicks page's elements and how it draws the totals, the name and the messages. */
import { ApiError, messageOf, OFFLINE_MESSAGE } from '../../api';
import { byId, el, setText, showStatus } from '../../dom';
import { formatCount } from '../../format';
import { showPolled, showPushed } from '../../live/status';
import type { TotalsSnapshot } from '../../totals';

export interface ClicksView {
  readonly username: HTMLElement;
  readonly total: HTMLElement;
  readonly mine: HTMLElement;
  readonly stats: HTMLElement;
  readonly button: HTMLButtonElement;
  readonly clickStatus: HTMLElement;
  readonly liveStatus: HTMLElement;
}

export function clicksView(): ClicksView {
  return {
    username: byId('username', HTMLElement),
    total: byId('total-clicks', HTMLElement),
    mine: byId('user-clicks', HTMLElement),
    stats: byId('stats', HTMLElement),
    button: byId('click-button', HTMLButtonElement),
    clickStatus: byId('click-status', HTMLElement),
    liveStatus: byId('live-status', HTMLElement),
  };
}

export function showUsername(view: ClicksView, username: string): void {
  setText(view.username, username || 'you');
}

export function renderTotals(view: ClicksView, { totalClicks, userClicks }: TotalsSnapshot): void {
  for (const [element, value] of [
    [view.total, totalClicks],
    [view.mine, userClicks],
  ] as const) {
    setText(element, value === null ? '—' : formatCount(value));
    if (value !== null) element.dataset.value = String(value);
  }
  view.stats.setAttribute('aria-busy', String(totalClicks === null));
}

export function showLive(view: ClicksView): void {
  showPushed(view.liveStatus);
}

export function showPolling(view: ClicksView): void {
  showPolled(view.liveStatus);
}

export function showLiveProblem(view: ClicksView, err: unknown): void {
  const reason = err instanceof ApiError && err.status === 0 ? "Can't reach the server" : messageOf(err);
  showStatus(view.liveStatus, `${reason.replace(/\.$/, '')} — retrying…`, 'warning');
}

export function showClickFailed(view: ClicksView, err: unknown): void {
  const reason = err instanceof ApiError && err.status === 0 ? OFFLINE_MESSAGE : messageOf(err);
  showStatus(view.clickStatus, `That click didn't go through. ${reason}`, 'error');
}

/** Clicks held back until earlier ones are answered: they are not lost, only late. */
export function showClicksWaiting(view: ClicksView, count: number): void {
  const clicks = count === 1 ? '1 click waits' : `${formatCount(count)} clicks wait`;
  showStatus(view.clickStatus, `${clicks} for earlier ones to go through…`, 'warning');
}

export function clearClickProblem(view: ClicksView): void {
  showStatus(view.clickStatus, '');
}

/** A little "+1" that floats off the button; purely visual, so hidden from assistive tech. */
export function celebrate(button: HTMLButtonElement): void {
  button.classList.remove('is-pressed');
  void button.offsetWidth; // restart the CSS animation on rapid clicks
  button.classList.add('is-pressed');
  const bubble = el('span', { class: 'plus-one', 'aria-hidden': 'true' }, '+1');
  bubble.style.setProperty('--drift', `${Math.round(Math.random() * 60 - 30)}px`);
  bubble.addEventListener('animationend', () => bubble.remove());
  button.parentElement?.append(bubble);
}
