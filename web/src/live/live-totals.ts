/**
 * The click totals as they are pushed: subscribes to the totals channel and, whenever that is not
 * possible (no live endpoint, a refused or broken socket), says so and lets the page poll, while
 * it keeps trying to go live again with a growing pause.
 */
import { isTotalsEvent, TOTALS_CHANNEL, type TotalsEvent } from '../../../lambdas/contract/live-events';
import { openEventsSocket, type EventsSocket } from './events-socket';
import { siteConfig } from './site-config';

export interface LiveTotalsHandlers {
  readonly onTotals: (event: TotalsEvent) => void;
  /** Subscribed: pushes will come, the page stops polling. */
  readonly onLive: () => void;
  /** Not (or no longer) live: the page polls. */
  readonly onPolling: () => void;
}

/** A socket that is not subscribed by then is given up on. */
const SUBSCRIBE_TIMEOUT_MS = 5_000;
const RETRY_DELAYS_MS = [1_000, 2_000, 5_000, 10_000, 30_000];

export class LiveTotals {
  private socket: EventsSocket | undefined;
  private retryTimer: number | undefined;
  private failures = 0;
  private stopped = false;
  private state: 'connecting' | 'live' | 'polling' = 'connecting';

  constructor(private readonly handlers: LiveTotalsHandlers) {}

  start(): void {
    void siteConfig().then(({ live }) => {
      if (this.stopped) return;
      if (!live) return this.toPolling();
      this.connect(live);
    });
  }

  stop(): void {
    this.stopped = true;
    window.clearTimeout(this.retryTimer);
    this.socket?.close();
  }

  private connect(endpoint: Parameters<typeof openEventsSocket>[0]): void {
    let subscribed = false;
    const giveUp = window.setTimeout(() => socket.close(), SUBSCRIBE_TIMEOUT_MS);
    const socket = openEventsSocket(endpoint, TOTALS_CHANNEL, {
      onSubscribed: () => {
        subscribed = true;
        window.clearTimeout(giveUp);
        this.failures = 0;
        this.state = 'live';
        this.handlers.onLive();
      },
      onEvent: (event) => {
        if (isTotalsEvent(event)) this.handlers.onTotals(event);
      },
      onClosed: () => {
        window.clearTimeout(giveUp);
        if (this.stopped) return;
        if (!subscribed) this.failures += 1;
        this.toPolling();
        const delay = RETRY_DELAYS_MS[Math.min(this.failures, RETRY_DELAYS_MS.length - 1)];
        this.retryTimer = window.setTimeout(() => this.connect(endpoint), delay);
      },
    });
    this.socket = socket;
  }

  private toPolling(): void {
    if (this.state === 'polling') return;
    this.state = 'polling';
    this.handlers.onPolling();
  }
}
