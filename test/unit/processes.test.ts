import { startChild } from '../../lib/local/processes';

describe('startChild', () => {
  it('reports the process id as soon as the child is spawned, before it has done anything', async () => {
    const reported: number[] = [];
    const child = startChild('sleeper', process.execPath, ['-e', 'setTimeout(() => {}, 10000)'], {}, (pid) =>
      reported.push(pid),
    );
    try {
      // Synchronously: a local mode killed right after this line must already have the id in its lock.
      expect(reported).toEqual([child.process.pid]);
    } finally {
      await child.stop();
    }
  });

  it('reports nothing for a command that could not be spawned', async () => {
    const reported: number[] = [];
    const child = startChild('missing', 'cloud-clicker-no-such-command', [], {}, (pid) => reported.push(pid));
    await new Promise((resolve) => child.process.once('error', resolve));
    expect(reported).toEqual([]);
  });
});
