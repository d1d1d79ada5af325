import { NotReadyError, startChild, waitUntilReady, type Child } from '../../lib/local/processes';
import { supervise } from '../../lib/local/supervisor';

const sleeper = (): Child =>
  startChild('sleeper', process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], {});
const refused = (): Promise<never> => Promise.reject(new Error('connect ECONNREFUSED'));

describe('waitUntilReady', () => {
  it('gives up on a child that never answers with a NotReadyError, saying while it waits that it still does', async () => {
    const child = sleeper();
    const lines: string[] = [];
    try {
      const waiting = waitUntilReady(child, refused, {
        timeoutMs: 700,
        stillWaitingEveryMs: 200,
        log: (line) => lines.push(line),
      });
      await expect(waiting).rejects.toBeInstanceOf(NotReadyError);
      await expect(waiting).rejects.toThrow(
        /sleeper did not become ready in 0.7 s \(Error: connect ECONNREFUSED\)/,
      );
      expect(lines.length).toBeGreaterThanOrEqual(2);
      expect(lines[0]).toMatch(/^sleeper has not answered after \d+ s; waiting up to 0.7 s$/);
    } finally {
      await child.stop();
    }
  });

  it('says nothing when the child answers at once', async () => {
    const child = sleeper();
    const lines: string[] = [];
    try {
      await waitUntilReady(child, () => Promise.resolve(), {
        stillWaitingEveryMs: 0,
        log: (l) => lines.push(l),
      });
      expect(lines).toEqual([]);
    } finally {
      await child.stop();
    }
  });
});

describe('supervise, first start', () => {
  it('starts a child that never answered once more, and keeps the one that does', async () => {
    const lines: string[] = [];
    const attempts: Child[] = [];
    const start = async (): Promise<Child> => {
      const child = sleeper();
      attempts.push(child);
      if (attempts.length === 1) {
        await child.stop();
        throw new NotReadyError('sleeper did not become ready in 60 s');
      }
      return child;
    };
    const supervised = await supervise('sleeper', start, (line) => lines.push(line));
    try {
      expect(attempts).toHaveLength(2);
      expect(lines).toEqual(['sleeper did not answer in time; starting it once more']);
      expect(attempts[1].process.exitCode).toBeNull();
    } finally {
      await supervised.stop();
    }
    expect(attempts[1].process.signalCode).toBe('SIGTERM');
  });

  it('does not start again a child that exited while starting, nor one that stalls twice', async () => {
    let calls = 0;
    const exits = (): Promise<Child> => {
      calls += 1;
      return Promise.reject(new Error('sleeper exited while starting'));
    };
    await expect(supervise('sleeper', exits, () => undefined)).rejects.toThrow('exited while starting');
    expect(calls).toBe(1);

    calls = 0;
    const stalls = (): Promise<Child> => {
      calls += 1;
      return Promise.reject(new NotReadyError(`stalled ${calls}`));
    };
    await expect(supervise('sleeper', stalls, () => undefined)).rejects.toThrow('stalled 2');
    expect(calls).toBe(2);
  });
});
