import { messageOf } from '../../lambdas/shared/errors';

/**
 * Undo steps, run newest first: at the end of the run, on an error, or on Ctrl-C. Each runs once,
 * so a step may also be run early (local mode is stopped before the bundle timings, to free the CPU).
 */
export class Cleanup {
  private readonly steps: { readonly name: string; readonly run: () => Promise<void> }[] = [];
  interrupted = false;

  /** Registers a step; the returned function runs it now (once). */
  add(name: string, step: () => Promise<void> | void): () => Promise<void> {
    let running: Promise<void> | undefined;
    const run = (): Promise<void> => (running ??= Promise.resolve().then(step));
    this.steps.push({ name, run });
    return run;
  }

  async runAll(report: (line: string) => void): Promise<void> {
    for (const step of [...this.steps].reverse()) {
      try {
        await step.run();
      } catch (error) {
        report(`cleanup "${step.name}" failed: ${messageOf(error)}`);
      }
    }
  }

  /**
   * First Ctrl-C (or SIGTERM): clean up and exit 130. tsx relays the signal it gets to this process,
   * which also gets the terminal's own, so repeats within a second are the same Ctrl-C; a later one
   * exits at once.
   */
  exitOnSignal(report: (line: string) => void): void {
    let firstAt = 0;
    const onSignal = (signal: NodeJS.Signals): void => {
      if (this.interrupted) {
        if (Date.now() - firstAt < REPEAT_WINDOW_MS) return;
        report(`${signal} again: exiting without cleaning up`);
        process.exit(130);
      }
      this.interrupted = true;
      firstAt = Date.now();
      report(`\n${signal}: stopping local mode and cleaning up...`);
      void this.runAll(report).then(() => process.exit(130));
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  }
}

const REPEAT_WINDOW_MS = 1000;
