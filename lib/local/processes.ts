import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { createServer } from 'node:net';

export class LocalModeError extends Error {}

/**
 * `count` distinct ports nobody listens on right now (the OS picks them). All are held open until
 * every one is chosen: asked one at a time, the OS may hand out the same port twice.
 */
export async function freePorts(count: number): Promise<number[]> {
  const servers = Array.from({ length: count }, () => createServer());
  try {
    return await Promise.all(
      servers.map(
        (server) =>
          new Promise<number>((resolve, reject) => {
            server.once('error', reject);
            server.listen(0, '127.0.0.1', () => {
              const address = server.address();
              if (typeof address === 'object' && address) resolve(address.port);
              else reject(new Error('no port'));
            });
          }),
      ),
    );
  } finally {
    await Promise.all(servers.map((server) => new Promise((done) => server.close(done))));
  }
}

export interface Child {
  readonly name: string;
  readonly process: ChildProcess;
  /** The last lines the child printed, for error messages when it fails to start. */
  output(): string;
  stop(): Promise<void>;
}

/**
 * Spawns `command`; `spawned` hears its process id at once, before anyone knows whether it works
 * (a failed spawn has none, and surfaces as the child's exit).
 */
export function startChild(
  name: string,
  command: string,
  args: string[],
  options: SpawnOptions,
  spawned?: (pid: number) => void,
): Child {
  const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
  if (child.pid !== undefined) spawned?.(child.pid);
  const lines: string[] = [];
  const keep = (chunk: Buffer): void => {
    lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    if (lines.length > 40) lines.splice(0, lines.length - 40);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    name,
    process: child,
    output: () => lines.join('\n'),
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** The child ran but never answered: a stalled start, unlike one that exits, is worth another try. */
export class NotReadyError extends LocalModeError {}

/**
 * How long an emulator may take to answer. It takes 2–4 s here; a loaded machine has been seen taking
 * more than 30 s for DynamoDB Local's JVM.
 */
const READY_TIMEOUT_MS = 60_000;
/** How often someone waiting is told that a start is still under way. */
const STILL_WAITING_EVERY_MS = 15_000;

/** Polls `probe` until it succeeds, the child exits, or time runs out; says so while it waits long. */
export async function waitUntilReady(
  child: Child,
  probe: () => Promise<unknown>,
  options: { timeoutMs?: number; stillWaitingEveryMs?: number; log?: (line: string) => void } = {},
): Promise<void> {
  const { timeoutMs = READY_TIMEOUT_MS, stillWaitingEveryMs = STILL_WAITING_EVERY_MS, log } = options;
  const started = Date.now();
  const deadline = started + timeoutMs;
  let nextNotice = started + stillWaitingEveryMs;
  for (;;) {
    if (child.process.exitCode !== null || child.process.signalCode !== null) {
      throw new LocalModeError(`${child.name} exited while starting:\n${child.output()}`);
    }
    try {
      await probe();
      return;
    } catch (error) {
      const now = Date.now();
      if (now > deadline) {
        throw new NotReadyError(
          `${child.name} did not become ready in ${timeoutMs / 1000} s (${String(error)}):\n${child.output()}`,
        );
      }
      if (log && now >= nextNotice) {
        log(
          `${child.name} has not answered after ${Math.round((now - started) / 1000)} s; waiting up to ${timeoutMs / 1000} s`,
        );
        nextNotice += stillWaitingEveryMs;
      }
      await new Promise((resolve) => setTimeout(resolve, 150));
    }
  }
}
