/**
 * The totals a page shows. Click counts only ever grow, so the newest truth is simply the largest
 * number seen: an answer to a poll sent before a click, arriving after that click's answer, can
 * never pull the display backwards.
 *
 * The global total comes from the stream aggregate and lags the user's own count by up to a second
 * or so. The user's own new clicks are in the global total already, even when the answer's total
 * does not show them yet, so the page adds them at once; the aggregate then catches up.
 */
export interface TotalsSnapshot {
  readonly totalClicks: number | null;
  readonly userClicks: number | null;
}

/** New numbers from an answer or a push; `userClicks` is absent when they were read signed out. */
export interface TotalsUpdate {
  readonly totalClicks: number;
  readonly userClicks?: number;
}

export class MonotonicTotals {
  private total: number | null = null;
  private mine: number | null = null;

  /** Returns true when something shown changed. */
  apply(update: TotalsUpdate): boolean {
    const before = this.snapshot();
    const ownNewClicks =
      update.userClicks !== undefined && this.mine !== null ? Math.max(0, update.userClicks - this.mine) : 0;
    this.total = Math.max((this.total ?? 0) + ownNewClicks, update.totalClicks);
    if (update.userClicks !== undefined) this.mine = Math.max(this.mine ?? 0, update.userClicks);
    // The global total includes everyone's clicks, so it is at least ours.
    if (this.mine !== null) this.total = Math.max(this.total, this.mine);
    const after = this.snapshot();
    return before.totalClicks !== after.totalClicks || before.userClicks !== after.userClicks;
  }

  snapshot(): TotalsSnapshot {
    return { totalClicks: this.total, userClicks: this.mine };
  }
}
