import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { isFromWorker, type LoadJob, type LoadResult } from './load-protocol';

export interface LoadGenerator {
  /** The child's process id, for the bench's CPU accounting. */
  readonly pid: number | undefined;
  run(job: LoadJob): Promise<LoadResult>;
  stop(): Promise<void>;
}

/** Starts the load-generator child (bin/bench/load-worker.ts, run by the same tsx as this process). */
export function startLoadGenerator(): LoadGenerator {
  const child: ChildProcess = fork(join(__dirname, 'load-worker.ts'), [], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const pending = new Map<number, { resolve: (r: LoadResult) => void; reject: (e: Error) => void }>();
  let nextId = 0;
  let exited = false;

  child.on('message', (message: unknown) => {
    if (!isFromWorker(message)) return;
    const waiter = pending.get(message.id);
    pending.delete(message.id);
    if (message.type === 'result') waiter?.resolve(message.result);
    else waiter?.reject(new Error(`load generator: ${message.message}`));
  });
  child.on('exit', (code, signal) => {
    exited = true;
    for (const waiter of pending.values())
      waiter.reject(new Error(`load generator exited (${signal ?? `code ${code ?? '?'}`})`));
    pending.clear();
  });

  return {
    pid: child.pid,
    run(job) {
      if (exited) return Promise.reject(new Error('load generator is not running'));
      const id = ++nextId;
      return new Promise<LoadResult>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        child.send({ type: 'run', id, job });
      });
    },
    async stop() {
      if (exited) return;
      const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      await gone;
    },
  };
}
