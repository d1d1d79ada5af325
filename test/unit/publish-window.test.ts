import { PublishWindow, waitBeforePublish } from '../../lambdas/clicks/publish-window';

describe('the live publish window', () => {
  it('lets the first publish go at once', () => {
    expect(waitBeforePublish(undefined, 1_000, 250)).toBe(0);
  });

  it('holds a publish until a window after the last one', () => {
    expect(waitBeforePublish(1_000, 1_000, 250)).toBe(250);
    expect(waitBeforePublish(1_000, 1_100, 250)).toBe(150);
    expect(waitBeforePublish(1_000, 1_250, 250)).toBe(0);
    expect(waitBeforePublish(1_000, 9_000, 250)).toBe(0);
  });

  it('never waits longer than a window, even if the clock went back', () => {
    expect(waitBeforePublish(5_000, 1_000, 250)).toBe(250);
  });

  it('keeps publishes at most one a window whatever the batch rate', () => {
    let clock = 0;
    const window = new PublishWindow(250, () => clock);
    const publishedAt: number[] = [];
    // A batch every 10 ms for two seconds, each waiting as the aggregator does.
    for (let batch = 0; batch < 200; batch += 1) {
      clock = Math.max(clock, batch * 10);
      clock += window.waitMs();
      window.published();
      publishedAt.push(clock);
    }
    const gaps = publishedAt.slice(1).map((at, i) => at - publishedAt[i]);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(250);
    // The batches that came while a publish waited are carried by the next one: ~4 a second.
    expect(publishedAt.filter((at) => at <= 2_000).length).toBeLessThanOrEqual(9);
  });
});
