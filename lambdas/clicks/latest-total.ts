/**
 * The latest aggregate total this container knows, for the click's answer. A click must cost one
 * write and no read, so the total is read at most once per `maxAgeMs` per container, beside the
 * clicks rather than before them: a stale value is answered while a fresh one is fetched for the
 * next click. Only a container's very first click waits for the read. Reads of the total for
 * GET /api/clicks feed the same value.
 */
export class LatestTotal {
  private value: number | undefined;
  private readAt = 0;
  private inFlight: Promise<number> | undefined;

  constructor(
    private readonly read: () => Promise<number>,
    private readonly maxAgeMs = 1000,
    private readonly clock: () => number = Date.now,
    private readonly onRefreshError: (error: unknown) => void = () => undefined,
  ) {}

  async current(): Promise<number> {
    if (this.value === undefined) return this.refresh();
    if (this.clock() - this.readAt >= this.maxAgeMs) {
      // Not awaited: the answer goes out with what we have. A failed refresh is retried by the next click.
      this.refresh().catch(this.onRefreshError);
    }
    return this.value;
  }

  /** A total read elsewhere; totals only grow, so the larger value is the newer. */
  seen(total: number): void {
    this.value = Math.max(this.value ?? 0, total);
    this.readAt = this.clock();
  }

  private refresh(): Promise<number> {
    this.inFlight ??= this.read()
      .then((total) => {
        this.seen(total);
        return this.value ?? total;
      })
      .finally(() => (this.inFlight = undefined));
    return this.inFlight;
  }
}
