import { NotReadyError, type Child } from './processes';
import { messageOf } from '../../lambdas/shared/errors';

export interface Supervised {
  readonly name: string;
  /** From now on the child's exit is expected: it is not restarted. */
  standDown(): void;
  /** Stops the child for good (no restart). */
  stop(): Promise<void>;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Keeps an emulator running: if it dies, it is started again on the same port and data, with a
 * growing pause between failed attempts. Meanwhile the API answers 503, and recovers by itself.
 */
export async function supervise(
  name: string,
  start: () => Promise<Child>,
  log: (line: string) => void,
): Promise<Supervised> {
  let current = await startStalledOnceMore(name, start, log);
  let stopping = false;
  let restarting: Promise<void> | undefined;

  const watch = (child: Child): void => {
    child.process.once('exit', (code, signal) => {
      if (stopping) return;
      log(`${name} stopped unexpectedly (${signal ?? `exit code ${code}`}); restarting it`);
      restarting = (async () => {
        for (let attempt = 1; !stopping; attempt++) {
          try {
            current = await start();
            if (stopping) return;
            watch(current);
            log(`${name} is running again`);
            return;
          } catch (error) {
            log(`${name} did not restart (attempt ${attempt}): ${messageOf(error)}`);
            await sleep(Math.min(5000, 500 * attempt));
          }
        }
      })();
    });
  };
  watch(current);

  return {
    name,
    standDown() {
      stopping = true;
    },
    async stop() {
      stopping = true;
      await restarting;
      await current.stop();
    },
  };
}

/**
 * The first start, tried once more if the child ran but never answered: a JVM stalled at start-up
 * has been seen on a loaded machine, and a fresh one then starts in seconds. A child that exits while
 * starting is not retried: it would only say the same again.
 */
async function startStalledOnceMore(
  name: string,
  start: () => Promise<Child>,
  log: (line: string) => void,
): Promise<Child> {
  try {
    return await start();
  } catch (error) {
    if (!(error instanceof NotReadyError)) throw error;
    log(`${name} did not answer in time; starting it once more`);
    return start();
  }
}
