/**
 * The handlers write one structured log line per request to stdout, as in Lambda. Under load that is
 * tens of thousands of lines, which would bury the report, so they are taken out of stdout here. They
 * are still formatted and written to this hook, so their cost stays in the measured latency (in Lambda
 * the runtime ships them to CloudWatch at a similar cost). Warnings and errors are kept for the report.
 * Metric lines (EMF, one per request that records a metric) are taken out the same way.
 */
export interface HandlerLogs {
  /** Lines seen per log level since the last reset. */
  counts(): Record<string, number>;
  /** `durationMs` of each request line since the last reset: the handler's own time, queueing excluded. */
  durations(): number[];
  /** The first few WARN/ERROR lines, as written. */
  problems(): readonly string[];
  reset(): void;
  restore(): void;
}

const HANDLER_LINE = /^\{"level":"([A-Z]+)"/;
/** A CloudWatch embedded-metric-format line (Powertools Metrics), counted as level `METRICS`. */
const METRICS_LINE = /^\{"_aws":/;
const DURATION = /"durationMs":(\d+(?:\.\d+)?)/;
const KEEP_PROBLEMS = 5;

export function captureHandlerLogs(): HandlerLogs {
  const stdout = process.stdout;
  const originalWrite = stdout.write;
  let counts: Record<string, number> = {};
  let durations: number[] = [];
  const problems: string[] = [];

  const filter = (chunk: unknown): boolean => {
    const text =
      typeof chunk === 'string' ? chunk : chunk instanceof Uint8Array ? Buffer.from(chunk).toString() : '';
    if (METRICS_LINE.test(text)) {
      counts.METRICS = (counts.METRICS ?? 0) + 1;
      return true;
    }
    const level = HANDLER_LINE.exec(text)?.[1];
    if (level === undefined) return false;
    counts[level] = (counts[level] ?? 0) + 1;
    const duration = DURATION.exec(text)?.[1];
    if (duration !== undefined) durations.push(Number(duration));
    if ((level === 'WARN' || level === 'ERROR') && problems.length < KEEP_PROBLEMS)
      problems.push(text.trimEnd());
    return true;
  };

  // Console (which Powertools' Logger wraps) looks `write` up on the stream at every call, so replacing
  // the property catches its lines without touching the handlers.
  stdout.write = function write(this: typeof stdout, ...args: Parameters<typeof originalWrite>): boolean {
    if (filter(args[0])) return true;
    return originalWrite.apply(this, args);
  } as typeof originalWrite;

  return {
    counts: () => ({ ...counts }),
    durations: () => [...durations],
    problems: () => [...problems],
    reset: () => {
      counts = {};
      durations = [];
    },
    restore: () => {
      stdout.write = originalWrite;
    },
  };
}
