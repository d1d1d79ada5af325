import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';

const ROOT = resolve(__dirname, '..', '..');

/**
 * The longest a start of local mode may take before it has settled by itself, started or failed and
 * cleaned up: each emulator may take 60 s to answer and, if it stalls, gets one more try. Hooks and
 * tests that start local mode wait at least this long, for a start they gave up on would leave a
 * running local mode behind that keeps Jest from exiting.
 */
export const LOCAL_MODE_START_MS = 180_000;

export interface LocalProcess {
  readonly url: string;
  readonly child: ChildProcess;
  /** Resolves with the exit code once the process has ended. */
  readonly exited: Promise<number | null>;
}

/**
 * Starts `bin/local.ts` the way `npm start` does, as its own process, with everything it prints
 * appended to `logFile` so tests can read the handlers' logs.
 */
export function startLocalProcess(options: {
  dataDir: string;
  logFile: string;
  port?: number;
  /** More variables for bin/local.ts, e.g. the click rate limit. */
  env?: Record<string, string>;
  /**
   * Lead a process group of its own, as a shell runs a command in a terminal, so that a test can send
   * Ctrl-C the way the terminal does: to every process in the group.
   */
  ownProcessGroup?: boolean;
}): Promise<LocalProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', resolve(ROOT, 'bin', 'local.ts')], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: String(options.port ?? 0),
      LOCAL_DATA_DIR: options.dataDir,
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: options.ownProcessGroup ?? false,
  });
  const log = createWriteStream(options.logFile, { flags: 'a' });
  // Whole lines only: a pipe hands over chunks that may end mid-line, and two streams piped as chunks
  // into one file can splice a stderr line into a stdout one, which tests reading the log then trip on.
  for (const output of [child.stdout, child.stderr]) {
    createInterface({ input: output, crlfDelay: Infinity }).on('line', (line) => log.write(`${line}\n`));
  }
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  return new Promise((resolveStart, reject) => {
    let seen = '';
    const onData = (chunk: Buffer): void => {
      seen += chunk.toString('utf8');
      const match = /running at (http:\/\/\S+)/.exec(seen);
      if (match) {
        child.stdout.off('data', onData);
        resolveStart({ url: match[1], child, exited });
      }
    };
    child.stdout.on('data', onData);
    void exited.then((code) =>
      reject(new Error(`local mode exited with ${code} before it was ready; see ${options.logFile}`)),
    );
  });
}

export async function stopLocalProcess(
  local: LocalProcess,
  signal: NodeJS.Signals = 'SIGINT',
): Promise<number | null> {
  if (local.child.exitCode === null && local.child.signalCode === null) local.child.kill(signal);
  return local.exited;
}
