/**
 * Clicks: the live global and personal totals and the "Click Me!" button.
 *
 * Every click gets its own Idempotency-Key, reused only when that same click is re-sent after a
 * lost answer, so the server counts it once however many tries it took.
 */
import { ApiError, messageOf, OFFLINE_MESSAGE, sendToSignIn } from '../api';
import { byId, el, setText, showStatus } from '../dom';
import { getMe } from '../endpoints/auth';
import { getTotals, postClick, type ClickTotals } from '../endpoints/clicks';
import { formatCount } from '../format';
import { newIdempotencyKey } from '../ids';
import { refreshHeader, startPage } from '../page';
import { Poller } from '../poll';
import { currentSession, onSessionChange, rememberUsername, sessionState } from '../session';
import { MonotonicTotals } from '../totals';

const POLL_INTERVAL_MS = 2_000;
const CLICK_ATTEMPTS = 4;
const RETRY_DELAYS_MS = [250, 1_000, 2_000];
const MAX_RETRY_AFTER_MS = 5_000;

startPage('clicks');

const session = currentSession();
if (!session) void sendToSignIn(sessionState().kind === 'expired');
else run(session.username);

function run(storedUsername: string): void {
  const usernameEl = byId('username', HTMLElement);
  const totalEl = byId('total-clicks', HTMLElement);
  const mineEl = byId('user-clicks', HTMLElement);
  const statsEl = byId('stats', HTMLElement);
  const button = byId('click-button', HTMLButtonElement);
  const clickStatus = byId('click-status', HTMLElement);
  const liveStatus = byId('live-status', HTMLElement);
  const totals = new MonotonicTotals();

  setText(usernameEl, storedUsername || 'you');

  function render(): void {
    const { totalClicks, userClicks } = totals.snapshot();
    for (const [element, value] of [
      [totalEl, totalClicks],
      [mineEl, userClicks],
    ] as const) {
      setText(element, value === null ? '—' : formatCount(value));
      if (value !== null) element.dataset.value = String(value);
    }
    statsEl.setAttribute('aria-busy', String(totalClicks === null));
  }

  function apply(update: ClickTotals): void {
    if (totals.apply({ totalClicks: update.total_clicks, userClicks: update.user_clicks })) render();
  }

  // /api/me is the authority on the spelling of the name; until it answers we show the one typed.
  let knowMe = false;
  async function loadMe(): Promise<void> {
    const me = await getMe();
    knowMe = true;
    setText(usernameEl, me.username);
    if (me.username !== storedUsername) {
      rememberUsername(me.username);
      refreshHeader('clicks');
    }
  }

  const poller = new Poller({
    intervalMs: POLL_INTERVAL_MS,
    task: async (signal) => {
      apply(await getTotals(signal));
      showStatus(liveStatus, 'Live: totals update every few seconds.', 'success');
      if (!knowMe) await loadMe().catch(() => undefined);
    },
    onError: (err) => {
      const reason = err instanceof ApiError && err.status === 0 ? "Can't reach the server" : messageOf(err);
      showStatus(liveStatus, `${reason.replace(/\.$/, '')} — retrying…`, 'warning');
    },
  });
  poller.start();

  async function sendClick(key: string): Promise<void> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        apply(await postClick(key));
        return;
      } catch (err) {
        if (!(err instanceof ApiError) || !err.retryable || attempt >= CLICK_ATTEMPTS) throw err;
        const wait =
          err.retryAfterSeconds !== undefined
            ? Math.min(err.retryAfterSeconds * 1000, MAX_RETRY_AFTER_MS)
            : RETRY_DELAYS_MS[attempt - 1];
        await new Promise((resolve) => window.setTimeout(resolve, wait));
      }
    }
  }

  let failedClicks = 0;
  button.addEventListener('click', () => {
    celebrate(button);
    sendClick(newIdempotencyKey()).then(
      () => {
        if (failedClicks > 0) {
          failedClicks = 0;
          showStatus(clickStatus, '');
        }
      },
      (err: unknown) => {
        failedClicks += 1;
        const reason = err instanceof ApiError && err.status === 0 ? OFFLINE_MESSAGE : messageOf(err);
        showStatus(clickStatus, `That click didn't go through. ${reason}`, 'error');
      },
    );
  });

  onSessionChange(() => {
    if (!currentSession()) {
      poller.stop();
      void sendToSignIn(false);
    }
  });
}

/** A little "+1" that floats off the button; purely visual, so hidden from assistive tech. */
function celebrate(button: HTMLButtonElement): void {
  button.classList.remove('is-pressed');
  void button.offsetWidth; // restart the CSS animation on rapid clicks
  button.classList.add('is-pressed');
  const bubble = el('span', { class: 'plus-one', 'aria-hidden': 'true' }, '+1');
  bubble.style.setProperty('--drift', `${Math.round(Math.random() * 60 - 30)}px`);
  bubble.addEventListener('animationend', () => bubble.remove());
  button.parentElement?.append(bubble);
}
