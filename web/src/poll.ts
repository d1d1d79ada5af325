/**
 * Runs a task now and then again every interval, one at a time (a slow answer never piles up
 * requests). Backs off while failing, rests while the tab is hidden, and catches up at once when
 * it is shown again.
 */
export interface PollerOptions {
  readonly intervalMs: number;
  /** Longest wait between attempts while the task keeps failing. */
  readonly maxBackoffMs?: number;
  readonly task: (signal: AbortSignal) => Promise<void>;
  /** Called after each failure with the count of failures in a row. */
  readonly onError: (err: unknown, failuresInARow: number) => void;
}

export class Poller {
  private timer: number | undefined;
  private inFlight: AbortController | undefined;
  private failures = 0;
  private running = false;

  constructor(private readonly options: PollerOptions) {
    document.addEventListener('visibilitychange', () => {
      if (!this.running) return;
      if (document.hidden) this.clearTimer();
      else this.runNow();
    });
  }

  start(): void {
    this.running = true;
    this.runNow();
  }

  stop(): void {
    this.running = false;
    this.clearTimer();
    this.inFlight?.abort();
    this.inFlight = undefined;
  }

  /** Drops any request still on its way (its answer may be for old parameters) and asks again. */
  runNow(): void {
    if (!this.running) return;
    this.clearTimer();
    this.inFlight?.abort();
    const controller = new AbortController();
    this.inFlight = controller;
    void this.options
      .task(controller.signal)
      .then(
        () => {
          this.failures = 0;
        },
        (err: unknown) => {
          if (controller.signal.aborted) return;
          this.failures += 1;
          this.options.onError(err, this.failures);
        },
      )
      .finally(() => {
        if (this.inFlight !== controller) return;
        this.inFlight = undefined;
        this.schedule();
      });
  }

  private schedule(): void {
    if (!this.running || document.hidden) return;
    const { intervalMs, maxBackoffMs = intervalMs * 8 } = this.options;
    const delay = Math.min(intervalMs * 2 ** Math.min(this.failures, 6), Math.max(intervalMs, maxBackoffMs));
    this.timer = window.setTimeout(() => this.runNow(), delay);
  }

  private clearTimer(): void {
    if (this.timer !== undefined) window.clearTimeout(this.timer);
    this.timer = undefined;
  }
}
