import { REMEMBERED_KEYS } from '../../../../lambdas/contract/idempotency';

/**
 * Paces the page's clicks so that re-sending one always counts once. The server remembers a user's
 * REMEMBERED_KEYS most recent keys; a click still unanswered may be re-sent with its key, so no click
 * starts while it would be the REMEMBERED_KEYS-th or later after the oldest click still unanswered.
 * Clicks wait in order, and start as the ones before them are answered (or given up on).
 */
export class ClickWindow {
  /** Numbers of the clicks not yet finished, started or waiting, oldest first. */
  private readonly unfinished: number[] = [];
  private readonly waiting: { readonly number: number; readonly start: () => void }[] = [];
  private nextNumber = 0;

  constructor(
    /** Called whenever the number of clicks waiting to start changes. */
    private readonly onWaiting: (count: number) => void = () => undefined,
    private readonly size = REMEMBERED_KEYS - 1,
  ) {}

  /** Runs `send` now, or once the clicks before it allow; settles as `send` does. */
  run<T>(send: () => Promise<T>): Promise<T> {
    const number = this.nextNumber++;
    this.unfinished.push(number);
    return new Promise<T>((resolve, reject) => {
      const start = (): void => {
        send()
          .then(resolve, reject)
          .finally(() => this.finish(number));
      };
      if (this.fits(number)) start();
      else {
        this.waiting.push({ number, start });
        this.onWaiting(this.waiting.length);
      }
    });
  }

  /** Clicks waiting to start. */
  get waitingCount(): number {
    return this.waiting.length;
  }

  private fits(number: number): boolean {
    return number - this.unfinished[0] < this.size;
  }

  private finish(number: number): void {
    this.unfinished.splice(this.unfinished.indexOf(number), 1);
    const before = this.waiting.length;
    while (this.waiting.length > 0 && this.fits(this.waiting[0].number)) this.waiting.shift()?.start();
    if (this.waiting.length !== before) this.onWaiting(this.waiting.length);
  }
}
