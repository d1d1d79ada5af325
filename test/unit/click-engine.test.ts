import {
  after,
  batchParts,
  type ClickChange,
  clickChangeOf,
  sequenceKey,
} from '../../lambdas/clicks/aggregation';
import { LatestTotal } from '../../lambdas/clicks/latest-total';
import { rateWindows, retryAfterSeconds, windowLengthMs } from '../../lambdas/clicks/rate-limit';
import { CLICK_ATTRIBUTES } from '../../lambdas/clicks/store';
import { MonotonicTotals } from '../../web/src/totals';

const LIMIT = { perSecond: 20, burst: 40 };

describe('rate windows', () => {
  it('are burst / rate long, the second series shifted by half a window', () => {
    expect(windowLengthMs(LIMIT)).toBe(2000);
    const [a, b] = rateWindows(LIMIT, 10_500);
    expect(a).toEqual({ attribute: 'ra5', endsAtMs: 12_000 });
    expect(b).toEqual({ attribute: 'rb5', endsAtMs: 11_000 });
  });

  it('change name with every window, so an old count is never mistaken for the current one', () => {
    const names = new Set<string>();
    for (let t = 0; t < 10_000; t += 250) names.add(rateWindows(LIMIT, t)[0].attribute);
    expect(names.size).toBe(5);
  });

  it('let no more than the burst through in any half window, and the rate over time', () => {
    // Simulate the store's rule: a click passes if both current windows are under the burst.
    const counts = new Map<string, number>();
    const passed: number[] = [];
    for (let t = 0; t < 60_000; t += 5) {
      const windows = rateWindows(LIMIT, t);
      if (windows.every((w) => (counts.get(w.attribute) ?? 0) < LIMIT.burst)) {
        for (const w of windows) counts.set(w.attribute, (counts.get(w.attribute) ?? 0) + 1);
        passed.push(t);
      }
    }
    expect(passed.length).toBeLessThanOrEqual(60 * LIMIT.perSecond + LIMIT.burst);
    expect(passed.length).toBeGreaterThanOrEqual(60 * LIMIT.perSecond - LIMIT.burst);
    for (let i = 0; i + LIMIT.burst < passed.length; i++) {
      expect(passed[i + LIMIT.burst] - passed[i]).toBeGreaterThanOrEqual(windowLengthMs(LIMIT) / 2);
    }
  });

  it('ask to retry after the last full window ends, in whole seconds, at least 1', () => {
    const windows = rateWindows(LIMIT, 10_500);
    expect(retryAfterSeconds(windows, 10_500)).toBe(2);
    expect(retryAfterSeconds([windows[1]], 10_500)).toBe(1);
    expect(retryAfterSeconds([windows[1]], 10_999)).toBe(1);
  });
});

const image = (clicks: number, at: number) => ({
  clicks: { N: String(clicks) },
  clickedAt: { N: String(at) },
});
const record = (seq: string, clicks: number, at: number, old?: number) => ({
  eventName: old === undefined ? 'INSERT' : 'MODIFY',
  dynamodb: {
    SequenceNumber: seq,
    NewImage: image(clicks, at),
    ...(old === undefined ? {} : { OldImage: image(old, at - 1) }),
  },
});
const T = Date.parse('2026-01-01T00:00:30Z');

describe('stream records', () => {
  it('add the difference of the counts, in the minute of the click', () => {
    expect(clickChangeOf(record('7', 5, T, 4), CLICK_ATTRIBUTES)).toEqual({
      sequenceNumber: '7',
      clicks: 1,
      minute: '2026-01-01T00:00',
    });
    expect(clickChangeOf(record('8', 1, T), CLICK_ATTRIBUTES)?.clicks).toBe(1);
  });

  it('add nothing when the item is removed, yet still move the checkpoint', () => {
    const removed = { eventName: 'REMOVE', dynamodb: { SequenceNumber: '9', OldImage: image(3, T) } };
    expect(clickChangeOf(removed, CLICK_ATTRIBUTES)).toMatchObject({ sequenceNumber: '9', clicks: 0 });
    expect(clickChangeOf({ dynamodb: {} }, CLICK_ATTRIBUTES)).toBeUndefined();
  });

  it('compare by sequence number once padded, whatever their length', () => {
    expect(sequenceKey('99') < sequenceKey('100')).toBe(true);
    expect(sequenceKey('000000000000000000001')).toHaveLength(40);
  });
});

