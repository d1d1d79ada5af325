import { buildClickLog, minuteKey, windowMinutes } from '../../lambdas/clicks/domain';
import { KnownMinutes } from '../../web/src/features/dashboard/state';

const NOW = new Date('2026-03-01T12:30:20Z');
const minuteAgo = (n: number): string => minuteKey(new Date(NOW.getTime() - n * 60_000));

describe('the dashboard’s known minutes (logs and pushes merged)', () => {
  it('builds the same log the server would from a log it read', () => {
    const counts = new Map([
      [minuteAgo(3), 4],
      [minuteAgo(0), 2],
    ]);
    const served = buildClickLog(windowMinutes(NOW, 15), counts, 50);
    const known = new KnownMinutes();
    known.addLog(served, 15);
    expect(known.logOf(15, NOW)).toEqual(served);
  });

  it('adds a push to its minute and the total, without counting a minute twice', () => {
    const known = new KnownMinutes();
    known.addLog(buildClickLog(windowMinutes(NOW, 15), new Map([[minuteAgo(0), 2]]), 10), 15);
    known.addPush({ total: 12, minute: minuteAgo(0), minuteClicks: 4, previousMinuteClicks: 0 });
    // An older push arriving late changes nothing.
    known.addPush({ total: 11, minute: minuteAgo(0), minuteClicks: 3, previousMinuteClicks: 0 });
    const log = known.logOf(15, NOW);
    expect(log.total_clicks).toBe(12);
    expect(log.minutes.at(-1)).toEqual({ minute: `${minuteAgo(0)}:00.000Z`, clicks: 4, total: 12 });
    expect(log.minutes.reduce((sum, m) => sum + m.clicks, 0)).toBe(4);
  });

  it('rolls the window on with the clock, and a new minute starts from its push', () => {
    const known = new KnownMinutes();
    known.addLog(buildClickLog(windowMinutes(NOW, 15), new Map([[minuteAgo(14), 5]]), 5), 15);
    const later = new Date(NOW.getTime() + 60_000);
    known.addPush({ total: 6, minute: minuteKey(later), minuteClicks: 1, previousMinuteClicks: 0 });
    const log = known.logOf(15, later);
    // The oldest minute left the window; the new one came in.
    expect(log.minutes.reduce((sum, m) => sum + m.clicks, 0)).toBe(1);
    expect(log.clicks_per_minute).toBeCloseTo(1 / 15);
    expect(log.total_clicks).toBe(6);
  });

  it('takes the last clicks of the minute before from a push just after the minute ended', () => {
    const known = new KnownMinutes();
    known.addLog(buildClickLog(windowMinutes(NOW, 15), new Map([[minuteAgo(0), 2]]), 10), 15);
    const later = new Date(NOW.getTime() + 60_000);
    known.addPush({ total: 13, minute: minuteKey(later), minuteClicks: 0, previousMinuteClicks: 5 });
    const log = known.logOf(15, later);
    expect(log.minutes.at(-2)).toEqual({ minute: `${minuteAgo(0)}:00.000Z`, clicks: 5, total: 13 });
    expect(log.minutes.at(-1)?.clicks).toBe(0);
  });

  it('covers only windows as wide as a log it read', () => {
    const known = new KnownMinutes();
    expect(known.covers(15)).toBe(false);
    known.addLog(buildClickLog(windowMinutes(NOW, 60), new Map(), 0), 60);
    expect(known.covers(15)).toBe(true);
    expect(known.covers(60)).toBe(true);
    expect(known.covers(240)).toBe(false);
  });
});
