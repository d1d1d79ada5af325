import { REMEMBERED_KEYS } from '../../lambdas/contract/idempotency';
import { ClickWindow } from '../../web/src/features/clicks/click-window';

/** A send the test answers by hand: `started` says whether the window has let it go. */
function pendingSend(log: number[], number: number) {
  let answer: (value: number) => void = () => undefined;
  let fail: (error: Error) => void = () => undefined;
  const control = {
    started: false,
    answer: (): void => answer(number),
    fail: (): void => fail(new Error(`click ${number} gave up`)),
    send: () =>
      new Promise<number>((resolve, reject) => {
        control.started = true;
        log.push(number);
        answer = resolve;
        fail = reject;
      }),
  };
  return control;
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

/** Runs every send through the window; a click given up on is the test's to check, not unhandled. */
function runAll(window: ClickWindow, sends: readonly { send: () => Promise<number> }[]) {
  return sends.map((s) => {
    const result = window.run(s.send);
    result.catch(() => undefined);
    return result;
  });
}

describe('the click window (the page keeps every re-sent key among those the server remembers)', () => {
  it(`starts ${REMEMBERED_KEYS - 1} clicks while the first is unanswered, holds the next, and starts it once that is answered`, async () => {
    const waiting: number[] = [];
    const window = new ClickWindow((count) => waiting.push(count));
    const log: number[] = [];
    const sends = Array.from({ length: REMEMBERED_KEYS + 1 }, (_, i) => pendingSend(log, i));
    const results = runAll(window, sends);
    expect(log).toEqual([...Array(REMEMBERED_KEYS - 1).keys()]);
    expect(waiting).toEqual([1, 2]);

    sends[5].answer(); // not the oldest: nothing more may start
    await settle();
    expect(log).toHaveLength(REMEMBERED_KEYS - 1);

    sends[0].answer();
    await settle();
    expect(log).toEqual([...Array(REMEMBERED_KEYS).keys()]);
    expect(waiting).toEqual([1, 2, 1]);
    await expect(results[0]).resolves.toBe(0);

    sends[1].fail(); // a click given up on frees its place too, and its caller hears why
    await settle();
    await expect(results[1]).rejects.toThrow('click 1 gave up');
    expect(log).toEqual([...Array(REMEMBERED_KEYS + 1).keys()]);
    expect(waiting).toEqual([1, 2, 1, 0]);
  });

  it('never lets a click start that far past the oldest unanswered one, whatever order answers come in', async () => {
    const window = new ClickWindow();
    const log: number[] = [];
    const sends = Array.from({ length: 400 }, (_, i) => pendingSend(log, i));
    runAll(window, sends);
    let seed = 7;
    const random = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
    const answered = new Set<number>();
    while (answered.size < sends.length) {
      const open = sends.filter((s, i) => s.started && !answered.has(i));
      const pick = open[Math.floor(random() * open.length)];
      const number = sends.indexOf(pick);
      answered.add(number);
      if (random() < 0.2) pick.fail();
      else pick.answer();
      await settle();
      const oldest = sends.findIndex((_, i) => !answered.has(i));
      for (const started of log) {
        if (!answered.has(started) && oldest >= 0) expect(started - oldest).toBeLessThan(REMEMBERED_KEYS - 1);
      }
    }
    expect(log).toEqual([...Array(sends.length).keys()]);
  });
});
