import { closeSync, openSync, readFileSync, renameSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { LocalModeError } from './processes';

interface LockContent {
  pid: number;
  children: number[];
}

const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

function readLock(path: string): LockContent | undefined {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as LockContent;
  } catch {
    return undefined;
  }
}

export interface DataDirLock {
  /** Records the emulator processes, so a later start can clean up after a crash of this one. */
  recordChildren(pids: number[]): void;
  release(): void;
}

/**
 * One local mode per data directory: two DynamoDB Local engines on one database file would corrupt it.
 * A lock left by a process that died is taken over, and the emulators it left behind are stopped.
 */
export function lockDataDir(dataDir: string): DataDirLock {
  const path = join(dataDir, 'local-mode.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx');
      writeSync(fd, JSON.stringify({ pid: process.pid, children: [] } satisfies LockContent));
      closeSync(fd);
      return {
        recordChildren(children) {
          // Write then rename, so a reader (or a crash) never sees a half-written lock.
          const next = `${path}.${process.pid}.tmp`;
          writeFileSync(next, JSON.stringify({ pid: process.pid, children } satisfies LockContent));
          renameSync(next, path);
        },
        release() {
          if (readLock(path)?.pid === process.pid) rmSync(path, { force: true });
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = readLock(path);
      if (holder && holder.pid !== process.pid && isAlive(holder.pid)) {
        throw new LocalModeError(
          `Local mode is already running on ${dataDir} (process ${holder.pid}). Stop it first (Ctrl-C in its terminal), ` +
            `or use another data directory with LOCAL_DATA_DIR=<dir>.`,
        );
      }
      for (const child of holder?.children ?? []) if (isAlive(child)) process.kill(child, 'SIGKILL');
      rmSync(path, { force: true });
    }
  }
  throw new LocalModeError(`Could not lock ${dataDir}`);
}
