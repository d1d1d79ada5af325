/**
 * Coalesces the aggregator's live publishes: at most one per window, however many batches arrive.
 * A batch that comes within the window of the last publish waits for the window's end and then
 * publishes the totals as they are then, which carry its clicks and any that came meanwhile; so the
 * number of publishes (and of pushes to each viewer) depends on time, never on the click rate.
 */
export const PUBLISH_WINDOW_MS = 250;

/** How long to wait before the next publish may go: 0 when the last one is a window old. */
export function waitBeforePublish(
  lastPublishedAt: number | undefined,
  now: number,
  windowMs: number = PUBLISH_WINDOW_MS,
): number {
  if (lastPublishedAt === undefined) return 0;
  return Math.max(0, Math.min(windowMs, lastPublishedAt + windowMs - now));
}

/** The window's state in one container (Lambda runs one invocation at a time in each). */
export class PublishWindow {
  private lastPublishedAt: number | undefined;

  constructor(
    private readonly windowMs: number = PUBLISH_WINDOW_MS,
    private readonly now: () => number = Date.now,
  ) {}

  waitMs(): number {
    return waitBeforePublish(this.lastPublishedAt, this.now(), this.windowMs);
  }

  published(): void {
    this.lastPublishedAt = this.now();
  }
}
