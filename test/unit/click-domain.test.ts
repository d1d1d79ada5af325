import { buildClickLog, minuteKey, windowMinutes } from '../../lambdas/clicks/domain';

describe('minute keys and windows', () => {
  it('keys a time by its UTC minute', () => {
    expect(minuteKey(new Date('2026-03-04T05:06:59.999Z'))).toBe('2026-03-04T05:06');
  });

  it('lists the N minutes ending now, oldest first, across hour and day boundaries', () => {
    expect(windowMinutes(new Date('2026-01-01T00:01:30Z'), 4)).toEqual([
      '2025-12-31T23:58',
      '2025-12-31T23:59',
      '2026-01-01T00:00',
      '2026-01-01T00:01',
    ]);
    expect(windowMinutes(new Date('2026-01-01T00:00:00Z'), 1440)).toHaveLength(1440);
  });
});

describe('buildClickLog', () => {
  const window = ['2026-01-01T00:00', '2026-01-01T00:01', '2026-01-01T00:02'];

  it('includes zero-click minutes and gives each minute the running total at its end', () => {
    const log = buildClickLog(
      window,
      new Map([
        ['2026-01-01T00:00', 3],
        ['2026-01-01T00:02', 2],
      ]),
      105,
    );
    expect(log.minutes).toEqual([
      { minute: '2026-01-01T00:00:00.000Z', clicks: 3, total: 103 },
      { minute: '2026-01-01T00:01:00.000Z', clicks: 0, total: 103 },
      { minute: '2026-01-01T00:02:00.000Z', clicks: 2, total: 105 },
    ]);
    expect(log.total_clicks).toBe(105);
  });

  it('computes clicks per minute as exactly the clicks in the window over N (the page rounds)', () => {
    expect(buildClickLog(window, new Map([['2026-01-01T00:01', 1]]), 1).clicks_per_minute).toBe(1 / 3);
    expect(buildClickLog(window, new Map(), 0).clicks_per_minute).toBe(0);
  });

  it('ignores counts outside the window', () => {
    const log = buildClickLog(window, new Map([['2025-12-31T23:59', 50]]), 50);
    expect(log.minutes.map((m) => m.clicks)).toEqual([0, 0, 0]);
    expect(log.clicks_per_minute).toBe(0);
  });

  it('never reports a negative running total when reads race writes', () => {
    const log = buildClickLog(window, new Map([['2026-01-01T00:02', 5]]), 3);
    expect(log.minutes.every((m) => m.total >= 0)).toBe(true);
  });
});
