import { PUBLISH_WINDOW_MS, publishSlot, slotStart } from '../../lambdas/clicks/publish-window';

describe('the live publish slots', () => {
  it('publishes a batch at the start of the next slot, within one window', () => {
    for (const now of [0, 1, 249, 250, 251, 1_000_000_123]) {
      const at = slotStart(publishSlot(now, 250), 250);
      expect(at).toBeGreaterThan(now);
      expect(at - now).toBeLessThanOrEqual(250);
    }
  });

  it('gives every batch of one window the same slot, and the next window the next', () => {
    expect(publishSlot(1_000, 250)).toBe(publishSlot(1_249, 250));
    expect(publishSlot(1_250, 250)).toBe(publishSlot(1_000, 250) + 1);
  });

  it('whatever the batch rate, one claim wins per slot: at most one publish a window', () => {
    const claimed = new Set<number>();
    const publishes: number[] = [];
    // Ten shards, each counting a batch every 7 ms for two seconds.
    for (let now = 0; now < 2_000; now += 7)
      for (let shard = 0; shard < 10; shard += 1) {
        const slot = publishSlot(now);
        if (claimed.has(slot)) continue;
        claimed.add(slot);
        publishes.push(slotStart(slot));
      }
    const gaps = publishes.slice(1).map((at, i) => at - publishes[i]);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(PUBLISH_WINDOW_MS);
    expect(publishes.length).toBeLessThanOrEqual(2_000 / PUBLISH_WINDOW_MS + 1);
  });
});
