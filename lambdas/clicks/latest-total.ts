/**
 * The latest aggregate total this container knows. The total item is the one item every request
 * reads, so each container reads it at most once per `maxAgeMs` and answers from memory in between:
 * reads of that item grow with containers, not with requests.
 *
 * A click must cost one write and no read, so `current()` answers a value up to `staleLimitMs` old
 * at once and refreshes it beside the clicks; only an idle container's first click waits for a read.
 * `fresh()` (GET /api/clicks) never answers a value older than `maxAgeMs`.
 */
export class LatestTotal {
  private value: number | undefined;
  private readAt = 0;
  private inFlight: Promise<number> | undefined;

  constructor(
    private readonly read: () => Promise<number>,
    private readonly options: {
      readonly maxAgeMs: number;
      readonly staleLimitMs: number;
      readonly clock?: () => number;
      readonly onRefreshError?: (error: unknown) => void;
    },
  ) {}

  /** For a click's answer: at once, unless what we know is older than the stale limit. */
  async current(): Promise<number> {
    const age = this.age();
    if (this.value === undefined || age >= this.options.staleLimitMs) return this.refresh();
    if (age >= this.options.maxAgeMs) {
      // Not awaited: this answer goes out with what we have. A failed refresh is retried by the next click.
      this.refresh().catch((error: unknown) => this.options.onRefreshError?.(error));
    }
    return this.value;
  }

  /** For a read of the total: never older than `maxAgeMs`. */
  async fresh(): Promise<number> {
    if (this.value === undefined || this.age() >= this.options.maxAgeMs) return this.refresh();
    return this.value;
  }

  private age(): number {
    return (this.options.clock ?? Date.now)() - this.readAt;
  }

  private refresh(): Promise<number> {
    this.inFlight ??= this.read()
      .then((total) => {
        // Totals only grow: an eventually consistent read that lags one seen before changes nothing.
        this.value = Math.max(this.value ?? 0, total);
        this.readAt = (this.options.clock ?? Date.now)();
        return this.value;
      })
      .finally(() => (this.inFlight = undefined));
    return this.inFlight;
  }
}