describe('batch parts', () => {
  const change = (seq: number, minute: number, clicks = 1): ClickChange => ({
    sequenceNumber: String(seq),
    clicks,
    minute: `m${String(minute).padStart(3, '0')}`,
  });

  it('keep a batch of few minutes whole, with its sums and first and last records', () => {
    const [part, ...rest] = batchParts([change(1, 1), change(2, 1), change(3, 2, 0), change(4, 2)], 98);
    expect(rest).toEqual([]);
    expect(part).toEqual({
      firstSequence: '1',
      lastSequence: '4',
      total: 3,
      minutes: new Map([
        ['m001', 2],
        ['m002', 1],
      ]),
    });
  });

  it('cut a backlog into parts of at most the given number of minutes, in order', () => {
    const changes = Array.from({ length: 250 }, (_, i) => change(i + 1, i));
    const parts = batchParts(changes, 98);
    expect(parts.map((p) => p.minutes.size)).toEqual([98, 98, 54]);
    expect(parts.map((p) => [p.firstSequence, p.lastSequence])).toEqual([
      ['1', '98'],
      ['99', '196'],
      ['197', '250'],
    ]);
  });

  it('leave after a checkpoint only the changes past it', () => {
    const changes = [change(5, 1), change(10, 1), change(100, 1)];
    expect(after(changes, sequenceKey('10')).map((c) => c.sequenceNumber)).toEqual(['100']);
  });
});

describe('the latest total a container knows', () => {
  const setup = () => {
    const state = { now: 0, stored: 10, reads: 0 };
    const latest = new LatestTotal(
      async () => {
        state.reads += 1;
        return state.stored;
      },
      { maxAgeMs: 1000, staleLimitMs: 5000, clock: () => state.now },
    );
    return { state, latest };
  };
  const settle = () => new Promise((resolve) => setImmediate(resolve));

  it('is read once at first, then answered to clicks from memory and refreshed beside them once a second', async () => {
    const { state, latest } = setup();
    expect(await latest.current()).toBe(10);
    state.stored = 20;
    state.now = 500;
    expect(await latest.current()).toBe(10);
    expect(state.reads).toBe(1);
    state.now = 1000;
    // Stale: this click still gets the known value, the next one the refreshed value.
    expect(await latest.current()).toBe(10);
    await settle();
    expect(await latest.current()).toBe(20);
    expect(state.reads).toBe(2);
  });

  it("makes an idle container's first click wait for a read rather than answer an old total", async () => {
    const { state, latest } = setup();
    await latest.current();
    state.stored = 30;
    state.now = 5000;
    expect(await latest.current()).toBe(30);
  });

  it('answers reads of the total no older than a second', async () => {
    const { state, latest } = setup();
    await latest.fresh();
    state.stored = 40;
    state.now = 999;
    expect(await latest.fresh()).toBe(10);
    state.now = 1000;
    expect(await latest.fresh()).toBe(40);
    expect(state.reads).toBe(2);
  });

  it('never goes back to a smaller value read late, and reads once for concurrent callers', async () => {
    const { state, latest } = setup();
    state.stored = 50;
    const values = await Promise.all([latest.fresh(), latest.fresh(), latest.current()]);
    expect(values).toEqual([50, 50, 50]);
    expect(state.reads).toBe(1);
    state.stored = 45;
    state.now = 2000;
    expect(await latest.fresh()).toBe(50);
  });
});

describe("the page's totals", () => {
  it("show the user's own click at once, even before the aggregate has it, and never go down", () => {
    const totals = new MonotonicTotals();
    totals.apply({ totalClicks: 100, userClicks: 10 });
    // The click's answer: the user's count is exact, the total is the aggregate from before the click.
    totals.apply({ totalClicks: 100, userClicks: 11 });
    expect(totals.snapshot()).toEqual({ totalClicks: 101, userClicks: 11 });
    // The aggregate catches up (and others clicked meanwhile).
    totals.apply({ totalClicks: 105, userClicks: 11 });
    expect(totals.snapshot().totalClicks).toBe(105);
    // A late answer to an older poll changes nothing.
    expect(totals.apply({ totalClicks: 99, userClicks: 10 })).toBe(false);
    expect(totals.snapshot()).toEqual({ totalClicks: 105, userClicks: 11 });
  });
});
