import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lockDataDir } from '../../lib/local/lock';

const freshDir = () => mkdtempSync(join(tmpdir(), 'cc-lock-'));

describe('data directory lock', () => {
  it('refuses a second holder while the first is alive, and frees on release', () => {
    const dir = freshDir();
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 10000)']);
    try {
      writeFileSync(join(dir, 'local-mode.lock'), JSON.stringify({ pid: child.pid, children: [] }));
      expect(() => lockDataDir(dir)).toThrow(/already running/);
    } finally {
      child.kill();
    }
  });

  it('takes over a lock whose holder died, stopping the emulators it left behind', async () => {
    const dir = freshDir();
    const orphan = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 10000)']);
    const orphanExit = new Promise((done) => orphan.once('exit', done));
    writeFileSync(join(dir, 'local-mode.lock'), JSON.stringify({ pid: 2 ** 22 + 1, children: [orphan.pid] }));
    const lock = lockDataDir(dir);
    await expect(orphanExit).resolves.toBeDefined();
    lock.release();
    lockDataDir(dir).release();
  });
});
